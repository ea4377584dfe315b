package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.isotp.Backend;
import dev.isotp.IsoTpSocket;
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
            tx.send(pdu);
            assertArrayEquals(pdu, rx.receive(), s + ": the PDU arrived changed");
            // the recording node may lag behind the receiver: wait until the bus has been quiet for a while
            synchronized (seen) {
                int count = -1;
                while (count != seen.size()) {
                    count = seen.size();
                    seen.wait(150);
                }
            }
        } finally {
            sniffer.close();
        }
        synchronized (seen) {
            // In the order this node saw them: one sender's frames arrive in their order; which of the two
            // directions it saw first is not the bus's order (a reply may come before the frame that caused it, and
            // under emulation the arrival stamps are not monotonic either), so comparisons go by direction
            // (byDirection).
            return new ArrayList<>(seen);
        }
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
