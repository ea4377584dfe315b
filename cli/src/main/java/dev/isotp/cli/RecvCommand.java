package dev.isotp.cli;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** isotp recv: what can-utils' isotprecv does. */
@Command(name = "recv", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Receive ISO-TP PDUs and print each on a line, like can-utils' isotprecv.",
                "Receives one PDU, --count N PDUs, or every PDU until stopped (--loop)."},
        footer = {"%nExamples:",
                "  isotp recv --iface vcan0 --rxid 7E0 --txid 7E8",
                "  isotp recv -i vcan0 --rxid 7E0 --txid 7E8 --loop --format both",
                "  isotp recv -i can0 --mode normal_fixed_29 --targetAddress F1 \\",
                "      --sourceAddress 10 --stmin 0A --bs 8 --timeout 2000"})
final class RecvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Mixin
    TransmitOptions transmit;

    @Option(names = {"-l", "--loop"}, description = "Keep receiving until stopped (Ctrl-C) or --timeout passes.")
    boolean loop;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Receive N PDUs, then exit (default 1).")
    Integer count;

    @Option(names = {"-t", "--timeout"}, paramLabel = "MS", defaultValue = "0",
            description = "Wait at most MS for each PDU (default 0: without limit); exit 3 when it passes.")
    long timeoutMillis;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "HEX",
            description = "How a PDU is printed: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    PduFormat format;

    @Override
    public Integer call() throws Exception {
        if (loop && count != null) {
            throw new ParameterException(spec.commandLine(), "give either " + OptionNames.of(spec, "--loop") + " or "
                    + OptionNames.of(spec, "--count") + ", not both");
        }
        if (count != null && count < 1) {
            throw OptionNames.refusal(spec, "--count", "must be 1 or more, not " + count);
        }
        IsoTpConfig.Builder configured = listen.builder(spec);
        transmit.defaultDataLength(configured);
        IsoTpConfig config = configured.receiveTimeoutMillis(timeoutMillis).build();
        PrintWriter out = spec.commandLine().getOut();
        int wanted = loop ? 0 : count == null ? 1 : count;
        try (IsoTpSocket socket = IsoTpSocket.open(config)) {
            for (int received = 0; wanted == 0 || received < wanted; received++) {
                out.println(format.format(socket.receive(), 0));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
