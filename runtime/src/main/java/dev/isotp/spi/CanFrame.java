package dev.isotp.spi;

import dev.isotp.internal.abi.KernelAbi;
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
    public static final int EFF_FLAG = KernelAbi.CAN_EFF_FLAG;
    /** CANFD_BRS: the data phase used the faster bit rate. */
    public static final int BRS = KernelAbi.CANFD_BRS;

    private final int id;
    private final byte[] data;
    private final boolean fd;
    private final int fdFlags;
    private final long timestampNanos;

    /**
     * A frame to send, without an arrival time: as {@link #CanFrame(int, byte[], boolean, int, long)} with 0.
     *
     * @param id the CAN id, with {@link #EFF_FLAG} for a 29-bit id
     * @param data the data bytes (not copied)
     * @param fd true for a CAN FD frame
     * @param fdFlags the CAN FD flags ({@link #BRS}); 0 for a classic frame
     */
    public CanFrame(int id, byte[] data, boolean fd, int fdFlags) {
        this(id, data, fd, fdFlags, 0);
    }

    /**
     * A frame with the time it arrived, as the bus measured it (e.g. the kernel's SIOCGSTAMPNS), in ns of a clock of
     * the bus's choosing; 0 = unknown. The arrival time takes no part in {@link #equals}. Only the data's length is
     * checked; the id and flags are taken as they are.
     *
     * @param id the CAN id, with {@link #EFF_FLAG} for a 29-bit id
     * @param data the data bytes (not copied)
     * @param fd true for a CAN FD frame
     * @param fdFlags the CAN FD flags ({@link #BRS}); 0 for a classic frame
     * @param timestampNanos when the frame arrived, in ns of the bus's clock; 0 if unknown
     * @throws IllegalArgumentException if {@code data} is longer than 8 bytes (classic) or 64 bytes (CAN FD)
     * @throws NullPointerException if {@code data} is null
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

    /** {@return when the frame arrived, in ns of the bus's clock (only differences mean something); 0 = unknown} */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * A classic CAN frame.
     *
     * @param id the CAN id, with {@link #EFF_FLAG} for a 29-bit id
     * @param data 0-8 data bytes (the array is not copied)
     * @return the frame
     * @throws IllegalArgumentException if there are more than 8 data bytes
     */
    public static CanFrame classic(int id, byte... data) {
        return new CanFrame(id, data, false, 0);
    }

    /**
     * A CAN FD frame without flags (no {@link #BRS}).
     *
     * @param id the CAN id, with {@link #EFF_FLAG} for a 29-bit id
     * @param data 0-64 data bytes (the array is not copied)
     * @return the frame
     * @throws IllegalArgumentException if there are more than 64 data bytes
     */
    public static CanFrame fd(int id, byte... data) {
        return new CanFrame(id, data, true, 0);
    }

    /** {@return the CAN id: 0-0x7FF, or 0-0x1FFFFFFF with {@link #EFF_FLAG} set} */
    public int id() {
        return id;
    }

    /** {@return the data bytes: the array itself, not a copy; do not change it} */
    public byte[] data() {
        return data;
    }

    /** {@return the number of data bytes, 0-8 classic, 0-64 CAN FD} */
    public int length() {
        return data.length;
    }

    /**
     * One data byte, unsigned.
     *
     * @param index the byte's position, from 0
     * @return the byte at {@code index} (0-255), or 0 at or beyond the frame's length
     * @throws ArrayIndexOutOfBoundsException if {@code index} is negative
     */
    public int byteAt(int index) {
        return index < data.length ? data[index] & 0xFF : 0;
    }

    /** {@return whether this is a CAN FD frame} */
    public boolean isFd() {
        return fd;
    }

    /** {@return the CAN FD flags ({@link #BRS}); 0 for a classic frame} */
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
        String id = java.util.HexFormat.of().withUpperCase().toHexDigits(this.id & KernelAbi.CAN_EFF_MASK);
        s.append((this.id & EFF_FLAG) != 0 ? id : id.substring(5));
        s.append(fd ? "##" + java.util.HexFormat.of().withUpperCase().toHexDigits((byte) (fdFlags & 0xF)).substring(1) : "#");
        s.append(java.util.HexFormat.of().withUpperCase().formatHex(data));
        return s.toString();
    }
}
