package dev.isotp.testkit;

import dev.isotp.spi.CanFrame;

/**
 * One frame a {@link VirtualCanBus} carried, or one line of a {@code candump -l} log ({@link CandumpLog}): on which
 * interface, what, and when.
 */
public final class LoggedFrame {
    private final String iface;
    private final CanFrame frame;
    private final long nanos;
    private final long epochNanos;
    long sequence;

    LoggedFrame(String iface, CanFrame frame, long nanos, long epochNanos) {
        this.iface = iface;
        this.frame = frame;
        this.nanos = nanos;
        this.epochNanos = epochNanos;
    }

    /**
     * When the frame was delivered, by the wall clock (what {@code candump -l} writes).
     *
     * @return ns since 1970-01-01 UTC; for a frame read from a log file, its time stamp (microseconds)
     */
    public long epochNanos() {
        return epochNanos;
    }

    /**
     * The interface the frame was on.
     *
     * @return the interface's name, e.g. {@code vcan0}
     */
    public String iface() {
        return iface;
    }

    /**
     * The frame as it was on the bus.
     *
     * @return the frame (its data array is shared: do not change it)
     */
    public CanFrame frame() {
        return frame;
    }

    /**
     * The frame's CAN id.
     *
     * @return the id, CAN_EFF_FLAG ({@code CanFrame.EFF_FLAG}) included for a 29-bit id
     */
    public int id() {
        return frame.id();
    }

    /**
     * When the frame was delivered.
     *
     * @return ns since the bus was created ({@link System#nanoTime()} differences); for a frame read from a log
     *         file, ns since the file's first frame
     */
    public long nanos() {
        return nanos;
    }

    /**
     * The ISO-TP frame type, read from the high nibble of data byte 0: right for normal and fixed addressing, not
     * for extended or mixed addressing (whose byte 0 is the address byte).
     *
     * @return 0 single, 1 first, 2 consecutive, 3 flow control (other values: not an ISO-TP frame); 0 for a frame
     *         without data
     */
    public int pciType() {
        return frame.byteAt(0) >> 4;
    }

    /** The interface and the frame in candump's compact form, without the time: {@code vcan0  7E0#0322F190}. */
    @Override
    public String toString() {
        return iface + "  " + frame;
    }
}
