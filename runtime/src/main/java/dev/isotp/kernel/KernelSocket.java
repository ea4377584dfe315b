package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.InterfaceFacts;
import dev.isotp.internal.carrier.PduCarrier;
import dev.isotp.internal.carrier.UseCount;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's ISO-TP carrier: one kernel ISO-TP socket, through the process's {@link NativeBinding} (FFM on JDK 22+,
 * JNA before), with the bookkeeping that makes closing safe from any thread: {@link #close()} marks the socket closed
 * and wakes a reader waiting in {@link #await}, but the descriptors are released only when the last call that was
 * using them has returned. A closed socket thus never touches its old fd number, which the process may already have
 * handed to someone else.
 *
 * <p>Receiving costs one recvfrom(2) or recvmsg(2) per PDU. A receive into less room than the kernel's largest PDU
 * scatters the PDU over the caller's buffer and a spill area (one recvmsg, two iovecs), so a PDU longer than the room
 * is taken whole and held here, not truncated: the next receive gets it first, exactly as if it had stayed queued
 * in the kernel (what MSG_PEEK before every receive used to give, at one more syscall per PDU).
 *
 * <p>Waiting: a platform thread waits inside its one recvmsg(2) (or recvfrom(2)), as C does: the socket blocks, with
 * the receive timeout as SO_RCVTIMEO, set only when it differs from the last one set; close() frees the call with the
 * thread signal that frees a blocked send ({@link ThreadSignal}). A virtual thread arms the process's {@link Poller}
 * and parks, leaving its carrier thread free; close() unparks it. Where no thread signal can be sent (or with
 * {@code -Ddev.isotp.receive.epoll=true}), a platform thread takes what is queued and otherwise waits in
 * epoll_wait(2) on an epoll instance of this socket, made at its first wait; close() wakes it by adding a descriptor
 * that is always readable.
 *
 * <p>Failing calls throw {@link CarrierException} with the errno; the socket above turns it into a message. Nothing
 * here allocates on the send and receive path once the buffers are known.
 */
public final class KernelSocket implements PduCarrier {
    private static final int EAGAIN = KernelAbi.EAGAIN;
    private static final int EINTR = KernelAbi.EINTR;
    /** How often close() repeats the signal to a thread still in the kernel (it may not have reached its wait yet). */
    private static final long SIGNAL_PERIOD_NANOS = 1_000_000;
    /** How long close() keeps signalling before it leaves a transfer to end by itself. */
    private static final long SIGNAL_LIMIT_NANOS = 10_000_000_000L;
    private static final NativeBinding C = NativeBinding.get();
    /** Spill areas shared by all sockets, each used by one receive call at a time. */
    private static final AtomicReferenceArray<Spill> SPILLS = new AtomicReferenceArray<>(16);
    /** The property that keeps platform threads on the epoll wait (read when a socket is opened). */
    static final String EPOLL_WAIT_PROPERTY = "dev.isotp.receive.epoll";
    /**
     * The SO_RCVTIMEO of a wait without limit, which is a series of these: a finite receive timeout makes the kernel
     * end the call on a signal with EINTR (sock_intr_errno), whatever SA_RESTART the signal's handler has; without
     * one, a handler with SA_RESTART would have the call restarted and close() could not free it.
     */
    private static final long LONGEST_WAIT_MILLIS = dev.isotp.validation.Limits.MAX_RECEIVE_TIMEOUT_MILLIS;
    /** {@link #receiver} while close() signals that thread: it does not leave its receive meanwhile. */
    private static final long SIGNALLING = -2;
    private static final VarHandle RECEIVER;
    /** Counted once per socket, at its first epoll wait: see {@link #epollWaiters()}. */
    private static final java.util.concurrent.atomic.AtomicInteger EPOLL_WAITERS = new java.util.concurrent.atomic.AtomicInteger();

    static {
        try {
            RECEIVER = MethodHandles.lookup().findVarHandle(KernelSocket.class, "receiver", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private final int maxPduSize = KernelInfo.maxPduSize();
    /** Platform threads wait in their receive call, unless asked for the epoll wait (or signals cannot be sent). */
    private final boolean waitInReceive = !Boolean.getBoolean(EPOLL_WAIT_PROPERTY) && ThreadSignal.available();
    /** The calls using the descriptors, and whether close() was called. */
    private final UseCount users = new UseCount();
    private volatile boolean released;

    // Receive side: one receiver at a time (the socket above serializes receives).
    private final Object receiveState = C.newCallState();
    private volatile BufferAddress receiveAddress = BufferAddress.NONE;
    /** A PDU taken whole that did not fit the room it was received into: the next receive gets it first. */
    private byte[] held;
    /**
     * The platform thread in a receive call that may block, as pthread_kill names it, for close() to signal; 0 when
     * none, {@link #SIGNALLING} while close() signals it.
     */
    private volatile long receiver;
    /** The SO_RCVTIMEO last set on the socket, in ms; -1 before the first. */
    private long receiveTimeoutMillis = -1;
    private ByteBuffer receiveTimeout;
    /** The waiting virtual thread, for close() to unpark. */
    private volatile Thread parked;
    /** Whether the descriptor is in the poller's epoll set (then it is re-armed with EPOLL_CTL_MOD). */
    private volatile boolean inPoller;
    /** The one-shot callback of {@link #armReadable}; null when none is armed. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> readable =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** What the poller runs for this socket: the armed callback, once. */
    private final Runnable readableReport = this::reportReadableOnPoller;
    /** Where an error that no call waits for goes (the socket above logs and counts it). */
    private volatile java.util.function.BiConsumer<String, Throwable> unclaimed = (where, error) -> { };
    private ByteBuffer readableEvent;
    private ByteBuffer pollerEvent;
    /** This socket's epoll instance for platform-thread waits, made at the first wait; -1 before. */
    private int epfd = -1;
    private ByteBuffer waitEvents;
    private long waitEventsAddress;

    /** Receive timestamps (SO_TIMESTAMPNS) are on: the recvmsg(2) message of {@link #tryReceiveStamped}. */
    private volatile boolean timestamps;
    private ByteBuffer message;
    private long messageAddress;

    // Send side: one sender at a time (the socket above serializes sends).
    private final Object sendState = C.newCallState();
    private volatile BufferAddress sendAddress = BufferAddress.NONE;
    /** Where byte[] PDUs are copied to be sent: grown as PDUs need. */
    private ByteBuffer sendCopy;
    private long sendCopyAddress;
    /** For {@link #transferRunning()}: a send of no bytes. */
    private final ByteBuffer nothing = Structs.allocate(1);
    private final long nothingAddress = C.address(nothing);
    /** Where that send's errno goes (made once: a request asks after every send without waitTxDone). */
    private final Object transferState = C.newCallState();
    /** The thread in send(2), as pthread_kill names it; 0 when none. Sends are serialized by the caller. */
    private volatile long sender;
    /** Set once close() interrupted a send: that send failed, and close(2) must not wait for its transfer. */
    private volatile boolean sendInterrupted;
    /** The thread in close(2) while it may wait for a transfer; 0 when none. */
    private volatile long releaser;

    /** A direct buffer and its address, so that a buffer used again costs no address lookup. Immutable. */
    private static final class BufferAddress {
        static final BufferAddress NONE = new BufferAddress(null, 0);
        final ByteBuffer buffer;
        final long address;

        BufferAddress(ByteBuffer buffer, long address) {
            this.buffer = buffer;
            this.address = address;
        }
    }

    /** A spill area of the kernel's largest PDU and the msghdr with two iovecs that points into it. */
    private static final class Spill {
        final ByteBuffer data;
        final long dataAddress;
        final ByteBuffer message = Structs.allocate(KernelAbi.MSGHDR_SIZE + 2 * KernelAbi.IOVEC_SIZE);
        final long messageAddress;

        Spill(int size) {
            data = Structs.allocate(size);
            dataAddress = C.address(data);
            messageAddress = C.address(message);
            long iov = messageAddress + KernelAbi.MSGHDR_SIZE;
            message.putLong(16, iov).putLong(24, 2);
            message.putLong(KernelAbi.MSGHDR_SIZE + KernelAbi.IOVEC_SIZE, dataAddress);
        }
    }

    private KernelSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a CAN ISO-TP datagram socket (close-on-exec). */
    public static KernelSocket open() throws CarrierException {
        int fd = C.socket(KernelAbi.AF_CAN, KernelAbi.SOCK_DGRAM | KernelAbi.SOCK_CLOEXEC, KernelAbi.CAN_ISOTP);
        if (fd < 0) {
            throw new CarrierException(-fd);
        }
        return new KernelSocket(fd);
    }

    /** "ffm" or "jna": the native binding of this process. */
    public static String bindingName() {
        return C.name();
    }

    /** The binding's name with how its send and receive path reaches the kernel. */
    public static String bindingDescription() {
        return C.description();
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
    public InterfaceFacts interfaceFacts() {
        return KernelInfo.FACTS;
    }

    @Override
    public boolean enter() {
        return users.enter();
    }

    /** The last call out after close() releases the descriptors. */
    @Override
    public void exit() {
        if (users.exit()) {
            release();
        }
    }

    @Override
    public boolean isClosed() {
        return users.isClosed();
    }

    @Override
    public void close() {
        int inUse = users.close();
        if (inUse < 0) {
            return;
        }
        reportReadable();
        if (inUse == 0) {
            release();
        } else {
            wakeWaiter();
            long thread = sender;
            boolean receiving = signalReceiver();
            if ((thread != 0 || receiving) && ThreadSignal.available()) {
                if (thread != 0) {
                    sendInterrupted = true;
                }
                Thread waker = new Thread(() -> interruptCalls(thread), "isotp-close " + fd);
                waker.setDaemon(true);
                waker.start();
            }
        }
    }

    /**
     * Signals the receiver again until it has left its receive call (the first signal may come before the thread
     * entered the call, and be lost), and frees a blocked send ({@code thread}, 0 for none).
     */
    private void interruptCalls(long thread) {
        long deadline = System.nanoTime() + SIGNAL_LIMIT_NANOS;
        boolean sendDone = thread == 0;
        boolean receiveDone = false;
        while (!(sendDone && receiveDone) && System.nanoTime() < deadline) {
            if (!sendDone) {
                sendDone = interruptTransfer(thread);
            }
            LockSupport.parkNanos(SIGNAL_PERIOD_NANOS);
            receiveDone = !signalReceiver();
        }
    }

    /**
     * Signals the thread in a receive call, if one is there: it cannot leave the call meanwhile (see
     * {@link #leaveReceive}), so the signal never goes to a thread that has ended. False when none was there.
     */
    private boolean signalReceiver() {
        long thread = receiver;
        if (thread == 0 || thread == SIGNALLING || !RECEIVER.compareAndSet(this, thread, SIGNALLING)) {
            return thread == SIGNALLING;
        }
        ThreadSignal.interrupt(thread);
        receiver = thread;
        return true;
    }

    /**
     * Frees a thread blocked in send(2) and stops its transfer: the kernel's wait for the transfer is interruptible,
     * so a signal returns the send; the release of the socket (close(2)) waits for the transfer too, so it runs on a
     * thread of its own which is signalled in turn, and the kernel then stops the transfer (it cancels its timers).
     * The signal is repeated because it may arrive before the thread reached its wait: one step of that, true once the
     * transfer is over.
     */
    private boolean interruptTransfer(long thread) {
        long releasing = releaser;
        if (sender == thread) {
            ThreadSignal.interrupt(thread);
        } else if (releasing != 0) {
            ThreadSignal.interrupt(releasing);
        } else {
            return released && releaser == 0 && sender != thread;
        }
        return false;
    }

    /** True once {@link #close()} interrupted a send: whatever that send returned, its PDU was cut short. */
    @Override
    public boolean sendInterrupted() {
        return sendInterrupted;
    }

    private void wakeWaiter() {
        Thread t = parked;
        if (t != null) {
            LockSupport.unpark(t);
        }
        synchronized (this) {
            if (epfd >= 0 && !released) {
                // an always-readable descriptor joins the set: the epoll_wait in progress (or the next) returns
                ByteBuffer event = Structs.allocate(KernelAbi.EPOLL_EVENT_SIZE);
                event.putInt(0, KernelAbi.EPOLLIN).putLong(4, AlwaysReadable.FD);
                C.epollCtl(epfd, KernelAbi.EPOLL_CTL_ADD, AlwaysReadable.FD, event);
            }
        }
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            if (sendInterrupted || transferRunning()) {
                // close(2) waits until the transfer ends (an interrupted one, or one whose send returned without
                // waitTxDone): not on the caller's thread, so that close() never waits for a transfer
                releaser = -1;
                Thread closer = new Thread(() -> {
                    releaser = ThreadSignal.self();
                    closeDescriptors();
                    releaser = 0;
                }, "isotp-release " + fd);
                closer.setDaemon(true);
                closer.start();
            } else {
                closeDescriptors();
            }
        }
    }

    private void closeDescriptors() {
        C.close(fd); // releases the descriptor even when it reports an error: nothing left to do then
        if (epfd >= 0) {
            C.close(epfd);
        }
    }

    @Override
    public void setOption(int name, ByteBuffer value) throws CarrierException {
        check(C.setsockopt(fd, KernelAbi.SOL_CAN_ISOTP, name, value, value.capacity()));
    }

    @Override
    public ByteBuffer getOption(int name, int size) throws CarrierException {
        ByteBuffer value = Structs.allocate(size);
        ByteBuffer length = Structs.allocate(4).putInt(0, size);
        check(C.getsockopt(fd, KernelAbi.SOL_CAN_ISOTP, name, value, length));
        value.limit(length.getInt(0));
        return value;
    }

    /**
     * sk_drops through getsockopt(SO_MEMINFO): the count SO_RXQ_OVFL puts beside each PDU received, read on every
     * kernel (Debian's 5.10 has SO_MEMINFO but gives ISO-TP sockets no SO_RXQ_OVFL message) and without a control
     * message on each receive.
     */
    @Override
    public long receiveQueueDrops() throws CarrierException {
        int size = KernelAbi.SK_MEMINFO_VARS * 4;
        ByteBuffer value = Structs.allocate(size);
        ByteBuffer length = Structs.allocate(4).putInt(0, size);
        check(C.getsockopt(fd, KernelAbi.SOL_SOCKET, KernelAbi.SO_MEMINFO, value, length));
        if (length.getInt(0) < size) {
            throw new CarrierException(KernelAbi.EINVAL);
        }
        return Integer.toUnsignedLong(value.getInt(KernelAbi.SK_MEMINFO_DROPS * 4));
    }

    private static void check(int result) throws CarrierException {
        if (result < 0) {
            throw new CarrierException(-result);
        }
    }

    /** The index of a network interface, or minus the errno when there is none (ENODEV). */
    public static int interfaceIndex(String name) {
        return C.interfaceIndex(name);
    }

    @Override
    public void bind(String iface, int rxid, int txid) throws CarrierException {
        int ifindex = interfaceIndex(iface);
        if (ifindex < 0) {
            throw new CarrierException(-ifindex);
        }
        ByteBuffer socketAddress = Structs.socketAddress(ifindex, rxid, txid);
        check(C.bind(fd, socketAddress, socketAddress.capacity()));
    }

    @Override
    public ByteBuffer socketName() throws CarrierException {
        ByteBuffer address = Structs.allocate(KernelAbi.SOCKADDR_CAN_SIZE);
        ByteBuffer length = Structs.allocate(4).putInt(0, KernelAbi.SOCKADDR_CAN_SIZE);
        check(C.getsockname(fd, address, length));
        return address;
    }

    /** Blocks while an earlier transfer is still running (and, with WAIT_TX_DONE, until this one is done). */
    @Override
    public long send(ByteBuffer direct, int length) throws CarrierException {
        BufferAddress a = sendAddress;
        if (a.buffer != direct) {
            sendAddress = a = new BufferAddress(direct, C.address(direct));
        }
        long sent = sendAt(a.address + direct.position(), length);
        Reference.reachabilityFence(direct);
        return sent;
    }

    @Override
    public long send(byte[] data, int length) throws CarrierException {
        if (sendCopy == null || sendCopy.capacity() < length) {
            sendCopy = Structs.allocate(Math.max(length, 256));
            sendCopyAddress = C.address(sendCopy);
        }
        sendCopy.put(0, data, 0, length);
        long sent = sendAt(sendCopyAddress, length);
        Reference.reachabilityFence(sendCopy);
        return sent;
    }

    /** The sending thread is noted so that {@link #close()} can free it. */
    private long sendAt(long address, int length) throws CarrierException {
        sender = ThreadSignal.self();
        try {
            long sent = C.send(sendState, fd, address, length, 0);
            if (sent < 0) {
                throw new CarrierException((int) -sent);
            }
            return sent;
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
        long result;
        synchronized (nothing) { // awaitSent() and the release on close() may ask at once: one errno holder each time
            result = C.send(transferState, fd, nothingAddress, 0, KernelAbi.MSG_DONTWAIT);
        }
        Reference.reachabilityFence(nothing);
        return result == -EAGAIN;
    }

    /** SO_TIMESTAMPNS: the kernel stamps every PDU this socket receives with the arrival of its last frame. */
    @Override
    public void enableReceiveTimestamps() throws CarrierException {
        ByteBuffer on = Structs.allocate(4).putInt(0, 1);
        check(C.setsockopt(fd, KernelAbi.SOL_SOCKET, KernelAbi.SO_TIMESTAMPNS, on, 4));
        timestamps = true;
    }

    /**
     * Through recvmsg(2), with the SCM_TIMESTAMPNS control message; allocates nothing after the first call with a
     * buffer. A held PDU (taken before timestamps were on) comes first, without a stamp.
     */
    @Override
    public long tryReceiveStamped(ByteBuffer direct, int room, int flags) {
        return receiveStamped(direct, room, flags | KernelAbi.MSG_DONTWAIT);
    }

    /** As {@link #tryReceiveStamped}; blocks unless {@code flags} has MSG_DONTWAIT. */
    private long receiveStamped(ByteBuffer direct, int room, int flags) {
        if (message == null) {
            message = Structs.receiveMessage(C::address);
            messageAddress = C.address(message);
        }
        if (held != null) {
            Structs.receiveInto(message, 0, 0); // no control message: no stamp for it
            return takeHeld(direct, room, Take.ALWAYS);
        }
        BufferAddress a = receiveAddress(direct);
        Structs.receiveInto(message, a.address + direct.position(), room);
        long length = C.recvmsg(receiveState, fd, messageAddress, flags);
        Reference.reachabilityFence(direct);
        Reference.reachabilityFence(message);
        return length;
    }

    @Override
    public long lastReceiveTimestampNanos() {
        return message == null ? Long.MIN_VALUE : Structs.timestampNanos(message);
    }

    /**
     * recv(2) with MSG_DONTWAIT, without throwing: a PDU already there is taken without a wait first. A PDU held
     * by {@link #tryReceiveKeepingOversized} comes first.
     */
    @Override
    public long tryReceive(ByteBuffer direct, int room, int flags) {
        return receivePlain(direct, room, flags | KernelAbi.MSG_DONTWAIT);
    }

    /** As {@link #tryReceive}; blocks unless {@code flags} has MSG_DONTWAIT. */
    private long receivePlain(ByteBuffer direct, int room, int flags) {
        if (held != null) {
            return takeHeld(direct, room, (flags & KernelAbi.MSG_PEEK) != 0 ? Take.PEEK : Take.ALWAYS);
        }
        BufferAddress a = receiveAddress(direct);
        long length = C.recv(receiveState, fd, a.address + direct.position(), room, flags);
        Reference.reachabilityFence(direct);
        return length;
    }

    /**
     * One recvmsg(2) for a PDU of any size: the first {@code room} bytes go to the caller's buffer, the rest to a
     * spill area; a PDU longer than {@code room} is then copied out and held, and its length returned.
     */
    @Override
    public long tryReceiveKeepingOversized(ByteBuffer direct, int room, int flags) {
        return receiveKeepingOversized(direct, room, flags | KernelAbi.MSG_DONTWAIT);
    }

    /**
     * As {@link #tryReceiveKeepingOversized}; blocks unless {@code flags} has MSG_DONTWAIT (then it needs
     * timestamps off, see {@link #receive}).
     */
    private long receiveKeepingOversized(ByteBuffer direct, int room, int flags) {
        if (held != null) {
            return takeHeld(direct, room, Take.IF_IT_FITS);
        }
        if (room >= maxPduSize) {
            return receivePlain(direct, room, flags);
        }
        if (timestamps) {
            // a held PDU would have no stamp: look first, as the contract's default does
            return PduCarrier.super.tryReceiveKeepingOversized(direct, room, flags);
        }
        BufferAddress a = receiveAddress(direct);
        long at = a.address + direct.position();
        Spill spill = takeSpill();
        ByteBuffer m = spill.message;
        m.putLong(KernelAbi.MSGHDR_SIZE, at).putLong(KernelAbi.MSGHDR_SIZE + 8, room);
        m.putLong(KernelAbi.MSGHDR_SIZE + KernelAbi.IOVEC_SIZE + 8, maxPduSize - room);
        long length = C.recvmsg(receiveState, fd, spill.messageAddress, flags);
        if (length > room) {
            byte[] pdu = new byte[(int) length];
            direct.get(direct.position(), pdu, 0, room);
            spill.data.get(0, pdu, room, (int) length - room);
            held = pdu;
        }
        giveSpill(spill);
        Reference.reachabilityFence(direct);
        return length;
    }

    private enum Take { PEEK, ALWAYS, IF_IT_FITS }

    /**
     * The held PDU, as the kernel's queue would give it: copied (up to room) and returned by length; taken off unless
     * peeked, or unless it does not fit and the caller keeps oversized PDUs.
     */
    private long takeHeld(ByteBuffer direct, int room, Take take) {
        byte[] pdu = held;
        boolean fits = pdu.length <= room;
        if (fits || take != Take.IF_IT_FITS) {
            direct.put(direct.position(), pdu, 0, Math.min(room, pdu.length));
        }
        if (take == Take.ALWAYS || (take == Take.IF_IT_FITS && fits)) {
            held = null;
        }
        return pdu.length;
    }

    private BufferAddress receiveAddress(ByteBuffer direct) {
        BufferAddress a = receiveAddress;
        if (a.buffer != direct) {
            receiveAddress = a = new BufferAddress(direct, C.address(direct));
        }
        return a;
    }

    private Spill takeSpill() {
        for (int i = 0; i < SPILLS.length(); i++) {
            Spill s = SPILLS.get(i);
            if (s != null && s.data.capacity() >= maxPduSize && SPILLS.compareAndSet(i, s, null)) {
                return s;
            }
        }
        return new Spill(maxPduSize);
    }

    private static void giveSpill(Spill spill) {
        for (int i = 0; i < SPILLS.length(); i++) {
            if (SPILLS.get(i) == null && SPILLS.compareAndSet(i, null, spill)) {
                return;
            }
        }
    }

    /**
     * On a platform thread: one receive call that blocks until a PDU (or an error) comes, the timeout passes
     * (SO_RCVTIMEO) or close() signals the thread. A virtual thread, or a platform thread where that cannot be had,
     * takes what is queued and waits in {@link #await} as the default does.
     */
    @Override
    public long receive(ByteBuffer direct, int room, int flags, boolean stamped, long timeoutMillis)
            throws CarrierException {
        if (!waitInReceive || held != null || (timestamps && !stamped) || Poller.isVirtual(Thread.currentThread())) {
            return PduCarrier.super.receive(direct, room, flags, stamped, timeoutMillis);
        }
        long self = ThreadSignal.self();
        receiver = self;
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
            long wait = timeoutMillis > 0 ? timeoutMillis : LONGEST_WAIT_MILLIS;
            for (;;) {
                // after receiver is set: a close() from now on signals this thread, one before is seen here
                if (isClosed()) {
                    return RECEIVE_CLOSED;
                }
                setReceiveTimeout(wait);
                long length = stamped ? receiveStamped(direct, room, flags) : receiveKeepingOversized(direct, room, flags);
                if (length != -EINTR && (length != -EAGAIN || deadline != 0)) {
                    return length;
                }
                // a signal (close(), or one for something else), or one part of a wait without limit ended
                if (deadline != 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return -EAGAIN;
                    }
                    wait = (left + 999_999) / 1_000_000;
                }
            }
        } finally {
            leaveReceive(self);
        }
    }

    /** Clears {@link #receiver}, after close() has finished signalling this thread if it is doing so. */
    private void leaveReceive(long self) {
        while (!RECEIVER.compareAndSet(this, self, 0L)) {
            Thread.onSpinWait();
        }
    }

    /** SO_RCVTIMEO, only when it differs from the one last set. */
    private void setReceiveTimeout(long millis) throws CarrierException {
        if (millis == receiveTimeoutMillis) {
            return;
        }
        if (receiveTimeout == null) {
            receiveTimeout = Structs.allocate(KernelAbi.TIMEVAL_SIZE);
        }
        receiveTimeout.putLong(0, millis / 1000).putLong(8, millis % 1000 * 1000);
        receiveTimeoutMillis = -1; // unknown if the call fails
        check(C.setsockopt(fd, KernelAbi.SOL_SOCKET, KernelAbi.SO_RCVTIMEO, receiveTimeout, KernelAbi.TIMEVAL_SIZE));
        receiveTimeoutMillis = millis;
    }

    /**
     * Arms the process's {@link Poller} for one report to {@code ready} (EPOLLIN or an error, EPOLLONESHOT): no
     * thread waits meanwhile. A PDU held here, or a closed socket, reports at once.
     */
    @Override
    public void armReadable(Runnable ready) throws CarrierException {
        readable.set(ready);
        if (!enter()) {
            reportReadable();
            return;
        }
        try {
            if (held != null) {
                reportReadable();
                return;
            }
            Poller poller = Poller.get();
            synchronized (readableReport) {
                if (readableEvent == null) {
                    readableEvent = Structs.allocate(KernelAbi.EPOLL_EVENT_SIZE);
                }
                int r = poller.arm(fd, readableReport, inPoller, readableEvent);
                if (r < 0) {
                    readable.set(null);
                    throw new CarrierException(-r);
                }
                inPoller = true;
            }
        } finally {
            exit();
        }
    }

    @Override
    public void disarmReadable() {
        readable.set(null);
    }

    private void reportReadable() {
        Runnable r = readable.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    /**
     * What the poller runs: the armed callback, whose failure no call is waiting for (the poller's thread serves
     * every socket of the process), so it is reported as unclaimed rather than left to the poller.
     */
    private void reportReadableOnPoller() {
        try {
            reportReadable();
        } catch (RuntimeException | Error e) {
            unclaimed.accept("the readiness callback of socket " + fd + " on the poller", e);
        }
    }

    @Override
    public void onUnclaimedError(java.util.function.BiConsumer<String, Throwable> sink) {
        unclaimed = java.util.Objects.requireNonNull(sink);
    }

    @Override
    public int await(long timeoutMillis) throws CarrierException {
        if (held != null) {
            return READY;
        }
        return Poller.isVirtual(Thread.currentThread()) ? awaitParked(timeoutMillis) : awaitBlocking(timeoutMillis);
    }

    /** A virtual thread: arms the poller and parks, so its carrier runs other virtual threads meanwhile. */
    private int awaitParked(long timeoutMillis) throws CarrierException {
        Poller poller = Poller.get();
        Thread self = Thread.currentThread();
        if (pollerEvent == null) {
            pollerEvent = Structs.allocate(KernelAbi.EPOLL_EVENT_SIZE);
        }
        parked = self;
        try {
            if (isClosed()) {
                return CLOSED;
            }
            int r = poller.arm(fd, self, inPoller, pollerEvent);
            if (r < 0) {
                throw new CarrierException(-r);
            }
            inPoller = true;
            if (timeoutMillis > 0) {
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                LockSupport.parkNanos(this, timeoutMillis * 1_000_000L);
                if (isClosed()) {
                    return CLOSED;
                }
                // readiness or a spurious wake-up: the caller looks, and waits again if there was nothing
                return System.nanoTime() - deadline >= 0 ? TIMED_OUT : READY;
            }
            LockSupport.park(this);
            return isClosed() ? CLOSED : READY;
        } finally {
            parked = null;
            poller.disarm(fd, self);
        }
    }

    /** A platform thread: epoll_wait on this socket's own epoll instance, which close() makes readable. */
    private int awaitBlocking(long timeoutMillis) throws CarrierException {
        if (epfd < 0) {
            makeEpoll();
        }
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
            int ready = C.epollWait(receiveState, epfd, waitEventsAddress, 1, wait);
            if (ready < 0) {
                if (ready == -EINTR) {
                    continue;
                }
                throw new CarrierException(-ready);
            }
            if (ready == 0) {
                continue; // the deadline check above decides
            }
            if (isClosed() || waitEvents.getLong(4) == AlwaysReadable.FD) {
                return CLOSED;
            }
            return READY;
        }
    }

    /** How many sockets of this process have waited in epoll_wait(2) on a platform thread: for the tests of the paths. */
    static int epollWaiters() {
        return EPOLL_WAITERS.get();
    }

    private synchronized void makeEpoll() throws CarrierException {
        EPOLL_WAITERS.incrementAndGet();
        int e = C.epollCreate();
        if (e < 0) {
            throw new CarrierException(-e);
        }
        waitEvents = Structs.allocate(KernelAbi.EPOLL_EVENT_SIZE);
        waitEventsAddress = C.address(waitEvents);
        waitEvents.putInt(0, KernelAbi.EPOLLIN).putLong(4, fd);
        int r = C.epollCtl(e, KernelAbi.EPOLL_CTL_ADD, fd, waitEvents);
        if (r < 0) {
            C.close(e);
            throw new CarrierException(-r);
        }
        epfd = e;
    }

    /** An eventfd whose counter is never read: always readable, the wake-up for a closed socket's epoll wait. */
    private static final class AlwaysReadable {
        static final int FD = make();

        private static int make() {
            int e = C.eventfd(1, KernelAbi.EFD_CLOEXEC | KernelAbi.EFD_NONBLOCK);
            if (e < 0) {
                throw new IllegalStateException("eventfd: " + Errno.nameOf(-e));
            }
            return e;
        }
    }

    @Override
    public String toString() {
        return "KernelSocket[fd=" + fd + (isClosed() ? ", closed]" : "]");
    }
}
