package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Backend;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.kernel.RawCanBus;
import dev.isotp.spi.CanFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine on CAN_RAW against the kernel's ISO-TP socket on vcan0 / vcanfd0, frame for frame: each scenario runs
 * kernel to kernel, engine to kernel (the engine sends) and kernel to engine (the engine receives and sends the flow
 * controls); the frames of all three runs must be the same, in the same order. STmin is checked as a lower bound on
 * the engine's consecutive frames. The kernel's frames are written as digests for the host's replay on the virtual bus.
 */
@Tag("kernel")
class DifferentialKernelTest {
    /** Slack for timestamp granularity; the times are the kernel's arrival stamps (SIOCGSTAMPNS), not the reader's. */
    private static final long TIMING_SLACK_NANOS = 50_000L;

    @Test
    void theEngineSendsAndReceivesTheKernelsFrames() throws Exception {
        List<Scenario> scenarios = Scenario.selected();
        List<String> failures = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        long frames = 0;
        long start = System.nanoTime();
        // 5.10's sender races a flow control that arrives before it processed the echo of the block's last frame
        // (see RETRIED); a user-space receiver triggers it even when repeated: there, the kernel-to-engine run is
        // reported, not judged. The engine's own frames (engine to kernel) are judged on every kernel.
        boolean kernelSenderRace = dev.isotp.kernel.KernelInfo.release().startsWith("5.10.");
        List<String> race = new ArrayList<>();
        for (Scenario s : scenarios) {
            try {
                List<Transfer.Seen> kernel = run(s, "kernel to kernel", Backend.kernel(), Backend.kernel());
                digests.add(s + "\t" + Transfer.digest(Transfer.text(kernel)));
                List<Transfer.Seen> engineSends = run(s, "engine to kernel", Backend.canRaw(), Backend.kernel());
                List<Transfer.Seen> engineReceives;
                try {
                    engineReceives = run(s, "kernel to engine", Backend.kernel(), Backend.canRaw());
                } catch (Exception e) {
                    if (!kernelSenderRace) {
                        throw e;
                    }
                    race.add(s + ": " + e.getMessage());
                    engineReceives = null;
                }
                // each direction's frames in their order: which of two directions a recording node saw first is not
                // the bus's (5.10 under emulation stamped a flow control before the first frame that caused it)
                boolean addressByte = s.sender().address().mode().extendedAddressing();
                List<String> k = Transfer.byDirection(Transfer.text(kernel), addressByte);
                List<String> es = Transfer.byDirection(Transfer.text(engineSends), addressByte);
                List<String> er = engineReceives == null ? k
                        : Transfer.byDirection(Transfer.text(engineReceives), addressByte);
                if (!k.equals(es)) {
                    failures.add(s + ", engine sending: " + Transfer.firstDifference(k, es));
                }
                if (!k.equals(er)) {
                    (kernelSenderRace ? race : failures).add(s + ", engine receiving: " + Transfer.firstDifference(k, er));
                }
                String gap = stminHonoured(s, engineSends);
                if (gap != null) {
                    failures.add(s + ", engine sending: " + gap);
                }
                frames += k.size() + es.size() + er.size();
            } catch (Exception | AssertionError e) {
                failures.add(s + ": " + e);
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String summary = String.format("differential (%s): %d scenarios of %d, %d transfers, %d frames compared, "
                + "%d failed, %d transfers repeated (a timer ran out, or the recording missed the start), %d s",
                Scenario.full() ? "full matrix" : "seeded sample " + Scenario.SAMPLE_SEED, scenarios.size(),
                Scenario.all().size(), 3 * scenarios.size(), frames, failures.size(), RETRIED.size(), seconds);
        System.out.println(summary);
        Path out = Paths.get("target", "differential");
        Files.createDirectories(out);
        Files.write(out.resolve("kernel-frame-digests.tsv"), digests, StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("summary.txt"), summary + "\n" + String.join("\n", failures) + "\nrepeated:\n"
                + String.join("\n", RETRIED) + "\n");
        System.out.println("repeated: " + RETRIED);
        System.out.println("kernel sender's race (5.10, reported, not judged): " + race.size() + " " + race);
        assertTrue(failures.isEmpty(), summary + "\n" + String.join("\n", failures));
    }

    /**
     * Transfers repeated (at most four times) because the recording node's list began a direction with a consecutive
     * frame (it missed the transfer's start: seen on 6.1 in a run of the whole suite, 2 of 144 transfers), or because
     * they ran into a timer (N_Bs or N_Cr, 1 s). Two causes of the latter, both outside
     * the engine's frames: the emulated VM shares two cores with other VMs, and a JVM thread stalled for a second
     * misses a timer the kernel never misses; and a race of the kernel's sender: a flow control that arrives before
     * the kernel has processed the echo of the block's last consecutive frame is ignored (isotp_rcv_fc() in state
     * SENDING), after which the sender waits for another one until N_Bs; a user-space receiver on another CPU can be
     * that fast, the kernel's own receiver (which answers from the same softirq pass) cannot.
     */
    private static final List<String> RETRIED = new ArrayList<>();

    private static List<Transfer.Seen> run(Scenario s, String which, Backend sender, Backend receiver) throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                List<Transfer.Seen> seen = Transfer.run(s, sender, receiver, RawCanBus.INSTANCE);
                String broken = Transfer.directionStartingWithConsecutiveFrame(Transfer.text(seen),
                        s.sender().address().mode().extendedAddressing());
                if (broken == null || attempt == 5) {
                    return seen; // a fifth broken recording is compared, and fails
                }
                RETRIED.add(s + ", " + which + ": the recording of " + broken + " began with a consecutive frame");
            } catch (FlowControlTimeoutException | ConsecutiveFrameTimeoutException e) {
                if (attempt == 5) {
                    throw new Exception(which + ", also when repeated: " + e, e);
                }
                RETRIED.add(s + ", " + which + ": " + e.getClass().getSimpleName());
            } catch (Exception e) {
                throw new Exception(which + ": " + e, e);
            }
        }
    }

    /** Within each block of consecutive frames the engine sent, the span is at least (frames - 1) x STmin. */
    private static String stminHonoured(Scenario s, List<Transfer.Seen> frames) {
        if (s.stmin() == 0) {
            return null;
        }
        int ae = s.mode().extendedAddressing() ? 1 : 0;
        long firstCf = -1;
        long lastCf = -1;
        int count = 0;
        for (Transfer.Seen f : frames) {
            int pci = f.frame().byteAt(ae) & 0xF0;
            if (f.nanos() == 0) {
                return null; // a frame without the kernel's arrival stamp: no gap can be judged
            }
            if (pci == 0x20) {
                if (count == 0) {
                    firstCf = f.nanos();
                }
                lastCf = f.nanos();
                count++;
            } else if (pci == 0x30) {
                String failure = span(s, firstCf, lastCf, count);
                if (failure != null) {
                    return failure;
                }
                count = 0;
            }
        }
        return span(s, firstCf, lastCf, count);
    }

    private static String span(Scenario s, long first, long last, int count) {
        if (count < 2) {
            return null;
        }
        long asked = (count - 1) * s.stminNanos();
        if (last - first + TIMING_SLACK_NANOS < asked) {
            return String.format("%d consecutive frames within %.3f ms, STmin asks for at least %.3f ms", count,
                    (last - first) / 1e6, asked / 1e6);
        }
        return null;
    }

    @Test
    void faultsGiveTheSameExceptionsOnBothCarriers() throws Exception {
        List<String> kernel = Faults.outcomes(Backend.kernel(), RawCanBus.INSTANCE, "vcan0");
        List<String> engine = Faults.outcomes(Backend.canRaw(), RawCanBus.INSTANCE, "vcan0");
        System.out.println("faults, kernel: " + kernel);
        System.out.println("faults, engine: " + engine);
        // The engine follows mainline isotp_rcv_fc(): an unknown flow status ends the send with EBADMSG. A kernel
        // without that fix (stable updates bring it; the runtime's KernelFeaturesTest pins which of ours has it, and
        // KernelPromisesTest checks each kernel against that) ends the transfer without an error: the one fault
        // where kernels differ, so here the kernel may give either answer, and every other fault must match.
        assertEquals(Faults.EXPECTED, engine);
        String unknown = "unknown flow status: BadMessageException";
        String silent = "unknown flow status: ok";
        List<String> expectedOfKernel = new ArrayList<>(Faults.EXPECTED);
        if (kernel.contains(silent)) {
            System.out.println("faults: " + dev.isotp.kernel.KernelInfo.release() + " ends a transfer on an unknown "
                    + "flow status silently (without mainline's EBADMSG); the engine reports EBADMSG");
            expectedOfKernel.set(expectedOfKernel.indexOf(unknown), silent);
        }
        assertEquals(expectedOfKernel, kernel);
    }

    static CanFrame classicFrame(int id, int... data) {
        byte[] d = new byte[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) data[i];
        }
        return CanFrame.classic(id, d);
    }

    static void ignore(IOException e) {
        // the outcome is the exception's type
    }
}
