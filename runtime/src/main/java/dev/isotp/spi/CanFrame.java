package dev.isotp.spi;

import java.util.Arrays;

/**
 * One CAN frame as a {@link FrameLink} carries it: the CAN id ({@code CAN_EFF_FLAG}, 0x80000000, set for a 29-bit
 * id), the data (0-8 bytes in a classic frame; 0-8, 12, 16, 20, 24, 32, 48 or 64 bytes in a CAN FD frame), whether
 * it is a CAN FD frame, and its CAN FD flags ({@link #BRS}).
 *
 * <p>The data array is shared, not copied: whoever hands a frame over does not change its array afterwards.
 */
public final class CanFrame {
    /** CAN_EFF_FLAG: the id is a 29-bit id. */
    public static final int EFF_FLAG = 0x80000000;
    /** CANFD_BRS: the data phase used the faster bit rate. */
    public static final int BRS = 0x01;

    private final int id;
    private final byte[] data;
    private final boolean fd;
    private final int fdFlags;
    private final long timestampNanos;

    /**
     * @param id the CAN id, with {@link #EFF_FLAG} for a 29-bit id
     * @param data the data bytes (not copied)
     * @param fd true for a CAN FD frame
     * @param fdFlags the CAN FD flags ({@link #BRS}); 0 for a classic frame
     * @throws IllegalArgumentException if the data does not fit the frame type
     */
    public CanFrame(int id, byte[] data, boolean fd, int fdFlags) {
        this(id, data, fd, fdFlags, 0);
    }

    /**
     * A received frame with the time it arrived, as the bus measured it (e.g. the kernel's SIOCGSTAMPNS), in ns of
     * a clock of the bus's choosing; 0 = unknown.
     */
    public CanFrame(int id, byte[] data, boolean fd, int fdFlags, long timestampNanos) {
        if (data.length > (fd ? 64 : 8)) {
            throw new IllegalArgumentException("a " + (fd ? "CAN FD" : "classic CAN") + " frame carries at most "
                    + (fd ? 64 : 8) + " bytes, not " + data.length);
        }
        this.id = id;
        this.data = data;
        this.fd = fd;
        this.fdFlags = fdFlags;
        this.timestampNanos = timestampNanos;
    }

    /** When the frame arrived, in ns of the bus's clock (only differences mean something); 0 = unknown. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** A classic frame. */
    public static CanFrame classic(int id, byte... data) {
        return new CanFrame(id, data, false, 0);
    }

    /** A CAN FD frame without flags. */
    public static CanFrame fd(int id, byte... data) {
        return new CanFrame(id, data, true, 0);
    }

    /** The CAN id, {@link #EFF_FLAG} included for a 29-bit id. */
    public int id() {
        return id;
    }

    /** The data bytes (the array itself: do not change it). */
    public byte[] data() {
        return data;
    }

    /** The number of data bytes. */
    public int length() {
        return data.length;
    }

    /** The data byte at {@code index} (0-255), or 0 beyond the frame's length. */
    public int byteAt(int index) {
        return index < data.length ? data[index] & 0xFF : 0;
    }

    public boolean isFd() {
        return fd;
    }

    public int fdFlags() {
        return fdFlags;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanFrame && ((CanFrame) o).id == id && ((CanFrame) o).fd == fd
                && ((CanFrame) o).fdFlags == fdFlags && Arrays.equals(((CanFrame) o).data, data);
    }

    @Override
    public int hashCode() {
        return (id * 31 + Arrays.hashCode(data)) * 31 + (fd ? 1 : 0) + fdFlags * 2;
    }

    /** As candump writes it: {@code 7E0#0322F190} (classic), {@code 7E0##1<data>} (CAN FD, flags digit). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(32 + 2 * data.length);
        s.append((id & EFF_FLAG) != 0 ? String.format("%08X", id & 0x1FFFFFFF) : String.format("%03X", id & 0x7FF));
        s.append(fd ? "##" + Integer.toHexString(fdFlags & 0xF).toUpperCase(java.util.Locale.ROOT) : "#");
        for (byte b : data) {
            s.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return s.toString();
    }
}
