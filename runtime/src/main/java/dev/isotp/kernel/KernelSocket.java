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
    private static final int EAGAIN = 11;
    /** How often close() repeats the signal to a thread still in the kernel (it may not have reached its wait yet). */
    private static final long SIGNAL_PERIOD_NANOS = 1_000_000;
    /** How long close() keeps signalling before it leaves a transfer to end by itself. */
    private static final long SIGNAL_LIMIT_NANOS = 10_000_000_000L;

    private final int fd;
    private final int wakeFd;
    private final int maxPduSize = KernelInfo.maxPduSize();
    /** Count of calls using the descriptors, plus CLOSED_BIT once close() was called. */
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Two struct pollfd: the socket, then the eventfd. Used by the one reader at a time (the caller serializes). */
    private final ByteBuffer pollFds = Structs.allocate(2 * KernelAbi.POLLFD_SIZE);
    private final ByteBuffer wakeValue = Structs.allocate(8);
    /** The recvmsg(2) message of {@link #tryReceiveStamped}, made on its first use; owned by the one reader. */
    private ByteBuffer message;
    /** The buffer the message last received into, and its native address (looked up once per buffer). */
    private ByteBuffer messageTarget;
    private long messageTargetAddress;
    /** For {@link #transferRunning()}: a send of no bytes. */
    private final ByteBuffer nothing = Structs.allocate(1);
    /** The thread in send(2), as pthread_kill names it; 0 when none. Sends are serialized by the caller. */
    private volatile long sender;
    /** Set once close() interrupted a send: that send failed, and close(2) must not wait for its transfer. */
    private volatile boolean sendInterrupted;
    /** The thread in close(2) while it may wait for a transfer; 0 when none. */
    private volatile long releaser;

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
            long thread = sender;
            if (thread != 0 && ThreadSignal.available()) {
                sendInterrupted = true;
                Thread waker = new Thread(() -> interruptTransfer(thread), "isotp-close " + fd);
                waker.setDaemon(true);
                waker.start();
            }
        }
    }

    /**
     * Frees a thread blocked in send(2) and stops its transfer: the kernel's wait for the transfer is interruptible,
     * so a signal returns the send; the release of the socket (close(2)) waits for the transfer too, so it runs on a
     * thread of its own which is signalled in turn, and the kernel then stops the transfer (it cancels its timers).
     * The signal is repeated because it may arrive before the thread reached its wait.
     */
    private void interruptTransfer(long thread) {
        long deadline = System.nanoTime() + SIGNAL_LIMIT_NANOS;
        while (System.nanoTime() < deadline) {
            long releasing = releaser;
            if (sender == thread) {
                ThreadSignal.interrupt(thread);
            } else if (releasing != 0) {
                ThreadSignal.interrupt(releasing);
            } else if (released.get() && releaser == 0 && sender != thread) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(SIGNAL_PERIOD_NANOS);
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            if (sendInterrupted) {
                // close(2) waits until the interrupted transfer ends: not on the caller's thread
                releaser = -1;
                Thread closer = new Thread(() -> {
                    releaser = ThreadSignal.self();
                    closeQuietly(fd);
                    closeQuietly(wakeFd);
                    releaser = 0;
                }, "isotp-release " + fd);
                closer.setDaemon(true);
                closer.start();
            } else {
                closeQuietly(fd);
                closeQuietly(wakeFd);
            }
        }
    }

    /** True once {@link #close()} interrupted a send: whatever that send returned, its PDU was cut short. */
    @Override
    public boolean sendInterrupted() {
        return sendInterrupted;
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

    /**
     * Blocks while an earlier transfer is still running (and, with WAIT_TX_DONE, until this one ended). The sending
     * thread is noted so that {@link #close()} can free it.
     */
    @Override
    public long send(ByteBuffer direct, int length) throws CarrierException {
        sender = ThreadSignal.self();
        try {
            return Libc.send(fd, direct, length, 0);
        } catch (LastErrorException e) {
            throw failure(e);
        } finally {
            sender = 0;
        }
    }

    @Override
    public long send(byte[] data, int length) throws CarrierException {
        sender = ThreadSignal.self();
        try {
            return Libc.send(fd, data, length, 0);
        } catch (LastErrorException e) {
            throw failure(e);
        } finally {
            sender = 0;
        }
    }

    /**
     * A send of no bytes without waiting tells: the kernel answers EAGAIN while a transfer runs and EINVAL (no bytes)
     * once it is idle, sending nothing either way (the state is checked before the size on every kernel since 5.10).
     */
    @Override
    public boolean transferRunning() {
        long result = NonThrowingLibc.send(fd, nothing, 0, KernelAbi.MSG_DONTWAIT);
        return result < 0 && Native.getLastError() == EAGAIN;
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

    /** SO_TIMESTAMPNS: the kernel stamps every PDU this socket receives with the arrival of its last frame. */
    @Override
    public void enableReceiveTimestamps() throws CarrierException {
        ByteBuffer on = Structs.allocate(4).putInt(0, 1);
        try {
            Libc.setsockopt(fd, KernelAbi.SOL_SOCKET, KernelAbi.SO_TIMESTAMPNS, on, 4);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    /** Through recvmsg(2), with the SCM_TIMESTAMPNS control message; allocates nothing after the first call with a buffer. */
    @Override
    public long tryReceiveStamped(ByteBuffer direct, int room, int flags) {
        if (message == null) {
            message = Structs.receiveMessage();
        }
        if (direct != messageTarget) {
            messageTargetAddress = Structs.address(direct);
            messageTarget = direct;
        }
        Structs.receiveInto(message, messageTargetAddress + direct.position(), room);
        long length = NonThrowingLibc.recvmsg(fd, message, flags | KernelAbi.MSG_DONTWAIT);
        return length >= 0 ? length : -Native.getLastError();
    }

    @Override
    public long lastReceiveTimestampNanos() {
        return message == null ? Long.MIN_VALUE : Structs.timestampNanos(message);
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
