package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Backend;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.SequenceNumberException;
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
        List<String> reordered = new ArrayList<>();
        for (Scenario s : scenarios) {
            try {
                List<Transfer.Seen> kernel = run(s, "kernel to kernel", Backend.kernel(), Backend.kernel(), null);
                digests.add(s + "\t" + Transfer.digest(Transfer.text(kernel)));
                List<Transfer.Seen> engineSends;
                try {
                    engineSends = run(s, "engine to kernel", Backend.canRaw(), Backend.kernel(), kernel);
                } catch (DeliveredOutOfOrder e) {
                    if (!KERNEL_REORDERS_DELIVERY) {
                        throw e;
                    }
                    reordered.add(s + ": " + e.getMessage());
                    continue;
                }
                List<Transfer.Seen> engineReceives;
                try {
                    engineReceives = run(s, "kernel to engine", Backend.kernel(), Backend.canRaw(), null);
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
                + "%d failed, %d transfers repeated with proof (a gap of 1 s or more in the kernel's stamps, or frames "
                + "the recorder dropped), %d delivered out of order by the kernel (5.10 only), %d s",
                Scenario.full() ? "full matrix" : "seeded sample " + Scenario.SAMPLE_SEED, scenarios.size(),
                Scenario.all().size(), 3 * scenarios.size(), frames, failures.size(), RETRIED.size(),
                reordered.size(), seconds);
        System.out.println(summary);
        Path out = Paths.get("target", "differential");
        Files.createDirectories(out);
        Files.write(out.resolve("kernel-frame-digests.tsv"), digests, StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("summary.txt"), summary + "\n" + String.join("\n", failures) + "\nrepeated:\n"
                + String.join("\n", RETRIED) + "\ndelivered out of order:\n" + String.join("\n", reordered) + "\n");
        System.out.println("repeated, each with its proof: " + RETRIED.size());
        RETRIED.forEach(r -> System.out.println("  " + r));
        System.out.println("recordings received out of order, compared by the kernel's stamps: "
                + REORDERED_RECORDINGS.size());
        REORDERED_RECORDINGS.forEach(r -> System.out.println("  " + r));
        System.out.println("delivered out of order by the kernel (5.10, reported, not judged): " + reordered.size());
        reordered.forEach(r -> System.out.println("  " + r));
        System.out.println("kernel sender's race (5.10, reported, not judged): " + race.size() + " " + race);
        assertTrue(failures.isEmpty(), summary + "\n" + String.join("\n", failures));
    }

    /**
     * Transfers repeated, each with its proof (at most four repeats of one transfer). A transfer is repeated only when
     * the recording proves that it was not the protocol's doing: a timer (N_Bs or N_Cr, 1 s) that ran out while the
     * recording's kernel stamps show a gap of 1 s or more (the emulated guest, or the JVM's thread, was starved of
     * the host's CPU: the kernel never misses its timers, a stalled sender does), or a recording that began a
     * direction with a consecutive frame while the recording node's socket dropped frames (sk_drops, what
     * SO_RXQ_OVFL reports). A wrong byte, a wrong sequence number, or a timeout or a missing frame without such proof
     * fails the suite.
     */
    private static final List<String> RETRIED = new ArrayList<>();

    /** Recordings whose node received a transfer's frames out of the order they were written, compared by stamp. */
    private static final List<String> REORDERED_RECORDINGS = new ArrayList<>();

    /**
     * Debian's 5.10 delivers CAN frames written by one CAN_RAW socket from two CPUs in another order than they were
     * written: vcan loops each frame back through the writing CPU's receive backlog (netif_rx_ni()), and that CPU's
     * softirq may be left to its ksoftirqd while the other CPU delivers its later frame at once (do_softirq() skips a
     * CPU whose ksoftirqd is running: "softirq: Let ksoftirqd do its job", 4.9, later reverted in mainline; which
     * change keeps Debian's 6.1 and 6.12 from showing it was not pinned down). The ISO-TP receiver then reports EILSEQ although the sender
     * wrote its frames in order, as the kernel's stamps show (see Transfer#deliveredOutOfOrder). Seen on 5.10 only
     * (7 of 80 engine-to-kernel transfers at STmin 300 µs while the engine's timers had two threads; 0 of 80 on 6.1
     * and 6.12); asserted per kernel: on another kernel such a transfer fails.
     */
    private static final boolean KERNEL_REORDERS_DELIVERY = dev.isotp.kernel.KernelInfo.release().startsWith("5.10.");

    /** An engine-to-kernel transfer that failed because the kernel delivered its frames out of order (with proof). */
    private static final class DeliveredOutOfOrder extends Exception {
        private static final long serialVersionUID = 1L;

        DeliveredOutOfOrder(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One transfer, repeated only with proof (see {@link #RETRIED}). {@code kernelFrames}: the kernel-to-kernel
     * recording, given for an engine-to-kernel run: an EILSEQ of the kernel's receiver there is the kernel's
     * delivery (see {@link #KERNEL_REORDERS_DELIVERY}) only if the engine's frames, in the order the kernel stamped
     * them when they were written, are the kernel's own frame for frame.
     */
    private static List<Transfer.Seen> run(Scenario s, String which, Backend sender, Backend receiver,
            List<Transfer.Seen> kernelFrames) throws Exception {
        boolean addressByte = s.sender().address().mode().extendedAddressing();
        for (int attempt = 1;; attempt++) {
            List<Transfer.Seen> seen;
            try {
                seen = Transfer.run(s, sender, receiver, RawCanBus.INSTANCE);
            } catch (Transfer.Failed f) {
                Throwable cause = f.getCause();
                String proof = null;
                if (cause instanceof FlowControlTimeoutException || cause instanceof ConsecutiveFrameTimeoutException) {
                    proof = Transfer.longestGap(f.seen, TIMER_NANOS);
                    if (proof == null && f.recorderDrops > 0) {
                        proof = "the recorder dropped " + f.recorderDrops + " frames";
                    }
                }
                // the kernel's receiver met a wrong sequence number: itself, or (its flow controls stopping) as the
                // engine sender's N_Bs ran out
                boolean receiverSawWrongSn = cause instanceof SequenceNumberException
                        || (cause instanceof FlowControlTimeoutException && f.receiverError instanceof SequenceNumberException);
                if (receiverSawWrongSn && kernelFrames != null) {
                    List<String> written = Transfer.text(Transfer.byStamp(f.seen));
                    if (Transfer.prefixOfEachDirection(written, Transfer.text(kernelFrames), addressByte)) {
                        String seenOrder = Transfer.deliveredOutOfOrder(f.seen, s.sender().address().txid(),
                                addressByte ? 1 : 0);
                        throw new DeliveredOutOfOrder(which + ": " + cause.getClass().getSimpleName()
                                + (cause instanceof SequenceNumberException ? "" : " (the kernel's receiver: EILSEQ)")
                                + "; proof: the " + written.size() + " frames, in the order the kernel stamped them as "
                                + "they were written, are the kernel's own frame for frame; the recorder "
                                + (seenOrder == null ? "got them in order" : seenOrder), cause);
                    }
                }
                if (proof == null) {
                    throw new Exception(which + ": " + cause + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                            + (f.receiverError == null ? "" : "; the receiver then: " + f.receiverError)
                            + "; no proof of a starved timer or a lost frame in the recording, so not repeated; "
                            + f.tail(8), cause);
                }
                if (attempt == 5) {
                    throw new Exception(which + ", also when repeated: " + cause + " (" + proof + ")", cause);
                }
                RETRIED.add(s + ", " + which + ": " + cause.getClass().getSimpleName() + "; proof: " + proof);
                continue;
            }
            String broken = Transfer.directionStartingWithConsecutiveFrame(Transfer.text(seen), addressByte);
            if (broken == null) {
                return seen;
            }
            // received out of the order written (a frame written on one CPU delivered after a later one written on
            // another: seen on 6.12 with a kernel sender's first consecutive frame, sent from the flow control's
            // softirq, received before its first frame): in the order of the kernel's stamps the recording is whole
            List<Transfer.Seen> written = Transfer.byStamp(seen);
            if (seen.stream().allMatch(f -> f.nanos() != 0)
                    && Transfer.directionStartingWithConsecutiveFrame(Transfer.text(written), addressByte) == null) {
                REORDERED_RECORDINGS.add(s + ", " + which + ": the recording of " + broken + " began with a consecutive "
                        + "frame; compared in the order of the kernel's stamps");
                return written;
            }
            long drops = Transfer.lastRecorderDrops;
            if (drops <= 0 || attempt == 5) {
                return seen; // compared, and fails: the recording lacks a transfer's start without a dropped frame
            }
            RETRIED.add(s + ", " + which + ": the recording of " + broken + " began with a consecutive frame; proof: "
                    + "the recorder dropped " + drops + " frames");
        }
    }

    /** N_Bs and N_Cr of the kernel (and of the engine by default): a gap this long in a recording starves them. */
    private static final long TIMER_NANOS = 1_000_000_000L;

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
