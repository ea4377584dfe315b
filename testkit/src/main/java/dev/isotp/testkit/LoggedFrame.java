package dev.isotp.testkit;

import dev.isotp.spi.CanFrame;

/** One frame a {@link VirtualCanBus} carried: on which interface, what, and when (ns since the bus was created). */
public final class LoggedFrame {
    private final String iface;
    private final CanFrame frame;
    private final long nanos;

    LoggedFrame(String iface, CanFrame frame, long nanos) {
        this.iface = iface;
        this.frame = frame;
        this.nanos = nanos;
    }

    public String iface() {
        return iface;
    }

    public CanFrame frame() {
        return frame;
    }

    /** The CAN id, CAN_EFF_FLAG included for a 29-bit id. */
    public int id() {
        return frame.id();
    }

    /** When it was delivered, in ns since the bus was created. */
    public long nanos() {
        return nanos;
    }

    /** The ISO-TP frame type of a frame without an address byte: 0 single, 1 first, 2 consecutive, 3 flow control. */
    public int pciType() {
        return frame.byteAt(0) >> 4;
    }

    /** As candump -ta writes it: {@code vcan0  7E0#0322F190}. */
    @Override
    public String toString() {
        return iface + "  " + frame;
    }
}
