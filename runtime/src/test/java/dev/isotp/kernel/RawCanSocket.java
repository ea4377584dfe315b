package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;

/**
 * A CAN_RAW socket through the runtime's own JNA binding, for tests that put hand-made frames on a bus (a wrong
 * sequence number, bad padding, a flow control that says overflow) and watch what the ISO-TP sockets send. It sees
 * every classic frame on its interface except its own.
 */
public final class RawCanSocket implements AutoCloseable {
    private static final int SOCK_RAW = 3;
    private static final int CAN_RAW = 1;
    /** struct can_frame: u32 can_id; u8 len; u8 pad, res0, len8_dlc; u8 data[8]. */
    private static final int CAN_FRAME_SIZE = 16;

    private final int fd;
    private final ByteBuffer out = Structs.allocate(CAN_FRAME_SIZE);
    private final ByteBuffer in = Structs.allocate(CAN_FRAME_SIZE);
    private final ByteBuffer pollFd = Structs.allocate(KernelAbi.POLLFD_SIZE);

    /** One received frame: its CAN id (flags included) and its data. */
    public static final class Frame {
        public final int id;
        public final byte[] data;

        Frame(int id, byte[] data) {
            this.id = id;
            this.data = data;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("%03X#", id & 0x1FFFFFFF));
            for (byte b : data) {
                s.append(String.format("%02X", b & 0xFF));
            }
            return s.toString();
        }
    }

    private RawCanSocket(int fd) {
        this.fd = fd;
        pollFd.putInt(0, fd).putShort(4, KernelAbi.POLLIN);
    }

    /** Opens a CAN_RAW socket bound to {@code iface}. */
    public static RawCanSocket open(String iface) {
        int index = KernelSocket.interfaceIndex(iface);
        if (index <= 0) {
            throw new IllegalArgumentException("no interface " + iface + " (" + Errno.nameOf(-index) + ")");
        }
        int fd = Libc.socket(KernelAbi.AF_CAN, SOCK_RAW | KernelAbi.SOCK_CLOEXEC, CAN_RAW);
        try {
            Libc.bind(fd, Structs.socketAddress(index, 0, 0), KernelAbi.SOCKADDR_CAN_SIZE);
        } catch (LastErrorException e) {
            Libc.close(fd);
            throw e;
        }
        return new RawCanSocket(fd);
    }

    /** Sends one classic frame with a standard (11-bit) id and 0-8 data bytes. */
    public void send(int canId, int... data) {
        if (data.length > 8) {
            throw new IllegalArgumentException("a classic CAN frame carries at most 8 bytes");
        }
        for (int i = 0; i < CAN_FRAME_SIZE; i++) {
            out.put(i, (byte) 0);
        }
        out.putInt(0, canId).put(4, (byte) data.length);
        for (int i = 0; i < data.length; i++) {
            out.put(8 + i, (byte) data[i]);
        }
        long sent = Libc.send(fd, out, CAN_FRAME_SIZE, 0);
        if (sent != CAN_FRAME_SIZE) {
            throw new IllegalStateException("sent " + sent + " bytes of a CAN frame");
        }
    }

    /** The next frame, or null when none came within {@code timeoutMillis}. */
    public Frame receive(long timeoutMillis) {
        pollFd.putShort(6, (short) 0);
        if (Libc.poll(pollFd, 1, (int) Math.min(Integer.MAX_VALUE, timeoutMillis)) == 0) {
            return null;
        }
        long n = Libc.recv(fd, in, CAN_FRAME_SIZE, 0);
        if (n != CAN_FRAME_SIZE) {
            throw new IllegalStateException("received " + n + " bytes, not a classic CAN frame");
        }
        byte[] data = new byte[in.get(4) & 0xFF];
        for (int i = 0; i < data.length; i++) {
            data[i] = in.get(8 + i);
        }
        return new Frame(in.getInt(0), data);
    }

    /**
     * The next frame with the given (standard) id whose first byte's high nibble is {@code pciType} (0 single, 1
     * first, 2 consecutive, 3 flow control), skipping others; fails after {@code timeoutMillis}.
     */
    public Frame await(int canId, int pciType, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        StringBuilder skipped = new StringBuilder();
        for (;;) {
            long left = deadline - System.currentTimeMillis();
            Frame f = left > 0 ? receive(left) : null;
            if (f == null) {
                throw new AssertionError(String.format("no frame %03X with PCI type %d within %d ms; seen:%s", canId,
                        pciType, timeoutMillis, skipped));
            }
            if (f.id == canId && f.data.length > 0 && (f.data[0] & 0xF0) >> 4 == pciType) {
                return f;
            }
            if (skipped.length() < 2000) {
                skipped.append(' ').append(f);
            }
        }
    }

    /** Reads and forgets every frame that is already queued. */
    public void drain() {
        while (receive(0) != null) {
            // forget it
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }

    @Override
    public String toString() {
        return "RawCanSocket[fd=" + fd + "]";
    }
}
