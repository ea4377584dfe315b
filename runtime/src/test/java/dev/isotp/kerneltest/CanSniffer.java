package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frames on a CAN interface as a CAN_RAW peer sees them: can-utils {@code candump -L}, started as a child
 * process. {@link #start} returns once candump's socket is registered in the kernel, so no frame sent afterwards is
 * missed.
 */
final class CanSniffer implements AutoCloseable {
    /** "(1795466937.602841) vcan0 123#1014000102030405", CAN FD: "123##<flags nibble><data>". */
    private static final Pattern LINE = Pattern.compile("^\\((\\d+\\.\\d+)\\) (\\S+) ([0-9A-Fa-f]+)(##?)(.*)$");

    /** One frame: the id (CAN_EFF_FLAG set for 8-digit ids), CAN FD or classic, the data, the kernel's timestamp. */
    static final class Frame {
        final int id;
        final boolean fd;
        /** The CAN FD flags (0x01 bit rate switch, 0x02 error state indicator); 0 for classic frames. */
        final int fdFlags;
        final byte[] data;
        final double seconds;

        Frame(int id, boolean fd, int fdFlags, byte[] data, double seconds) {
            this.id = id;
            this.fd = fd;
            this.fdFlags = fdFlags;
            this.data = data;
            this.seconds = seconds;
        }

        /** The byte at {@code index} as 0..255. */
        int u8(int index) {
            return data[index] & 0xFF;
        }

        @Override
        public String toString() {
            return String.format("%X%s%s", id, fd ? "##" + Integer.toHexString(fdFlags) : "#", Kernel.hex(data).replace(" ", ""));
        }
    }

    private final Kernel.Child candump;
    private final String iface;

    private CanSniffer(Kernel.Child candump, String iface) {
        this.candump = candump;
        this.iface = iface;
    }

    static CanSniffer start(String iface) {
        Kernel.Child child = Kernel.Child.start("stdbuf", "-oL", "candump", "-L", "-r", "4000000", iface);
        try {
            Kernel.awaitRawReceiver(iface);
        } catch (AssertionError e) {
            child.close();
            throw new AssertionError(e.getMessage() + "\ncandump said: " + child.output(), e);
        }
        return new CanSniffer(child, iface);
    }

    /** Every frame seen so far, in order. */
    List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (String line : candump.lines()) {
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches() || !m.group(2).equals(iface)) {
                continue;
            }
            String idText = m.group(3);
            int id = (int) Long.parseLong(idText, 16) | (idText.length() == 8 ? 0x80000000 : 0);
            boolean fd = m.group(4).equals("##");
            String data = fd ? m.group(5).substring(1) : m.group(5);
            int fdFlags = fd ? Integer.parseInt(m.group(5).substring(0, 1), 16) : 0;
            frames.add(new Frame(id, fd, fdFlags, Kernel.unhex(data), Double.parseDouble(m.group(1))));
        }
        return frames;
    }

    /** The frames with this id (CAN_EFF_FLAG included for 29-bit ids). */
    List<Frame> frames(int id) {
        List<Frame> result = new ArrayList<>();
        for (Frame f : frames()) {
            if (f.id == id) {
                result.add(f);
            }
        }
        return result;
    }

    /** Waits until some frame satisfies {@code test} (e.g. the last consecutive frame of a transfer); returns all frames. */
    List<Frame> awaitFrame(Predicate<Frame> test, String what) {
        long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
        for (;;) {
            List<Frame> frames = frames();
            for (Frame f : frames) {
                if (test.test(f)) {
                    return frames;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                fail("candump saw no " + what + " within " + Kernel.PATIENCE_MILLIS + " ms; it saw " + frames
                        + "\n" + candump.output());
            }
            Kernel.sleep(20);
        }
    }

    /** Waits until {@code count} frames with this id were seen; returns them. */
    List<Frame> awaitFrames(int id, int count) {
        long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
        for (;;) {
            List<Frame> frames = frames(id);
            if (frames.size() >= count) {
                return frames;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("candump saw " + frames.size() + " of " + count + " frames with id " + Integer.toHexString(id)
                        + " within " + Kernel.PATIENCE_MILLIS + " ms; it saw " + frames() + "\n" + candump.output());
            }
            Kernel.sleep(20);
        }
    }

    @Override
    public void close() {
        candump.close();
    }
}
