package dev.isotp.samples;

import dev.isotp.Address;
import dev.isotp.ChannelOverrides;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.samples.di.DaggerDiagnosticsComponent;
import dev.isotp.samples.uds.Hex;
import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * The demo: an ECU simulator and a diagnostic tester talk UDS over ISO-TP on one CAN interface. The tester asks for
 * TesterPresent, the VIN, a 3 KiB memory block and its CRC, a routine the ECU answers with "response pending" first,
 * and an identifier the ECU does not have; it checks each
 * answer and prints it with its timing.
 *
 * <pre>
 * Demo [--iface NAME] [--role both|ecu|tester] [--count N]
 *   --iface NAME   the CAN interface (default vcan0)
 *   --role both    ECU simulator and tester in this process (default)
 *   --role ecu     only the ECU simulator: answers until stopped (or N requests)
 *   --role tester  only the tester, against an ECU simulator elsewhere on the bus
 * </pre>
 *
 * Exit code: 0 every check passed (or the ECU served its requests), 1 a check failed or an I/O error, 2 bad arguments.
 */
public final class Demo {
    /** An identifier the simulated ECU does not have. */
    public static final int UNKNOWN_IDENTIFIER = 0xBEEF;

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String iface = "vcan0";
        String role = "both";
        int count = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--iface" -> iface = args[++i];
                    case "--role" -> role = args[++i];
                    case "--count" -> count = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        out.println("usage: Demo [--iface NAME] [--role both|ecu|tester] [--count N]");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (!List.of("both", "ecu", "tester").contains(role)) {
                throw new IllegalArgumentException("--role must be both, ecu or tester, not " + role);
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("demo: " + (e instanceof ArrayIndexOutOfBoundsException ? "a value is missing after " + args[args.length - 1] : e.getMessage()));
            err.println("usage: Demo [--iface NAME] [--role both|ecu|tester] [--count N]");
            return 2;
        }
        try {
            return new Demo(out).run(iface, role, count);
        } catch (InvalidConfigurationException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            err.println("demo: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return 1;
        }
    }

    private int run(String iface, String role, int count) throws IOException {
        Address ecuAddress = IsoTp_EcuSimulator.CONFIG.address();
        Address testerAddress = IsoTp_DiagnosticTester.CONFIG.address();
        out.println("isotp-channels demo on " + iface + " (" + ecuAddress.mode() + ")");
        if (role.equals("ecu")) {
            out.println("  ECU simulator 0x10: receives " + id(ecuAddress.rxid()) + ", transmits " + id(ecuAddress.txid())
                    + "; answering " + (count == 0 ? "until stopped (Ctrl-C)" : count + " requests"));
            try (EcuSimulator channel = new IsoTp_EcuSimulator(ChannelOverrides.iface(iface))) {
                int served = new Ecu(channel).serve(count, line -> out.println("  " + line));
                out.println("ECU simulator answered " + served + " requests");
            }
            return 0;
        }
        EcuSimulator ecuChannel = null;
        Thread ecuThread = null;
        Ecu ecu = null;
        AtomicReference<Throwable> ecuFailure = new AtomicReference<>();
        try {
            if (role.equals("both")) {
                ecuChannel = new IsoTp_EcuSimulator(ChannelOverrides.iface(iface));
                ecu = new Ecu(ecuChannel);
                Ecu serving = ecu;
                ecuThread = new Thread(() -> {
                    try {
                        serving.serve(0, line -> { });
                    } catch (IOException | RuntimeException e) {
                        ecuFailure.set(e);
                    }
                }, "ecu-simulator");
                ecuThread.setDaemon(true);
                ecuThread.start();
                out.println("  ECU simulator 0x10: receives " + id(ecuAddress.rxid()) + ", transmits " + id(ecuAddress.txid())
                        + ", pads frames with 0xCC");
            }
            out.println("  tester 0xF1 (injected by Dagger): transmits " + id(testerAddress.txid()) + ", receives "
                    + id(testerAddress.rxid()) + ", block size 16");
            out.println();
            try (DiagnosticSession session = DaggerDiagnosticsComponent.factory().create(iface).session()) {
                test(session);
            }
        } finally {
            if (ecu != null) {
                ecu.stop();
                ecuThread.interrupt();
                try {
                    ecuThread.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ecuChannel.close();
            }
        }
        if (ecuFailure.get() != null) {
            failures.add("the ECU simulator failed: " + ecuFailure.get());
        }
        out.println();
        if (failures.isEmpty()) {
            out.println("demo: all " + checks + " checks passed");
            return 0;
        }
        out.println("demo: " + failures.size() + " of " + checks + " checks FAILED:");
        failures.forEach(f -> out.println("  - " + f));
        return 1;
    }

    private void test(DiagnosticSession session) throws IOException {
        DiagnosticSession.Timed present = session.request(UdsRequest.testerPresent());
        check("TesterPresent", UdsRequest.testerPresent(), present, "7E 00".equals(present.response().toString()), "");

        DiagnosticSession.Timed vin = session.readDataByIdentifier(Ecu.VIN);
        String vinText = vin.response().isPositiveFor(UdsRequest.READ_DATA_BY_IDENTIFIER)
                ? new String(payload(vin.response()), StandardCharsets.US_ASCII) : "";
        check("VIN (F190)", UdsRequest.readDataByIdentifier(Ecu.VIN), vin,
                hasIdentifier(vin.response(), Ecu.VIN) && vinText.matches("[A-HJ-NPR-Z0-9]{17}"), "\"" + vinText + "\"");

        DiagnosticSession.Timed block = session.readDataByIdentifier(Ecu.MEMORY_BLOCK);
        byte[] blockBytes = payload(block.response());
        int length = block.response().length();
        check("memory block (FD00)", UdsRequest.readDataByIdentifier(Ecu.MEMORY_BLOCK), block,
                hasIdentifier(block.response(), Ecu.MEMORY_BLOCK) && blockBytes.length == Ecu.MEMORY_BLOCK_SIZE,
                String.format(Locale.ROOT, "%d bytes in %d CAN frames, %.0f KiB/s", length, classicFrames(length),
                        length / 1024.0 / (block.nanos() / 1e9)));

        DiagnosticSession.Timed crc = session.readDataByIdentifier(Ecu.MEMORY_BLOCK_CRC);
        CRC32 computed = new CRC32();
        computed.update(blockBytes);
        byte[] crcBytes = payload(crc.response());
        long announced = crcBytes.length == 4
                ? ((crcBytes[0] & 0xFFL) << 24 | (crcBytes[1] & 0xFF) << 16 | (crcBytes[2] & 0xFF) << 8 | (crcBytes[3] & 0xFF)) : -1;
        check("block CRC-32 (FD01)", UdsRequest.readDataByIdentifier(Ecu.MEMORY_BLOCK_CRC), crc,
                hasIdentifier(crc.response(), Ecu.MEMORY_BLOCK_CRC) && announced == computed.getValue(),
                String.format(Locale.ROOT, "CRC-32 %08X, block's %08X", announced, computed.getValue()));

        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
        dev.isotp.IsoTpChannels.onResponsePending(session.channel(), (sid, count) -> pending.set(count));
        DiagnosticSession.Timed routine = session.request(UdsRequest.startRoutine(Ecu.ERASE_MEMORY));
        check("routine (FF00)", UdsRequest.startRoutine(Ecu.ERASE_MEMORY), routine,
                routine.response().isPositiveFor(UdsRequest.ROUTINE_CONTROL) && pending.get() == Ecu.PENDING_ANSWERS,
                pending.get() + " response-pending answers (7F 31 78) waited out");

        DiagnosticSession.Timed unknown = session.readDataByIdentifier(UNKNOWN_IDENTIFIER);
        check("unknown id (BEEF)", UdsRequest.readDataByIdentifier(UNKNOWN_IDENTIFIER), unknown,
                unknown.response().isNegative() && unknown.response().negativeResponseCode() == UdsResponse.REQUEST_OUT_OF_RANGE
                        && "7F 22 31".equals(unknown.response().toString()),
                "negative response: requestOutOfRange");
    }

    private void check(String what, UdsRequest request, DiagnosticSession.Timed answer, boolean ok, String detail) {
        checks++;
        out.println(String.format(Locale.ROOT, "  %-20s %-11s -> %-31s %6.1f ms  %s%s", what, request,
                Hex.of(answer.response().toBytes(), 5), answer.millis(), ok ? "ok" : "FAILED",
                detail.isEmpty() ? "" : "  " + detail));
        if (!ok) {
            failures.add(what + ": unexpected answer " + Hex.of(answer.response().toBytes(), 16));
        }
    }

    private static boolean hasIdentifier(UdsResponse response, int identifier) {
        byte[] data = response.data();
        return response.isPositiveFor(UdsRequest.READ_DATA_BY_IDENTIFIER) && data.length >= 2
                && ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) == identifier;
    }

    /** The value after 0x62 and the two identifier bytes. */
    private static byte[] payload(UdsResponse response) {
        byte[] data = response.data();
        return data.length < 2 ? new byte[0] : Arrays.copyOfRange(data, 2, data.length);
    }

    /** CAN frames of one PDU on classic CAN: a single frame, or a first frame of 6 bytes and consecutive frames of 7. */
    static int classicFrames(int length) {
        return length <= 7 ? 1 : 1 + (length - 6 + 6) / 7;
    }

    private static String id(int canId) {
        return String.format(Locale.ROOT, "0x%X", canId);
    }
}
