package dev.isotp.cli;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.validation.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** isotp send: what can-utils' isotpsend does. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Send ISO-TP PDUs, like can-utils' isotpsend.",
                "The PDU comes from the arguments (hex bytes), from --length, or from standard input: one PDU per line.",
                "A send returns once the whole PDU has left; a missing flow control from the peer is an error (exit 1)."},
        footer = {"%nExamples:",
                "  isotp send -i vcan0 --txid 7E0 --rxid 7E8 22 F1 90",
                "  isotp send -i vcan0 --txid 7E0 --rxid 7E8 --answer --timeout 1000 \\",
                "      22F190",
                "  echo '3E 00' | isotp send -i can0 --mode normal_fixed_29 \\",
                "      --targetAddress 10 --sourceAddress F1",
                "  isotp send -i vcanfd0 --txid 123 --rxid 321 --canFd \\",
                "      --txDataLength 64 --length 4000"})
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Mixin
    TransmitOptions transmit;

    @Parameters(paramLabel = "HEX", arity = "0..*", description = "The PDU's bytes in hex: 22 F1 90 or 22F190.")
    List<String> data = new ArrayList<>();

    @Option(names = {"-D", "--length"}, paramLabel = "N", description = "Send a PDU of N bytes 00 01 02 ... instead of data.")
    Integer length;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1", description = "Send the PDU N times (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--gap", paramLabel = "MS", defaultValue = "0", description = "Pause between PDUs in ms (default ${DEFAULT-VALUE}).")
    long gapMillis;

    @Option(names = {"-a", "--answer"}, description = "After each PDU, receive one PDU in answer and print it.")
    boolean answer;

    @Option(names = {"-t", "--timeout"}, paramLabel = "MS",
            description = "With --answer: wait at most MS for it (default 5000; 0 waits without limit); exit 3 when it passes.")
    Long timeoutMillis;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "HEX",
            description = "How --answer prints a PDU: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    PduFormat format;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw OptionNames.refusal(spec, "--count", "must be 1 or more, not " + count);
        }
        if (gapMillis < 0) {
            throw OptionNames.refusal(spec, "--gap", "must be 0 or more milliseconds, not " + gapMillis);
        }
        if (length != null && !data.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either data or " + OptionNames.of(spec, "--length") + ", not both");
        }
        if (timeoutMillis != null && !answer) {
            throw new ParameterException(spec.commandLine(), OptionNames.of(spec, "--timeout")
                    + " needs --answer (a send itself waits for each flow control of the peer, 1 s at most unless the peer answers WAIT)");
        }
        if (answer && (transmit.sfBroadcast || transmit.cfBroadcast)) {
            // found before anything is sent: the socket could send, but its receive would be refused
            throw new ParameterException(spec.commandLine(), OptionNames.of(spec, "--answer") + " cannot be used with "
                    + OptionNames.of(spec, transmit.sfBroadcast ? "--sfBroadcast" : "--cfBroadcast")
                    + ": a broadcast socket receives nothing (the kernel registers no receiver for its rx id);"
                    + " receive the answers with `isotp recv` on the same ids");
        }
        IsoTpConfig.Builder builder = listen.builder(spec);
        transmit.defaultDataLength(builder);
        builder.receiveTimeoutMillis(timeoutMillis != null ? timeoutMillis : 5_000);
        IsoTpConfig config = builder.build();
        List<byte[]> pdus = new ArrayList<>();
        if (length != null) {
            if (length < 1) {
                throw OptionNames.refusal(spec, "--length", "must be 1 or more, not " + length);
            }
            refuseOversized(length, OptionNames.of(spec, "--length") + " " + length);
            byte[] pdu = new byte[length];
            for (int i = 0; i < length; i++) {
                pdu[i] = (byte) i;
            }
            pdus.add(pdu);
        } else if (!data.isEmpty()) {
            byte[] pdu = pdu(String.join(" ", data));
            refuseOversized(pdu.length, "the data");
            pdus.add(pdu);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (IsoTpSocket socket = IsoTpSocket.open(config)) {
            if (pdus.isEmpty()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(stdin(), StandardCharsets.US_ASCII));
                boolean any = false;
                int number = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    any = true;
                    transfer(socket, pdu(line), out, "line " + number + " of standard input");
                }
                if (!any) {
                    throw new ParameterException(spec.commandLine(), "no data: give hex bytes, --length, or lines on standard input");
                }
                return ExitCodes.OK;
            }
            for (int i = 0; i < count; i++) {
                if (i > 0 && gapMillis > 0) {
                    Thread.sleep(gapMillis);
                }
                for (byte[] pdu : pdus) {
                    transfer(socket, pdu, out, length != null ? OptionNames.of(spec, "--length") + " " + length : "the data");
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A PDU longer than the kernel's largest is the user's mistake, refused before any socket opens with the
     * runtime's own words (the runtime refuses it again at send).
     */
    private void refuseOversized(int size, String what) {
        try {
            IsoTpSocket.checkFitsKernel(size);
        } catch (IllegalArgumentException tooLarge) {
            throw new ParameterException(spec.commandLine(), what + ": " + tooLarge.getMessage());
        }
    }

    private void transfer(IsoTpSocket socket, byte[] pdu, PrintWriter out, String what) throws IOException {
        try {
            socket.send(pdu);
        } catch (IllegalArgumentException refused) {
            // the runtime refuses a payload the user gave (too large, too long for sfBroadcast): a usage error
            throw new ParameterException(spec.commandLine(), what + ": " + refused.getMessage());
        }
        if (answer) {
            out.println(format.format(socket.receive(), 0));
            out.flush();
        }
    }

    private byte[] pdu(String text) {
        try {
            byte[] pdu = HexConverters.bytes(text);
            if (pdu.length == 0) {
                throw new IllegalArgumentException("an empty PDU cannot be sent");
            }
            return pdu;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Standard input; tests replace it. */
    static InputStream stdin = System.in;

    private static InputStream stdin() {
        return stdin;
    }
}
