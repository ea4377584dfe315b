package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.internal.failure.Failure;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Limits;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Help text that can be copied as is, options named as the user spells them, and refusals that are usage errors. */
class HelpAndRefusalsTest {
    private static void assertExit(int expected, Cli cli) {
        assertEquals(expected, cli.exitCode, cli::toString);
    }

    private static CommandLine command(String name) {
        return Main.commandLine().getSubcommands().get(name);
    }

    /** The examples of a command's help, continuation lines joined: each one command. */
    private static List<String> examples(CommandSpec spec) {
        List<String> examples = new ArrayList<>();
        boolean in = false;
        StringBuilder current = new StringBuilder();
        for (String line : spec.usageMessage().footer()) {
            if (line.contains("Examples:")) {
                in = true;
                continue;
            }
            if (!in) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
            } else {
                examples.add(current.toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return examples;
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "recv", "sniff"})
    void everyExampleFitsTheHelpWidthAndIsACommandThatParsesAndValidates(String name) {
        CommandLine command = command(name);
        CommandSpec spec = command.getCommandSpec();
        int width = spec.usageMessage().width();
        for (String line : spec.usageMessage().footer()) {
            assertTrue(line.length() <= width, () -> "wider than " + width + ", picocli would break it: " + line);
        }
        List<String> examples = examples(spec);
        assertFalse(examples.isEmpty());
        for (String example : examples) {
            String commandText = example.contains("| ") ? example.substring(example.indexOf("| ") + 2) : example;
            List<String> words = List.of(commandText.split(" "));
            assertEquals(List.of("isotp", name), words.subList(0, 2), example);
            CommandSpec sub = Main.commandLine().parseArgs(words.subList(1, words.size()).toArray(new String[0]))
                    .subcommand().commandSpec();
            Object parsed = sub.userObject();
            IsoTpConfig.Builder builder;
            if (parsed instanceof SendCommand send) {
                builder = send.listen.builder(sub);
                send.transmit.defaultDataLength(builder);
            } else if (parsed instanceof RecvCommand recv) {
                builder = recv.listen.builder(sub);
                recv.transmit.defaultDataLength(builder);
            } else {
                builder = ((SniffCommand) parsed).listen.builder(sub).listenMode(true);
            }
            assertEquals(List.of(), builder.validate(), example);
        }
    }

    private static Set<String> namesOf(Object mixin) {
        return CommandSpec.forAnnotatedObject(mixin).options().stream().flatMap(o -> List.of(o.names()).stream())
                .collect(Collectors.toSet());
    }

    @Test
    void sniffListsOnlyTheOptionsOfListenMode() {
        Set<String> transmit = namesOf(new TransmitOptions());
        Set<String> sniff = command("sniff").getCommandSpec().options().stream()
                .flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
        for (String name : transmit) {
            assertFalse(sniff.contains(name), name + " does not apply in listen mode");
        }
        String help = Cli.run("sniff", "--help").out;
        for (String name : List.of("--stmin", "--bs", "--wftmax", "--txPadding", "--txDataLength", "--functional")) {
            assertFalse(help.contains(name), name + " in\n" + help);
        }
        Cli refused = Cli.run("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--stmin", "05");
        assertExit(ExitCodes.USAGE, refused);
        assertTrue(refused.err.contains("isotp sniff: --stmin sets what this side transmits; sniff listens only and sends nothing"),
                refused::toString);
        for (String command : List.of("send", "recv")) {
            Set<String> names = command(command).getCommandSpec().options().stream()
                    .flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
            assertTrue(names.containsAll(transmit), command);
            assertTrue(names.containsAll(namesOf(new ListenOptions())), command);
        }
    }

    @Test
    void txDataLengthListsTheValuesTheValidatorAllows() {
        String help = Cli.run("send", "--help").out.replaceAll("\\s+", " ");
        assertTrue(help.contains("one of " + Limits.txDataLengths() + ";"), help);
    }

    @Test
    void everyChannelAttributeHasAnOptionNamedAfterItsAnnotationElement() {
        // not options: fixed by each command (waitTxDone, listenMode), or not offered (send --answer waits --timeout,
        // a receive: requestTimeoutMillis belongs to generated clients' request methods, and so do the UDS settings:
        // the command speaks ISO-TP)
        Set<Attribute> notOptions = EnumSet.of(Attribute.WAIT_TX_DONE, Attribute.LISTEN_MODE,
                Attribute.DYNAMIC_FLOW_CONTROL, Attribute.RECEIVE_BUFFER_SIZE, Attribute.RECEIVE_TIMEOUT_MILLIS,
                Attribute.REQUEST_TIMEOUT_MILLIS, Attribute.UDS);
        for (Attribute attribute : Attribute.values()) {
            if (attribute.isUdsSetting()) {
                notOptions.add(attribute);
            }
        }
        CommandSpec send = command("send").getCommandSpec();
        for (Attribute attribute : EnumSet.complementOf(EnumSet.copyOf(notOptions))) {
            OptionSpec option = send.findOption("--" + attribute.elementName());
            assertTrue(option != null, "no option --" + attribute.elementName());
            assertEquals("--" + attribute.elementName(), OptionNames.of(send, attribute), attribute.name());
        }
        assertEquals("--timeout", OptionNames.of(send, Attribute.RECEIVE_TIMEOUT_MILLIS));
    }

    @Test
    void anAnswerIsNotAwaitedOnABroadcastSocketWhichReceivesNothing() {
        // refused before the socket is opened: on the host (no CAN) a later refusal would be a kernel error instead
        for (String flag : List.of("--sfBroadcast", "--cf-broadcast")) {
            Cli refused = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7DF", flag, "--answer", "3E 00");
            assertExit(ExitCodes.USAGE, refused);
            assertTrue(refused.err.contains("isotp send: --answer cannot be used with " + flag
                    + ": a broadcast socket receives nothing"), refused::toString);
        }
    }

    @Test
    void aBadValueIsReportedWithTheOptionSpellingTheUserTyped() {
        Cli alias = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--tx-dl", "12", "--padding", "1FF", "22");
        assertExit(ExitCodes.USAGE, alias);
        assertTrue(alias.err.contains("  --tx-dl: txDataLength 12 needs CAN FD"), alias::toString);
        assertTrue(alias.err.contains("  --padding: txPadding 0x1FF does not fit in a byte"), alias::toString);

        Cli element = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--txDataLength=12",
                "--txPadding", "1FF", "22");
        assertTrue(element.err.contains("  --txDataLength: txDataLength 12 needs CAN FD"), element::toString);
        assertTrue(element.err.contains("  --txPadding: txPadding 0x1FF does not fit in a byte"), element::toString);

        Cli kebab = Cli.run("recv", "-i", "vcan0", "--mode", "extended_11", "--rx-id", "7E8", "--tx-id", "7E0",
                "--target-address", "100", "--sa", "F1");
        assertTrue(kebab.err.contains("  --target-address: targetAddress 0x100 does not fit in a byte"), kebab::toString);

        Cli untyped = Cli.run("recv", "-i", "vcan0", "--rx-id", "7E8");
        assertTrue(untyped.err.contains("  --txid: txid is missing"), untyped::toString);

        Cli converted = Cli.run("send", "-i", "vcan0", "--rx-id", "7G8", "--txid", "7E0", "22");
        assertExit(ExitCodes.USAGE, converted);
        assertTrue(converted.err.contains("'--rx-id'") && converted.err.contains("'7G8' is not a hexadecimal number"),
                converted::toString);

        Cli count = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "-n", "0", "22");
        assertTrue(count.err.contains("isotp send: -n must be 1 or more, not 0"), count::toString);
    }

    @Test
    void aLengthOverTheKernelsLargestPduIsAUsageErrorWithTheRuntimesMessage() {
        Cli cli = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--length", "70000");
        assertExit(ExitCodes.USAGE, cli);
        String expected = Failure.payloadTooLargeForKernel(70000, KernelInfo.maxPduSize(),
                        KernelInfo.maxPduSizeIsAParameter(), Limits.MAX_PDU_SIZE_CEILING);
        assertEquals("isotp send: --length 70000: " + expected + "\nsee: isotp send --help\n", cli.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "send -i vcan0 --rxid 7E8 --txid 7E0 --length 0",
        "send -i vcan0 --rxid 7E8 --txid 7E0 -D -5",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --length 99999999999",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --length 2000000",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --count -1 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --gap -5 -n 2 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --answer --timeout -1 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --format xml 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --bs -1 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --frameTxTimeNanos -1 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --txStminNanos 99999999999 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --stmin FFFFFFFFFF 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 --sfBroadcast --cfBroadcast 22",
        "send -i vcan0 --rxid 7E8 --txid 7E0 2",
        "send -i this-name-is-far-too-long0 --rxid 7E8 --txid 7E0 22",
        "recv -i vcan0 --rxid 7E8 --txid 7E0 --count 0",
        "recv -i vcan0 --rxid 7E8 --txid 7E0 --timeout -3",
        "recv -i vcan0 --rxid FFFFFFFFFFFFFFFFF --txid 7E0",
        "sniff -i vcan0 --rxid 7E8 --txid 7E0 --count 0",
        "sniff -i vcan0 --rxid 7E8 --txid 7E0 --head -1",
        "sniff -i vcan0 --rxid 7E8 --txid 7E0 --timeout -1",
        "sniff -i vcan0 --rxid 7E8 --txid 7E0 --timestamp never",
        "sniff -i vcan0 --rxid 7E8 --txid 7E8",
    })
    void everyRefusalOfATypedValueIsExitTwoWithAMessageAndNoTrace(String line) {
        Cli cli = Cli.run(line.split(" "));
        assertExit(ExitCodes.USAGE, cli);
        assertTrue(cli.err.startsWith("isotp " + line.substring(0, line.indexOf(' ')) + ": "), cli::toString);
        assertFalse(cli.err.contains("\tat ") || cli.err.contains("Exception"), cli::toString);
        assertEquals("", cli.out);
    }
}
