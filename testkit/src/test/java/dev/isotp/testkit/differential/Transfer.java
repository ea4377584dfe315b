package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.isotp.Backend;
import dev.isotp.IsoTpSocket;
import dev.isotp.kernel.RawCanBus;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameReceiver;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** One transfer of a scenario between two backends, with every frame on the bus recorded by a third node. */
final class Transfer {
    /** A frame and when the recording node saw it. */
    record Seen(CanFrame frame, long nanos) {
        @Override
        public String toString() {
            return frame.toString();
        }
    }

    private Transfer() {
    }

    /**
     * A transfer that failed, with what the recording node saw of it (the frames that came within 2 s of the
     * failure included) and how many frames the recording node's own socket dropped (-1 when the bus cannot tell).
     */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<Seen> seen;
        final long recorderDrops;
        /** When the sender failed: what the receiver then reported (null: nothing, or the receiver failed first). */
        final Exception receiverError;

        Failed(Exception cause, List<Seen> seen, long recorderDrops, Exception receiverError) {
            super(cause.toString(), cause);
            this.seen = seen;
            this.recorderDrops = recorderDrops;
            this.receiverError = receiverError;
        }

        /** The last frames of the recording in the order of the kernel's stamps, with the time between them. */
        String tail(int frames) {
            List<Seen> sorted = byStamp(seen);
            StringBuilder b = new StringBuilder("recording (" + sorted.size() + " frames, recorder dropped "
                    + recorderDrops + "), last by kernel stamp:");
            for (int i = Math.max(0, sorted.size() - frames); i < sorted.size(); i++) {
                long gap = i == 0 ? 0 : sorted.get(i).nanos() - sorted.get(i - 1).nanos();
                b.append(String.format(" %s (+%.3f ms)", sorted.get(i), gap / 1e6));
            }
            return b.toString();
        }
    }

    /** The recording of the last {@link #run} that succeeded: the recorder's drops (-1 when unknown). */
    static long lastRecorderDrops;

    static List<Seen> run(Scenario s, Backend sender, Backend receiver, FrameBus bus) throws Exception {
        List<Seen> seen = new ArrayList<>();
        FrameLink sniffer = bus.attach(s.iface(), s.canFd(), new FrameReceiver() {
            @Override
            public void frame(CanFrame frame) {
                // the bus's own arrival time (the kernel's); 0 where it has none, and then no gap is judged
                long now = frame.timestampNanos();
                synchronized (seen) {
                    seen.add(new Seen(frame, now));
                    seen.notifyAll();
                }
            }

            @Override
            public void linkError(int errno) {
                // a test interface does not go away
            }
        });
        try (IsoTpSocket rx = IsoTpSocket.open(s.receiver().toBuilder().backend(receiver).build());
                IsoTpSocket tx = IsoTpSocket.open(s.sender().toBuilder().backend(sender).build())) {
            byte[] pdu = s.pdu();
            boolean sent = false;
            try {
                tx.send(pdu);
                sent = true;
                assertArrayEquals(pdu, rx.receive(), s + ": the PDU arrived changed");
            } catch (java.io.IOException e) {
                Exception receiverError = null;
                if (!sent) {
                    // the sender failed: did the receiver meet something first (it stops sending flow controls)?
                    try {
                        rx.receive(java.time.Duration.ofMillis(1500));
                    } catch (java.io.IOException r) {
                        receiverError = r;
                    }
                }
                // frames that a stalled sender still sends come late: record them too, they are the proof of a stall
                quiet(seen, 2000);
                throw new Failed(e, snapshot(seen), RawCanBus.receiveQueueDrops(sniffer), receiverError);
            }
            // the recording node may lag behind the receiver: wait until the bus has been quiet for a while
            quiet(seen, 150);
            lastRecorderDrops = RawCanBus.receiveQueueDrops(sniffer);
        } finally {
            sniffer.close();
        }
        synchronized (seen) {
            // In the order this node saw them: one sender's frames normally arrive in their order; which of the two
            // directions it saw first is not the bus's order (a reply may come before the frame that caused it, and
            // under emulation the arrival stamps of two CPUs are not monotonic either), so comparisons go by
            // direction (byDirection). See DifferentialKernelTest#run for a recording whose direction begins with a
            // consecutive frame.
            return new ArrayList<>(seen);
        }
    }

    private static void quiet(List<Seen> seen, long millis) throws InterruptedException {
        synchronized (seen) {
            int count = -1;
            while (count != seen.size()) {
                count = seen.size();
                seen.wait(millis);
            }
        }
    }

    private static List<Seen> snapshot(List<Seen> seen) {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /**
     * True when each direction's frames in {@code actual} are the first frames of that direction in {@code expected}
     * (the same frames, in the same order; fewer where a transfer ended early).
     */
    static boolean prefixOfEachDirection(List<String> actual, List<String> expected, boolean addressByte) {
        java.util.Map<String, List<String>> want = new java.util.HashMap<>();
        for (String f : expected) {
            want.computeIfAbsent(direction(f, addressByte), k -> new ArrayList<>()).add(f);
        }
        java.util.Map<String, List<String>> got = new java.util.HashMap<>();
        for (String f : actual) {
            got.computeIfAbsent(direction(f, addressByte), k -> new ArrayList<>()).add(f);
        }
        for (java.util.Map.Entry<String, List<String>> d : got.entrySet()) {
            List<String> w = want.getOrDefault(d.getKey(), List.of());
            if (d.getValue().size() > w.size() || !w.subList(0, d.getValue().size()).equals(d.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The frames in the order of the kernel's stamps (the order they were written on a vcan). */
    static List<Seen> byStamp(List<Seen> frames) {
        List<Seen> sorted = new ArrayList<>(frames);
        sorted.sort(java.util.Comparator.comparingLong(Seen::nanos));
        return sorted;
    }

    /**
     * The longest time between two frames of the recording, by the kernel's arrival stamps (in the order of the
     * stamps), with the frame that ended it; null when a frame has no stamp.
     */
    static String longestGap(List<Seen> frames, long atLeastNanos) {
        List<Seen> byStamp = new ArrayList<>(frames);
        for (Seen f : byStamp) {
            if (f.nanos() == 0) {
                return null;
            }
        }
        byStamp.sort(java.util.Comparator.comparingLong(Seen::nanos));
        for (int i = 1; i < byStamp.size(); i++) {
            long gap = byStamp.get(i).nanos() - byStamp.get(i - 1).nanos();
            if (gap >= atLeastNanos) {
                return String.format("%.3f s between %s and %s (kernel stamps)", gap / 1e9, byStamp.get(i - 1),
                        byStamp.get(i));
            }
        }
        return null;
    }

    /**
     * Proof that the kernel delivered the consecutive frames of direction {@code id} in another order than they were
     * sent: in the order the recording node got them their sequence numbers jump, while in the order of the kernel's
     * stamps (taken when each frame was queued, as the sender wrote it) they count up without a gap. Null when there
     * is no such proof.
     */
    static String deliveredOutOfOrder(List<Seen> frames, int id, int ae) {
        List<Seen> direction = new ArrayList<>();
        for (Seen f : frames) {
            if ((f.frame().id() & 0x1FFFFFFF) == id && f.frame().length() > ae && (f.frame().byteAt(ae) & 0xF0) == 0x20) {
                if (f.nanos() == 0) {
                    return null;
                }
                direction.add(f);
            }
        }
        String arrival = jump(direction, ae);
        if (arrival == null) {
            return null;
        }
        List<Seen> byStamp = new ArrayList<>(direction);
        byStamp.sort(java.util.Comparator.comparingLong(Seen::nanos));
        if (jump(byStamp, ae) != null) {
            return null; // not in order by the stamps either: no proof that only the delivery swapped them
        }
        return "received " + arrival + ", but the kernel stamped all " + direction.size()
                + " consecutive frames in sequence order when they were written";
    }

    /** The first place the sequence numbers of consecutive frames do not count up by one, or null. */
    private static String jump(List<Seen> cfs, int ae) {
        int expected = 1;
        for (int i = 0; i < cfs.size(); i++) {
            int sn = cfs.get(i).frame().byteAt(ae) & 0x0F;
            if (sn != expected) {
                return "SN " + sn + " where " + expected + " was next (" + cfs.get(i) + ", frame " + i + ")";
            }
            expected = (sn + 1) % 16;
        }
        return null;
    }

    static List<String> text(List<Seen> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (Seen f : frames) {
            out.add(f.toString());
        }
        return out;
    }

    /**
     * The frames of each direction together, each direction's in the order seen, directions in ascending order. A
     * direction is the CAN id, and with extended or mixed addressing also the address byte in front (two directions
     * may share one id and differ in it). The order within a direction is the protocol's; the interleaving of the
     * two is what a recording node saw.
     */
    static List<String> byDirection(List<String> frames, boolean addressByte) {
        java.util.Map<String, List<String>> directions = new java.util.TreeMap<>();
        for (String f : frames) {
            directions.computeIfAbsent(direction(f, addressByte), k -> new ArrayList<>()).add(f);
        }
        List<String> out = new ArrayList<>(frames.size());
        directions.values().forEach(out::addAll);
        return out;
    }

    /**
     * The first direction whose first recorded frame is a consecutive frame, or null: a recording that cannot be the
     * whole transfer (no direction of one transfer begins with a CF), e.g. a recording node that missed the first
     * frame; such a recording is not a protocol difference and is taken again.
     */
    static String directionStartingWithConsecutiveFrame(List<String> frames, boolean addressByte) {
        java.util.Set<String> started = new java.util.HashSet<>();
        for (String f : frames) {
            String key = direction(f, addressByte);
            int pci = dataStart(f) + (addressByte ? 2 : 0);
            if (started.add(key) && pci < f.length() && f.charAt(pci) == '2') {
                return key;
            }
        }
        return null;
    }

    /** A frame's direction: its CAN id, and with extended or mixed addressing the address byte in front. */
    private static String direction(String frame, boolean addressByte) {
        int data = dataStart(frame);
        return frame.substring(0, frame.indexOf('#')) + (addressByte ? " " + frame.substring(data, data + 2) : "");
    }

    /** Where a frame's data begins in candump's text: after "#", or after "##" and the CAN FD flags digit. */
    private static int dataStart(String frame) {
        int hash = frame.indexOf('#');
        return hash + (frame.startsWith("##", hash) ? 3 : 1);
    }

    /** SHA-256 of the frames, one a line: what the host compares with the kernel's frames recorded in the VM. */
    static String digest(List<String> frames) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String f : frames) {
            md.update((f + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The first place two frame lists differ, for a failure message. */
    static String firstDifference(List<String> expected, List<String> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "frame " + i + ": kernel " + expected.get(i) + ", engine " + actual.get(i)
                        + " (kernel " + expected.size() + " frames, engine " + actual.size() + ")";
            }
        }
        return expected.size() == actual.size() ? "none"
                : "kernel " + expected.size() + " frames, engine " + actual.size() + "; next: "
                        + (expected.size() > n ? "kernel " + expected.get(n) : "engine " + actual.get(n));
    }
}
