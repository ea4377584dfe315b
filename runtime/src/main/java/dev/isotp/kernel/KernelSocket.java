package dev.isotp.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.PduCarrier;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's ISO-TP carrier: one kernel ISO-TP socket and the eventfd that wakes its waiting reader, with the bookkeeping that makes closing
 * safe from any thread: {@link #close()} marks the socket closed and wakes a reader blocked in {@link #await}, but the
 * file descriptors are released only when the last call that was using them has returned. A closed socket thus never
 * touches its old fd number, which the process may already have handed to someone else.
 *
 * <p>Failing calls throw {@link CarrierException} with the errno; the socket above turns it into a message. Nothing
 * here allocates on the send and receive path.
 */
public final class KernelSocket implements PduCarrier {
    private static final int CLOSED_BIT = 0x4000_0000;
    private static final int EINTR = 4;

    private final int fd;
    private final int wakeFd;
    private final int maxPduSize = KernelInfo.maxPduSize();
    /** Count of calls using the descriptors, plus CLOSED_BIT once close() was called. */
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Two struct pollfd: the socket, then the eventfd. Used by the one reader at a time (the caller serializes). */
    private final ByteBuffer pollFds = Structs.allocate(2 * KernelAbi.POLLFD_SIZE);
    private final ByteBuffer wakeValue = Structs.allocate(8);

    private KernelSocket(int fd, int wakeFd) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        pollFds.putInt(0, fd).putShort(4, KernelAbi.POLLIN);
        pollFds.putInt(KernelAbi.POLLFD_SIZE, wakeFd).putShort(KernelAbi.POLLFD_SIZE + 4, KernelAbi.POLLIN);
        wakeValue.putLong(0, 1L);
    }

    /** Opens a CAN ISO-TP datagram socket (close-on-exec) and its wake-up eventfd. */
    public static KernelSocket open() throws CarrierException {
        int fd;
        try {
            fd = Libc.socket(KernelAbi.AF_CAN, KernelAbi.SOCK_DGRAM | KernelAbi.SOCK_CLOEXEC, KernelAbi.CAN_ISOTP);
        } catch (LastErrorException e) {
            throw failure(e);
        }
        try {
            int wakeFd = Libc.eventfd(0, KernelAbi.EFD_CLOEXEC | KernelAbi.EFD_NONBLOCK);
            return new KernelSocket(fd, wakeFd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw failure(e);
        }
    }

    private static CarrierException failure(LastErrorException e) {
        return new CarrierException(e.getErrorCode());
    }

    @Override
    public int maxPduSize() {
        return maxPduSize;
    }

    @Override
    public boolean isKernel() {
        return true;
    }

    @Override
    public boolean enter() {
        for (;;) {
            int u = users.get();
            if ((u & CLOSED_BIT) != 0) {
                return false;
            }
            if (users.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** The last call out after close() releases the descriptors. */
    @Override
    public void exit() {
        if (users.decrementAndGet() == CLOSED_BIT) {
            release();
        }
    }

    @Override
    public boolean isClosed() {
        return (users.get() & CLOSED_BIT) != 0;
    }

    @Override
    public void close() {
        int u;
        do {
            u = users.get();
            if ((u & CLOSED_BIT) != 0) {
                return;
            }
        } while (!users.compareAndSet(u, u | CLOSED_BIT));
        if (u == 0) {
            release();
        } else {
            try {
                Libc.write(wakeFd, wakeValue, 8);
            } catch (LastErrorException ignored) {
                // the counter is already non-zero (EAGAIN): a wake-up is pending anyway
            }
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            closeQuietly(fd);
            closeQuietly(wakeFd);
        }
    }

    private static void closeQuietly(int descriptor) {
        try {
            Libc.close(descriptor);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error; there is nothing left to do
        }
    }

    @Override
    public void setOption(int name, ByteBuffer value) throws CarrierException {
        try {
            Libc.setsockopt(fd, KernelAbi.SOL_CAN_ISOTP, name, value, value.capacity());
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public ByteBuffer getOption(int name, int size) throws CarrierException {
        ByteBuffer value = Structs.allocate(size);
        ByteBuffer length = Structs.allocate(4).putInt(0, size);
        try {
            Libc.getsockopt(fd, KernelAbi.SOL_CAN_ISOTP, name, value, length);
        } catch (LastErrorException e) {
            throw failure(e);
        }
        value.limit(length.getInt(0));
        return value;
    }

    /** The index of a network interface, or minus the errno when there is none (ENODEV). */
    public static int interfaceIndex(String name) {
        int index = Libc.if_nametoindex(name);
        if (index > 0) {
            return index;
        }
        int errno = com.sun.jna.Native.getLastError();
        return -(errno == 0 ? Errno.ENODEV.number() : errno);
    }

    @Override
    public void bind(String iface, int rxid, int txid) throws CarrierException {
        int ifindex = interfaceIndex(iface);
        if (ifindex < 0) {
            throw new CarrierException(-ifindex);
        }
        ByteBuffer socketAddress = Structs.socketAddress(ifindex, rxid, txid);
        try {
            Libc.bind(fd, socketAddress, socketAddress.capacity());
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public ByteBuffer socketName() throws CarrierException {
        ByteBuffer address = Structs.allocate(KernelAbi.SOCKADDR_CAN_SIZE);
        ByteBuffer length = Structs.allocate(4).putInt(0, KernelAbi.SOCKADDR_CAN_SIZE);
        try {
            Libc.getsockname(fd, address, length);
        } catch (LastErrorException e) {
            throw failure(e);
        }
        return address;
    }

    /** Blocks while an earlier transfer is still running. */
    @Override
    public long send(ByteBuffer direct, int length) throws CarrierException {
        try {
            return Libc.send(fd, direct, length, 0);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public long send(byte[] data, int length) throws CarrierException {
        try {
            return Libc.send(fd, data, length, 0);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    /**
     * recv(2) with MSG_DONTWAIT, without throwing: lets a receiver take a PDU that is already there without first
     * paying for poll(2).
     */
    @Override
    public long tryReceive(ByteBuffer direct, int room, int flags) {
        long length = NonThrowingLibc.recv(fd, direct, room, flags | KernelAbi.MSG_DONTWAIT);
        return length >= 0 ? length : -Native.getLastError();
    }

    @Override
    public int await(long timeoutMillis) throws CarrierException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        for (;;) {
            if (isClosed()) {
                return CLOSED;
            }
            int wait = -1;
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return TIMED_OUT;
                }
                wait = (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
            }
            pollFds.putShort(6, (short) 0).putShort(KernelAbi.POLLFD_SIZE + 6, (short) 0);
            int ready;
            try {
                ready = Libc.poll(pollFds, 2, wait);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw failure(e);
            }
            if (ready == 0) {
                continue; // the deadline check above decides
            }
            if (pollFds.getShort(KernelAbi.POLLFD_SIZE + 6) != 0 || isClosed()) {
                return CLOSED;
            }
            if (pollFds.getShort(6) != 0) {
                return READY;
            }
        }
    }

    @Override
    public String toString() {
        return "KernelSocket[fd=" + fd + (isClosed() ? ", closed]" : "]");
    }
}
