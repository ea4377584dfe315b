package dev.isotp.engine;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import dev.isotp.spi.FrameReceiver;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * ISO 15765-2 in user space, one socket's worth: the transmit and receive state machines of mainline Linux's
 * {@code net/can/isotp.c}, frame for frame. Wherever ISO 15765-2 leaves a choice, this does what that file does, and
 * each such place names the function it follows: the 1 s N_Bs and N_Cr timers, consecutive frames paced by the
 * transmit confirmation (the echo) plus frame_txtime plus STmin, how padding is written and checked, WAIT frames
 * accepted without limit, never sending WAIT, one error slot that the next call reports.
 *
 * <p>Opt-in beyond the kernel ({@link EngineSettings}, from the public {@code EngineOptions}): N_Bs and N_Cr other than 1 s, an enforced wftmax.
 *
 * <p>Threads: frames arrive from the link's thread, timers fire on a shared scheduler, the socket's sender and
 * receiver call in; all state is guarded by this object's monitor, and link sends never block on delivery.
 */
final class IsoTpEngine implements FrameReceiver {
    // N_PCI types and sizes (isotp.c)
    static final int N_PCI_SF = 0x00;
    static final int N_PCI_FF = 0x10;
    static final int N_PCI_CF = 0x20;
    static final int N_PCI_FC = 0x30;
    static final int N_PCI_SZ = 1;
    static final int SF_PCI_SZ4 = 1;
    static final int SF_PCI_SZ8 = 2;
    static final int FF_PCI_SZ12 = 2;
    static final int FF_PCI_SZ32 = 6;
    static final int FC_CONTENT_SZ = 3;
    static final int FC_CTS = 0;
    static final int FC_WT = 1;
    static final int FC_OVFLW = 2;
    static final int CAN_MAX_DLEN = KernelAbi.CAN_MAX_DLEN;
    static final int MAX_12BIT_PDU_SIZE = 4095;
    /** ISOTP_ECHO_TIMEOUT: the transmit confirmation of a frame must come within 2 s. */
    static final long ECHO_TIMEOUT_NANOS = 2_000_000_000L;
    /** can_isotp_options.flags bits. */
    static final int LISTEN_MODE = KernelAbi.CAN_ISOTP_LISTEN_MODE;
    static final int EXTEND_ADDR = KernelAbi.CAN_ISOTP_EXTEND_ADDR;
    static final int TX_PADDING = KernelAbi.CAN_ISOTP_TX_PADDING;
    static final int RX_PADDING = KernelAbi.CAN_ISOTP_RX_PADDING;
    static final int CHK_PAD_LEN = KernelAbi.CAN_ISOTP_CHK_PAD_LEN;
    static final int CHK_PAD_DATA = KernelAbi.CAN_ISOTP_CHK_PAD_DATA;
    static final int HALF_DUPLEX = KernelAbi.CAN_ISOTP_HALF_DUPLEX;
    static final int FORCE_TXSTMIN = KernelAbi.CAN_ISOTP_FORCE_TXSTMIN;
    static final int FORCE_RXSTMIN = KernelAbi.CAN_ISOTP_FORCE_RXSTMIN;
    static final int RX_EXT_ADDR = KernelAbi.CAN_ISOTP_RX_EXT_ADDR;
    static final int WAIT_TX_DONE = KernelAbi.CAN_ISOTP_WAIT_TX_DONE;
    static final int SF_BROADCAST = KernelAbi.CAN_ISOTP_SF_BROADCAST;
    static final int CF_BROADCAST = KernelAbi.CAN_ISOTP_CF_BROADCAST;
    static final int DYN_FC_PARMS = KernelAbi.CAN_ISOTP_DYN_FC_PARMS;
    static final int CHECK_PADDING = CHK_PAD_LEN | CHK_PAD_DATA;
    static final int DEFAULT_PAD_CONTENT = KernelAbi.DEFAULT_PAD_CONTENT;
    static final long DEFAULT_FRAME_TXTIME = KernelAbi.CAN_ISOTP_DEFAULT_FRAME_TXTIME;
    static final long FRAME_TXTIME_ZERO = KernelAbi.CAN_ISOTP_FRAME_TXTIME_ZERO;
    /**
     * What one queued PDU costs beyond its byte array: the {@link Queued} entry (12-byte header, a reference, a long:
     * 24 bytes) and its slot in the deque (8 bytes, a deque being up to twice as long as its content).
     */
    static final int QUEUE_ENTRY_BYTES = 24 + 8;
    /** A deque grown beyond this many slots is replaced by a new one once drained (an ArrayDeque never shrinks). */
    static final int QUEUE_KEPT_SLOTS = 64;

    // errno values the kernel reports for the same faults
    static final int ENXIO = KernelAbi.ENXIO;
    static final int EAGAIN = KernelAbi.EAGAIN;
    static final int ENODEV = KernelAbi.ENODEV;
    static final int EINVAL = KernelAbi.EINVAL;
    static final int ECOMM = KernelAbi.ECOMM;
    static final int EBADMSG = KernelAbi.EBADMSG;
    static final int EILSEQ = KernelAbi.EILSEQ;
    static final int EMSGSIZE = KernelAbi.EMSGSIZE;
    static final int EADDRNOTAVAIL = KernelAbi.EADDRNOTAVAIL;
    static final int ENETDOWN = KernelAbi.ENETDOWN;
    static final int ETIMEDOUT = KernelAbi.ETIMEDOUT;
    /** Reported to a caller that close() woke; the socket above says "closed" instead. */
    static final int EBADF = KernelAbi.EBADF;
    /** Reported with the cause when the frame bus failed (threw) rather than gave an errno. */
    static final int EIO = KernelAbi.EIO;

    /** For engines made without a bus's timers ({@link #IsoTpEngine(EngineSettings)}, tests only): made at first use. */
    private static ScheduledExecutorService unattachedTimers;

    private enum Tx { IDLE, SENDING, WAIT_FC, WAIT_FIRST_FC }

    // ---- options, written by the carrier before bind
    int flags;
    long frameTxTime = DEFAULT_FRAME_TXTIME;
    int extAddress;
    int txPad = DEFAULT_PAD_CONTENT;
    int rxPad = DEFAULT_PAD_CONTENT;
    int rxExtAddress;
    int rxfcBs;
    int rxfcStmin;
    int rxfcWftmax;
    long forceTxStmin;
    long forceRxStmin;
    int mtu = 16;
    int txDl = CAN_MAX_DLEN;
    int txFlags;

    private final EngineSettings options;
    /** The timers of this engine's bus ({@link EngineTimers}). */
    private final ScheduledExecutorService timers;
    /** Where an error goes that no call waits for: the socket logs and counts it, the bus is told. */
    private volatile java.util.function.BiConsumer<String, Throwable> unclaimed = (where, error) -> { };
    /** The interface and ids, for messages: "vcan0 0x7E0->0x7E8"; set at bind. */
    private String label = "an unbound engine";
    private final long nBsNanos;
    private final long nCrNanos;

    // ---- binding
    private FrameLink link;
    private int rxid;
    private int txid;
    private boolean bound;
    private boolean closed;

    // ---- transmit (isotp.c: so->tx, so->txfc, so->tx_gap)
    private Tx txState = Tx.IDLE;
    private byte[] txBuf = new byte[0];
    private int txLen;
    private int txIdx;
    private int txSn;
    private int txBs;
    private int txfcBs;
    private int txfcStmin;
    private long txGap;
    private int waitFrames;
    private long txTimerGeneration;
    private ScheduledFuture<?> txTimer;
    private long txFrTimerGeneration;
    private ScheduledFuture<?> txFrTimer;
    /** Threads inside {@link #send} (a send under way or waiting for its transfer): they take a transfer's failure. */
    private int txClaimed;
    /** What broke off the transfer while a send was there to take it; taken by that send. */
    private Throwable txFailure;

    // ---- receive (isotp.c: so->rx)
    private boolean rxWaitData;
    private byte[] rxBuf = new byte[0];
    private long rxLen;
    private int rxIdx;
    private int rxSn;
    private int rxBs;
    private int rxLlDl;
    private long lastRxCf;
    private boolean lastRxCfSet;
    private long rxTimerGeneration;
    private ScheduledFuture<?> rxTimer;

    // ---- the socket: received PDUs and the pending error (sk_err)
    private ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The most PDUs queued since the deque was made: above {@link #QUEUE_KEPT_SLOTS} it is replaced once drained. */
    private int queuePeak;
    /** The receive time of the PDU last taken. */
    private long lastStamp;
    /** The heap the queued PDUs take, as {@link #realSize} counts it (the kernel's sk_rmem_alloc). */
    private long queuedBytes;
    /** PDUs dropped because the queue was full (the kernel's sk_drops, reported by SO_RXQ_OVFL). */
    private long queueDrops;
    private int error;
    /** The one-shot readiness callback of {@link #armReadable}; null when none is armed. */
    private Runnable readable;

    /** A received PDU and its receive time (ns since the epoch), as SO_TIMESTAMPNS would give it. */
    private static final class Queued {
        final byte[] pdu;
        final long stamp;

        Queued(byte[] pdu, long stamp) {
            this.pdu = pdu;
            this.stamp = stamp;
        }
    }

    /**
     * The heap a queued PDU of {@code length} bytes takes: its byte array (a 16-byte header, the bytes rounded up to
     * 8) and {@link #QUEUE_ENTRY_BYTES}; 56 bytes for 1 byte, as a 64-bit JVM lays it out.
     */
    static long realSize(int length) {
        return ((16L + length + 7) & ~7L) + QUEUE_ENTRY_BYTES;
    }

    /** An engine whose timers run on {@code timers} (its bus's, from {@link EngineTimers}). */
    IsoTpEngine(EngineSettings options, ScheduledExecutorService timers) {
        this.options = options;
        this.timers = timers;
        this.nBsNanos = options.nBsNanos();
        this.nCrNanos = options.nCrNanos();
    }

    /** For tests that drive an engine by hand, without a bus: timers of their own, shared by such engines. */
    IsoTpEngine(EngineSettings options) {
        this(options, unattachedTimers());
    }

    private static synchronized ScheduledExecutorService unattachedTimers() {
        if (unattachedTimers == null) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, r -> {
                Thread thread = new Thread(r, "isotp-engine-timer (no bus)");
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            unattachedTimers = t;
        }
        return unattachedTimers;
    }

    /** Where errors go that no call waits for (set by the carrier: the socket's log and count, and the bus). */
    void onUnclaimedError(java.util.function.BiConsumer<String, Throwable> sink) {
        unclaimed = sink;
    }

    /** Reports an error that no call waits for; never throws (it runs on timer and delivery threads). */
    private void reportUnclaimed(String where, Throwable error) {
        try {
            unclaimed.accept(where + " of " + label, error);
        } catch (RuntimeException | Error e) {
            error.addSuppressed(e);
        }
    }

    /**
     * A transfer broken off by {@code error} (what the link threw, or a fault of this engine): it ends at once, and
     * the send waiting for it (inside {@link #send}, with or without waitTxDone) gets it as the cause; when no send
     * is there, it is reported as unclaimed.
     */
    private void transferFailed(String where, Throwable error) {
        cancelTxTimer();
        cancelTxFrTimer();
        txState = Tx.IDLE;
        if (txClaimed > 0) {
            txFailure = error;
        } else {
            reportUnclaimed(where, error);
        }
        notifyAll();
    }

    /**
     * Runs a timer task on the bus's timers: what it throws is not left to the executor (which would keep it in a
     * future nobody reads) but ends the transfer ({@code tx}) or is reported as unclaimed.
     */
    private ScheduledFuture<?> schedule(Runnable task, long nanos, boolean tx) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    if (tx) {
                        transferFailed("engine timer", e);
                    } else {
                        rxWaitData = false;
                        reportUnclaimed("engine timer", e);
                    }
                }
            }
        };
        try {
            return timers.schedule(guarded, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the bus's last engine closed its timers: only a closed engine gets here; nothing is left to time
            return null;
        }
    }

    int maxPduSize() {
        return options.maxPduSize();
    }

    private int ae() {
        return (flags & EXTEND_ADDR) != 0 ? 1 : 0;
    }

    private int broadcastFlags() {
        return flags & (SF_BROADCAST | CF_BROADCAST);
    }

    /** padlen() of isotp.c: the CAN FD data length a frame of {@code length} bytes is padded to (8 at least). */
    static int padlen(int length) {
        if (length <= 8) {
            return 8;
        }
        if (length <= 12) {
            return 12;
        }
        if (length <= 16) {
            return 16;
        }
        if (length <= 20) {
            return 20;
        }
        if (length <= 24) {
            return 24;
        }
        if (length <= 32) {
            return 32;
        }
        if (length <= 48) {
            return 48;
        }
        return 64;
    }

    // ------------------------------------------------------------------ binding and the socket's view

    synchronized boolean isBound() {
        return bound;
    }

    /** Binds to an attached link; the ids carry CAN_EFF_FLAG for 29-bit ids. */
    synchronized void bind(FrameLink link, int rxid, int txid) {
        bind(link, "a link", rxid, txid);
    }

    /** As {@link #bind(FrameLink, int, int)}, on interface {@code iface} (named in reports). */
    synchronized void bind(FrameLink link, String iface, int rxid, int txid) {
        this.label = iface + " 0x" + Integer.toHexString(txid & KernelAbi.CAN_EFF_MASK).toUpperCase() + "->0x"
                + Integer.toHexString(rxid & KernelAbi.CAN_EFF_MASK).toUpperCase();
        this.link = link;
        this.rxid = rxid;
        this.txid = txid;
        this.bound = true;
        notifyAll();
    }

    /** Takes the pending error, then a queued PDU; as isotp_recvmsg() and skb_recv_datagram(): error first. */
    synchronized long tryReceive(java.nio.ByteBuffer direct, int room, boolean peek, boolean trunc) {
        if (!bound) {
            return -EADDRNOTAVAIL;
        }
        if (error != 0) {
            int e = error;
            error = 0;
            return -e;
        }
        Queued q = peek ? queue.peekFirst() : queue.pollFirst();
        if (q == null) {
            return -EAGAIN;
        }
        byte[] pdu = q.pdu;
        lastStamp = q.stamp;
        if (!peek) {
            queuedBytes -= realSize(pdu.length);
            if (queue.isEmpty() && queuePeak > QUEUE_KEPT_SLOTS) {
                queue = new ArrayDeque<>(); // the grown array goes with the old deque
                queuePeak = 0;
            }
        }
        int n = Math.min(room, pdu.length);
        direct.put(direct.position(), pdu, 0, n);
        return trunc ? pdu.length : n;
    }

    /** 1 when there is a PDU or an error to take (or the socket lost its binding), 0 on timeout, -1 when closed. */
    synchronized int await(long timeoutMillis) {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        while (true) {
            if (closed) {
                return -1;
            }
            if (error != 0 || !queue.isEmpty() || !bound) {
                return 1;
            }
            try {
                if (deadline == 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    /**
     * Runs {@code ready} once when a PDU or an error is there to take, the socket lost its binding or was closed: at
     * once if so already, else from the thread that delivers the frame or error (under this engine's lock).
     */
    synchronized void armReadable(Runnable ready) {
        if (closed || error != 0 || !queue.isEmpty() || !bound) {
            ready.run();
        } else {
            readable = ready;
        }
    }

    synchronized void disarmReadable() {
        readable = null;
    }

    /** Runs and forgets the armed readiness callback; called with this engine's lock held. */
    private void fireReadable() {
        Runnable r = readable;
        if (r != null) {
            readable = null;
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                reportUnclaimed("readiness callback", e);
            }
        }
    }

    /** Stops everything: timers, the transfer, the link; wakes every waiting caller. */
    void close() {
        FrameLink l;
        synchronized (this) {
            closed = true;
            cancelTxTimer();
            cancelTxFrTimer();
            cancelRxTimer();
            txState = Tx.IDLE;
            rxWaitData = false;
            l = link;
            link = null;
            bound = false;
            notifyAll();
            fireReadable();
        }
        if (l != null) {
            l.close();
        }
    }

    private void setError(int errno) {
        error = errno;
        notifyAll();
        fireReadable();
    }

    /**
     * __sock_queue_rcv_skb(): a PDU that completes while the queue holds its limit or more is dropped and counted
     * (so one PDU always fits an empty queue).
     */
    private void deliver(byte[] pdu) {
        if (queuedBytes >= options.receiveBufferBytes()) {
            queueDrops++;
            return;
        }
        // delivered while its last frame is handled: the time the kernel would stamp it with
        java.time.Instant now = java.time.Instant.now();
        queue.addLast(new Queued(pdu, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        queuePeak = Math.max(queuePeak, queue.size());
        queuedBytes += realSize(pdu.length);
        notifyAll();
        fireReadable();
    }

    /** PDUs dropped so far because the receive queue was full, as the kernel's sk_drops. */
    synchronized long queueDrops() {
        return queueDrops;
    }

    /** For tests: the heap the queued PDUs take, as counted against the limit. */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** For tests: the receive buffer's size, which never exceeds a checked length plus one frame. */
    synchronized int receiveBufferCapacity() {
        return rxBuf.length;
    }

    /** The receive time of the PDU the last {@link #tryReceive} took, in ns since the epoch. */
    synchronized long lastReceiveTimestampNanos() {
        return lastStamp;
    }

    /** True while no transfer runs (a send would not wait). */
    synchronized boolean transmitIdle() {
        return txState == Tx.IDLE;
    }

    // ------------------------------------------------------------------ transmit: isotp_sendmsg()

    /**
     * Sends one PDU as isotp_sendmsg() does: waits while a transfer runs, then sends a single frame or a first frame;
     * with WAIT_TX_DONE returns once the transfer is over, with its error.
     */
    synchronized long send(byte[] data, int size) throws CarrierException {
        if (!bound) {
            throw new CarrierException(EADDRNOTAVAIL);
        }
        while (txState != Tx.IDLE) {
            waitUninterruptibly();
            if (closed) {
                throw new CarrierException(EBADF);
            }
            if (!bound) {
                throw new CarrierException(EADDRNOTAVAIL);
            }
        }
        // from here this thread owns the transfer it starts: a failure of it is this call's
        txClaimed++;
        try {
            return sendClaimed(data, size);
        } finally {
            txClaimed--;
        }
    }

    private long sendClaimed(byte[] data, int size) throws CarrierException {
        if (size == 0 || size > options.maxPduSize()) {
            throw new CarrierException(EINVAL);
        }
        int ae = ae();
        // take care of a potential SF_DL ESC offset for TX_DL > 8
        int off = txDl > CAN_MAX_DLEN ? 1 : 0;
        if (broadcastFlags() == SF_BROADCAST && size > txDl - SF_PCI_SZ4 - ae - off) {
            throw new CarrierException(EINVAL);
        }
        if (txBuf.length < size) {
            txBuf = new byte[Math.max(size, 4096)];
        }
        System.arraycopy(data, 0, txBuf, 0, size);
        txLen = size;
        txIdx = 0;
        waitFrames = 0;
        txState = Tx.SENDING;
        CanFrame first;
        long timer = ECHO_TIMEOUT_NANOS;
        boolean awaitEcho = true;
        if (size <= txDl - SF_PCI_SZ4 - ae - off) {
            // a message that would fit an 8-byte frame omits the SF_DL escape (isotp_sendmsg)
            if (size <= CAN_MAX_DLEN - SF_PCI_SZ4 - ae) {
                off = 0;
            }
            byte[] d = fillDataFrame(ae, off);
            d[ae] = (byte) N_PCI_SF;
            if (off != 0) {
                d[SF_PCI_SZ4 + ae] = (byte) size;
            } else {
                d[ae] |= (byte) size;
            }
            first = frame(d);
        } else {
            first = frame(createFirstFrame(ae));
            if (broadcastFlags() == CF_BROADCAST) {
                // FC-less operation: consecutive frames paced by frame_txtime (or the forced STmin), no blocks
                txGap = (flags & FORCE_TXSTMIN) != 0 ? forceTxStmin : frameTxTime;
                txfcBs = 0;
            } else {
                txState = Tx.WAIT_FIRST_FC;
                timer = nBsNanos;
                awaitEcho = false; // the first frame's echo is not awaited (isotp_rcv_echo: no FF)
            }
        }
        startTxTimer(timer);
        txFailure = null;
        try {
            link.send(first);
        } catch (FrameLinkException e) {
            cancelTxTimer();
            txState = Tx.IDLE;
            notifyAll();
            throw new CarrierException(e.errno());
        } catch (RuntimeException e) {
            cancelTxTimer();
            txState = Tx.IDLE;
            notifyAll();
            throw new CarrierException(EIO, e);
        }
        if (awaitEcho) {
            afterEcho();
        }
        if ((flags & WAIT_TX_DONE) == 0) {
            throwTxFailure();
        }
        if ((flags & WAIT_TX_DONE) != 0) {
            while (txState != Tx.IDLE && !closed) {
                waitUninterruptibly();
            }
            if (closed) {
                throw new CarrierException(EBADF);
            }
            throwTxFailure();
            if (error != 0) {
                int e = error;
                error = 0;
                throw new CarrierException(e);
            }
        }
        return size;
    }

    /** Throws what broke off this send's transfer, if anything did. */
    private void throwTxFailure() throws CarrierException {
        Throwable failure = txFailure;
        if (failure != null) {
            txFailure = null;
            throw new CarrierException(EIO, failure);
        }
    }

    private void waitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CanFrame frame(byte[] data) {
        return new CanFrame(txid, data, mtu == 72, mtu == 72 ? txFlags : 0);
    }

    /** isotp_fill_dataframe(): data after the PCI, padded with txpad (or, for CAN FD lengths, mandatory 0xCC). */
    private byte[] fillDataFrame(int ae, int off) {
        int pcilen = N_PCI_SZ + ae + off;
        int space = txDl - pcilen;
        int num = Math.min(txLen - txIdx, space);
        int len = num + pcilen;
        int pad = -1;
        if (num < space) {
            if ((flags & TX_PADDING) != 0) {
                len = padlen(len);
                pad = txPad;
            } else if (len > CAN_MAX_DLEN) {
                len = padlen(len);
                pad = DEFAULT_PAD_CONTENT;
            }
        }
        byte[] d = new byte[len];
        if (pad >= 0) {
            Arrays.fill(d, (byte) pad);
        }
        System.arraycopy(txBuf, txIdx, d, pcilen, num);
        txIdx += num;
        if (ae != 0) {
            d[0] = (byte) extAddress;
        }
        return d;
    }

    /** isotp_create_fframe(): a full-length first frame, with the 32-bit FF_DL escape above 4095 bytes. */
    private byte[] createFirstFrame(int ae) {
        byte[] d = new byte[txDl];
        if (ae != 0) {
            d[0] = (byte) extAddress;
        }
        int ffPciSz;
        if (txLen > MAX_12BIT_PDU_SIZE) {
            d[ae] = (byte) N_PCI_FF;
            d[ae + 1] = 0;
            d[ae + 2] = (byte) (txLen >>> 24);
            d[ae + 3] = (byte) (txLen >>> 16);
            d[ae + 4] = (byte) (txLen >>> 8);
            d[ae + 5] = (byte) txLen;
            ffPciSz = FF_PCI_SZ32;
        } else {
            d[ae] = (byte) (N_PCI_FF | txLen >>> 8);
            d[ae + 1] = (byte) txLen;
            ffPciSz = FF_PCI_SZ12;
        }
        int n = txDl - ae - ffPciSz;
        System.arraycopy(txBuf, 0, d, ae + ffPciSz, n);
        txIdx = n;
        txSn = 1;
        return d;
    }

    /** isotp_send_cframe(): one consecutive frame; false if it could not be sent (the echo timer then reports ECOMM). */
    private boolean sendConsecutiveFrame() {
        int ae = ae();
        byte[] d = fillDataFrame(ae, 0);
        d[ae] = (byte) (N_PCI_CF | txSn);
        txSn = (txSn + 1) % 16;
        txBs++;
        FrameLink l = link;
        if (l == null) {
            return false;
        }
        try {
            l.send(frame(d));
            return true;
        } catch (FrameLinkException e) {
            return false; // isotp.c only logs a failed can_send of a consecutive frame
        } catch (RuntimeException e) {
            // not an errno of the bus but a fault of it: end the transfer now rather than when the echo timer runs out
            transferFailed("consecutive frame", e);
            return false;
        }
    }

    /**
     * isotp_rcv_echo(): a single or consecutive frame (or a broadcast first frame) has left. Done, or wait for the
     * next flow control after a full block, or send the next consecutive frame at once (no gap) or after tx_gap.
     * A loop, not recursion: a burst of thousands of frames must not grow the stack.
     */
    private void afterEcho() {
        while (true) {
            cancelTxTimer();
            if (txIdx >= txLen) {
                txState = Tx.IDLE;
                notifyAll();
                return;
            }
            if (txfcBs != 0 && txBs >= txfcBs) {
                txState = Tx.WAIT_FC;
                startTxTimer(nBsNanos);
                return;
            }
            if (txGap != 0) {
                startTxFrTimer(txGap);
                return;
            }
            startTxTimer(ECHO_TIMEOUT_NANOS);
            if (!sendConsecutiveFrame()) {
                return;
            }
        }
    }

    /** isotp_txfr_timer_handler(): the gap before the next consecutive frame has passed. */
    private synchronized void txFrTimerFired(long generation) {
        if (generation != txFrTimerGeneration || closed) {
            return;
        }
        txFrTimer = null;
        startTxTimer(ECHO_TIMEOUT_NANOS);
        if (txState == Tx.SENDING && sendConsecutiveFrame()) {
            afterEcho();
        }
    }

    /** isotp_tx_timer_handler(): no flow control (N_Bs) or no echo in time: ECOMM, the transfer is over. */
    private synchronized void txTimerFired(long generation) {
        if (generation != txTimerGeneration || closed) {
            return;
        }
        txTimer = null;
        if (txState == Tx.IDLE) {
            return;
        }
        txState = Tx.IDLE;
        setError(ECOMM);
    }

    private void startTxTimer(long nanos) {
        cancelTxTimer();
        long generation = ++txTimerGeneration;
        txTimer = schedule(() -> txTimerFired(generation), nanos, true);
    }

    private void cancelTxTimer() {
        txTimerGeneration++;
        if (txTimer != null) {
            txTimer.cancel(false);
            txTimer = null;
        }
    }

    private void startTxFrTimer(long nanos) {
        cancelTxFrTimer();
        long generation = ++txFrTimerGeneration;
        txFrTimer = schedule(() -> txFrTimerFired(generation), nanos, true);
    }

    private void cancelTxFrTimer() {
        txFrTimerGeneration++;
        if (txFrTimer != null) {
            txFrTimer.cancel(false);
            txFrTimer = null;
        }
    }

    // ------------------------------------------------------------------ receive: isotp_rcv()

    /** What the bus delivers: a failure in it is never left to the bus's delivery thread. */
    @Override
    public void frame(CanFrame cf) {
        try {
            receive(cf);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                rxWaitData = false;
                reportUnclaimed("delivery of " + cf, e);
            }
        }
    }

    private void receive(CanFrame cf) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!bound || closed) {
                return;
            }
            // isotp_rcv(): strictly the configured MTU (CAN 2.0 and CAN FD are separate transport channels)
            if (cf.isFd() != (mtu == 72)) {
                return;
            }
            // the receive filter exists only without broadcast flags (isotp_register_rxid())
            if (broadcastFlags() != 0 || cf.id() != rxid) {
                return;
            }
            int ae = ae();
            if (ae != 0 && cf.byteAt(0) != rxExtAddress) {
                return;
            }
            int pci = cf.byteAt(ae) & 0xF0;
            if ((flags & HALF_DUPLEX) != 0
                    && ((txState != Tx.IDLE && pci != N_PCI_FC) || (rxWaitData && pci == N_PCI_FC))) {
                return;
            }
            switch (pci) {
                case N_PCI_FC:
                    receiveFlowControl(cf, ae);
                    break;
                case N_PCI_SF:
                    receiveSingleFrameEscapes(cf, ae);
                    break;
                case N_PCI_FF:
                    receiveFirstFrame(cf, ae);
                    break;
                case N_PCI_CF:
                    receiveConsecutiveFrame(cf, ae, now);
                    break;
                default:
                    break; // reserved PCI types are ignored
            }
        }
    }

    @Override
    public void linkError(int errno) {
        synchronized (this) {
            if (errno == ENODEV) {
                // isotp_notify(NETDEV_UNREGISTER): the socket is unbound
                bound = false;
                link = null;
            }
            setError(errno);
        }
    }

    /** isotp_rcv() for N_PCI_SF: SF_DL from the PCI, or with a CAN FD frame longer than 8 the escaped length byte. */
    private void receiveSingleFrameEscapes(CanFrame cf, int ae) {
        int sfDl = cf.byteAt(ae) & 0x0F;
        if (cf.length() <= CAN_MAX_DLEN) {
            receiveSingleFrame(cf, SF_PCI_SZ4 + ae, sfDl);
        } else if (cf.isFd() && sfDl == 0) {
            receiveSingleFrame(cf, SF_PCI_SZ8 + ae, cf.byteAt(SF_PCI_SZ4 + ae));
        }
    }

    /** isotp_rcv_sf(): a single frame ends any reception in progress. */
    private void receiveSingleFrame(CanFrame cf, int pcilen, int len) {
        cancelRxTimer();
        rxWaitData = false;
        if (len == 0 || len > cf.length() - pcilen) {
            return;
        }
        if ((flags & CHECK_PADDING) != 0 && checkPadding(cf, pcilen + len, rxPad)) {
            setError(EBADMSG);
            return;
        }
        deliver(Arrays.copyOfRange(cf.data(), pcilen, pcilen + len));
    }

    /**
     * isotp_rcv_ff(): the announced length is checked against the largest PDU BEFORE any buffer is allocated; a
     * larger one is answered with an OVERFLOW flow control (sent even in listen mode, as isotp.c does).
     */
    private void receiveFirstFrame(CanFrame cf, int ae) {
        cancelRxTimer();
        rxWaitData = false;
        rxLlDl = padlen(cf.length());
        // the first frame has to use the entire frame up to LL_DL length
        if (cf.length() != rxLlDl) {
            return;
        }
        long len = ((cf.byteAt(ae) & 0x0F) << 8) + cf.byteAt(ae + 1);
        int ffPciSz;
        if (len != 0) {
            ffPciSz = FF_PCI_SZ12;
        } else {
            len = ((long) cf.byteAt(ae + 2) << 24) | (cf.byteAt(ae + 3) << 16) | (cf.byteAt(ae + 4) << 8) | cf.byteAt(ae + 5);
            ffPciSz = FF_PCI_SZ32;
        }
        int off = rxLlDl > CAN_MAX_DLEN ? 1 : 0;
        // u32 arithmetic as in isotp.c: a length just below 4 GiB wraps and the frame is dropped
        if (((len + ae + off + ffPciSz) & 0xFFFFFFFFL) < rxLlDl) {
            return;
        }
        if (len > options.maxPduSize()) {
            sendFlowControl(ae, FC_OVFLW);
            return;
        }
        rxLen = len;
        // room for the checked length plus one frame: a short FF_DL may be overrun by the frame's own bytes
        int capacity = (int) len + 64;
        if (rxBuf.length < capacity) {
            rxBuf = new byte[capacity];
        }
        rxIdx = 0;
        for (int i = ae + ffPciSz; i < rxLlDl; i++) {
            rxBuf[rxIdx++] = cf.data()[i];
        }
        rxSn = 1;
        rxWaitData = true;
        if ((flags & LISTEN_MODE) != 0) {
            return;
        }
        sendFlowControl(ae, FC_CTS);
    }

    /** isotp_rcv_cf(). */
    private void receiveConsecutiveFrame(CanFrame cf, int ae, long now) {
        if (!rxWaitData) {
            return;
        }
        if ((flags & FORCE_RXSTMIN) != 0) {
            if (lastRxCfSet && now - lastRxCf < forceRxStmin) {
                return;
            }
            lastRxCf = now;
            lastRxCfSet = true;
        }
        cancelRxTimer();
        int len = cf.length();
        // CFs are never longer than the FF
        if (len > rxLlDl) {
            return;
        }
        // CFs have usually the LL_DL length: shorter only for the last one
        if (len < rxLlDl && ((rxLen - rxIdx) & 0xFFFFFFFFL) > rxLlDl - ae - N_PCI_SZ) {
            return;
        }
        if ((cf.byteAt(ae) & 0x0F) != rxSn) {
            rxWaitData = false;
            setError(EILSEQ);
            return;
        }
        rxSn = (rxSn + 1) % 16;
        int i;
        for (i = ae + N_PCI_SZ; i < len; i++) {
            rxBuf[rxIdx++] = cf.data()[i];
            if (rxIdx >= rxLen) {
                break;
            }
        }
        if (rxIdx >= rxLen) {
            rxWaitData = false;
            if ((flags & CHECK_PADDING) != 0 && checkPadding(cf, i + 1, rxPad)) {
                setError(EBADMSG);
                return;
            }
            deliver(Arrays.copyOf(rxBuf, (int) rxLen));
            return;
        }
        if (rxfcBs == 0 || ++rxBs < rxfcBs) {
            startRxTimer();
            return;
        }
        if ((flags & LISTEN_MODE) != 0) {
            return;
        }
        sendFlowControl(ae, FC_CTS);
    }

    /** isotp_send_fc(): 3 bytes (plus the address byte), or 8 with TX_PADDING; then N_Cr runs. */
    private void sendFlowControl(int ae, int status) {
        byte[] d;
        if ((flags & TX_PADDING) != 0) {
            d = new byte[CAN_MAX_DLEN];
            Arrays.fill(d, (byte) txPad);
        } else {
            d = new byte[ae + FC_CONTENT_SZ];
        }
        d[ae] = (byte) (N_PCI_FC | status);
        d[ae + 1] = (byte) rxfcBs;
        d[ae + 2] = (byte) rxfcStmin;
        if (ae != 0) {
            d[0] = (byte) extAddress;
        }
        FrameLink l = link;
        if (l != null) {
            try {
                l.send(frame(d));
            } catch (FrameLinkException e) {
                // isotp.c only logs a failed flow control; the peer's N_Bs runs out
            } catch (RuntimeException e) {
                // the bus failed: as isotp.c the reception goes on (the peer's N_Bs runs out), and it is reported
                reportUnclaimed("flow control", e);
            }
        }
        rxBs = 0;
        lastRxCfSet = false;
        startRxTimer();
    }

    /** isotp_rx_timer_handler(): N_Cr passed while waiting for data: ETIMEDOUT. */
    private synchronized void rxTimerFired(long generation) {
        if (generation != rxTimerGeneration || closed) {
            return;
        }
        rxTimer = null;
        if (rxWaitData) {
            rxWaitData = false;
            setError(ETIMEDOUT);
        }
    }

    private void startRxTimer() {
        cancelRxTimer();
        long generation = ++rxTimerGeneration;
        rxTimer = schedule(() -> rxTimerFired(generation), nCrNanos, false);
    }

    private void cancelRxTimer() {
        rxTimerGeneration++;
        if (rxTimer != null) {
            rxTimer.cancel(false);
            rxTimer = null;
        }
    }

    /** isotp_rcv_fc(). */
    private void receiveFlowControl(CanFrame cf, int ae) {
        if (txState != Tx.WAIT_FC && txState != Tx.WAIT_FIRST_FC) {
            return;
        }
        cancelTxTimer();
        if (cf.length() < ae + FC_CONTENT_SZ
                || ((flags & CHECK_PADDING) != 0 && checkPadding(cf, ae + FC_CONTENT_SZ, rxPad))) {
            // malformed PDU: 'not a data message'
            txState = Tx.IDLE;
            setError(EBADMSG);
            return;
        }
        // block size and STmin from the first flow control, or from every one with DYN_FC_PARMS
        if (txState == Tx.WAIT_FIRST_FC || (flags & DYN_FC_PARMS) != 0) {
            txfcBs = cf.byteAt(ae + 1);
            txfcStmin = cf.byteAt(ae + 2);
            // a reserved STmin is taken as 0x7F (127 ms), as ISO 15765-2 says
            if (txfcStmin > 0x7F && (txfcStmin < 0xF1 || txfcStmin > 0xF9)) {
                txfcStmin = 0x7F;
            }
            long gap = frameTxTime;
            if ((flags & FORCE_TXSTMIN) != 0) {
                gap += forceTxStmin;
            } else if (txfcStmin < 0xF1) {
                gap += txfcStmin * 1_000_000L;
            } else {
                gap += (txfcStmin - 0xF0) * 100_000L;
            }
            txGap = gap;
            txState = Tx.WAIT_FC;
        }
        switch (cf.byteAt(ae) & 0x0F) {
            case FC_CTS:
                waitFrames = 0;
                txBs = 0;
                txState = Tx.SENDING;
                startTxTimer(ECHO_TIMEOUT_NANOS);
                if (sendConsecutiveFrame()) {
                    afterEcho();
                }
                break;
            case FC_WT:
                // opt-in: a sender that takes at most wftmax WAIT frames in a row (the kernel takes any number)
                if (options.enforceWftmax() && ++waitFrames > rxfcWftmax) {
                    txState = Tx.IDLE;
                    setError(ECOMM);
                    break;
                }
                startTxTimer(nBsNanos);
                break;
            case FC_OVFLW:
                txState = Tx.IDLE;
                setError(EMSGSIZE);
                break;
            default:
                // ISO 15765-2 leaves a reserved flow status to the implementation; mainline isotp_rcv_fc() ends the
                // transfer with EBADMSG ("reserved/unknown flow status", since the July 2026 fix "can: isotp: fix
                // timer drain order, wakeup handling and tx_gen ordering", backported to stable: Debian's 6.1 has
                // it). Kernels without that fix (up to 7.2-rc3; Debian's 5.10 and 6.12) end it without an error,
                // and a send with waitTxDone returns as if the PDU had been delivered: the engine does not copy that.
                txState = Tx.IDLE;
                setError(EBADMSG);
                break;
        }
    }

    /** check_pad(): true when the check FAILS. */
    private boolean checkPadding(CanFrame cf, int start, int content) {
        int len = cf.length();
        if ((flags & RX_PADDING) == 0) {
            if ((flags & CHK_PAD_LEN) != 0) {
                // check_optimized(): the frame must end right after its data
                return len <= CAN_MAX_DLEN ? len != start : len != padlen(start);
            }
            return true; // no valid test against an empty value
        }
        if ((flags & CHK_PAD_LEN) != 0 && len != padlen(len)) {
            return true;
        }
        if ((flags & CHK_PAD_DATA) != 0) {
            for (int i = start; i < len; i++) {
                if (cf.byteAt(i) != content) {
                    return true;
                }
            }
        }
        return false;
    }
}
