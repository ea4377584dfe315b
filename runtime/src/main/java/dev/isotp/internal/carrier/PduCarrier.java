package dev.isotp.internal.carrier;

import dev.isotp.internal.abi.KernelAbi;
import java.nio.ByteBuffer;

/**
 * What carries whole PDUs under an {@link dev.isotp.IsoTpSocket}: the seam between everything users see (validation,
 * request semantics, codecs, generated clients, exceptions and their words), which is written once, and the
 * carriers below it: the kernel's ISO-TP socket (through a native binding) or a user-space ISO-TP engine over CAN
 * frames.
 *
 * <p>The contract is the one of the kernel's ISO-TP socket ({@code net/can/isotp.c}), so that every carrier behaves
 * the same and the same errno becomes the same exception above the seam: options are the kernel's structs
 * ({@code include/uapi/linux/can/isotp.h}, encoded by {@code dev.isotp.internal.abi.Structs}) set before {@link #bind};
 * a failure is a {@link CarrierException} with the errno the kernel would give for the same fault; receiving never
 * blocks ({@link #tryReceive}) and waiting is {@link #await}.
 *
 * <p>Threads: one sender and one receiver at a time (the socket above serializes each side); {@link #close()} from
 * any thread. A call that uses the carrier's resources is bracketed by {@link #enter()} and {@link #exit()}, so
 * that close() releases them only when the last such call has returned.
 *
 * <p>Internal: not an API, may change in any release.
 */
public interface PduCarrier {
    /** {@link #await} results. */
    int READY = 1;
    int TIMED_OUT = 0;
    int CLOSED = -1;

    /** The largest PDU this carrier sends and receives, in bytes. */
    int maxPduSize();

    /** True if the carrier is the kernel's own ISO-TP: kernel-version rules apply to it. */
    boolean isKernel();

    /** setsockopt(SOL_CAN_ISOTP, name, value): the value's bytes from 0 to its capacity. */
    void setOption(int name, ByteBuffer value) throws CarrierException;

    /** getsockopt(SOL_CAN_ISOTP, name) into a new buffer whose limit is the length returned. */
    ByteBuffer getOption(int name, int size) throws CarrierException;

    /**
     * Binds to interface {@code iface} with the given ids (CAN_EFF_FLAG included for 29-bit ids), as bind(2) does;
     * an interface that does not exist is ENODEV.
     */
    void bind(String iface, int rxid, int txid) throws CarrierException;

    /** The interface index and the ids as bound (getsockname(2)): a sockaddr_can. */
    ByteBuffer socketName() throws CarrierException;

    /** Sends {@code length} bytes from the position of a direct buffer as one PDU (blocks as send(2) does). */
    long send(ByteBuffer direct, int length) throws CarrierException;

    /** Sends the first {@code length} bytes of {@code data} as one PDU (blocks as send(2) does). */
    long send(byte[] data, int length) throws CarrierException;

    /** True while a transfer of this carrier is still running (a PDU is being sent). Never blocks. */
    boolean transferRunning();

    /**
     * True once {@link #close()} freed a send that was blocked in this carrier: that send failed, whatever the call
     * returned.
     */
    boolean sendInterrupted();

    /**
     * Takes a queued PDU without blocking into the position of a direct buffer: its full length (it was truncated
     * to {@code room} if longer, as with MSG_TRUNC), or minus the errno (-EAGAIN: nothing queued). With
     * {@code flags} containing MSG_PEEK the PDU stays queued. Never throws and allocates nothing.
     */
    long tryReceive(ByteBuffer direct, int room, int flags);

    /**
     * As {@link #tryReceive} with {@code flags} without MSG_PEEK, except that a PDU longer than {@code room} is not
     * taken: its length is returned and it stays queued for the next receive (its first {@code room} bytes may have
     * been written). This default looks at the PDU's length first (MSG_PEEK) whenever it might not fit; a carrier
     * that can do it in one call overrides it.
     */
    default long tryReceiveKeepingOversized(ByteBuffer direct, int room, int flags) {
        if (room < maxPduSize()) {
            long length = tryReceive(direct, 0, flags | KernelAbi.MSG_PEEK);
            if (length > room || length < 0) {
                return length;
            }
        }
        return tryReceive(direct, room, flags);
    }

    /**
     * Stamps every PDU received from now on with its arrival time: the arrival of its last CAN frame, in the
     * kernel's CLOCK_REALTIME (SO_TIMESTAMPNS), so that stamps of different carriers of one machine compare.
     */
    void enableReceiveTimestamps() throws CarrierException;

    /**
     * As {@link #tryReceive}, and keeps the receive time of the PDU taken for {@link #lastReceiveTimestampNanos()}.
     * Never throws and allocates nothing once it has received into a given buffer.
     */
    long tryReceiveStamped(ByteBuffer direct, int room, int flags);

    /**
     * The receive time of the PDU the last {@link #tryReceiveStamped} took, in nanoseconds since the epoch;
     * {@link Long#MIN_VALUE} when it has none (timestamps were not enabled).
     */
    long lastReceiveTimestampNanos();

    /**
     * How many PDUs this socket dropped because its receive queue was full: the kernel's sk_drops (what SO_RXQ_OVFL
     * reports), the engine's own count.
     */
    long receiveQueueDrops() throws CarrierException;

    /**
     * Where this carrier reports an error met on one of its own threads (the engine's timer tasks and the frames its
     * bus delivers, the poller running a readiness callback) that no call was waiting to receive: the socket above
     * logs and counts it. Set once, right after the carrier is made; until then such errors are only counted by no
     * one, so the socket sets it before anything can run.
     *
     * @param sink takes what was running (e.g. "engine timer of vcan0 0x7E0->0x7E8") and what it threw
     */
    void onUnclaimedError(java.util.function.BiConsumer<String, Throwable> sink);

    /** What {@link #receive} returns when {@link #close()} ended its wait. */
    long RECEIVE_CLOSED = Long.MIN_VALUE;

    /**
     * Receives one PDU, waiting for it at most {@code timeoutMillis} (0 or less: without limit): as
     * {@link #tryReceiveStamped} when {@code stamped}, else as {@link #tryReceiveKeepingOversized}, with their
     * results; -EAGAIN when the time passed without a PDU, {@link #RECEIVE_CLOSED} when {@link #close()} ended the
     * wait. This default takes what is queued and otherwise waits in {@link #await}; a carrier that can wait inside
     * its receive call (one call per PDU whether it is queued or not) overrides it.
     *
     * @throws CarrierException when waiting failed (as {@link #await})
     */
    default long receive(ByteBuffer direct, int room, int flags, boolean stamped, long timeoutMillis)
            throws CarrierException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        long nothing = -KernelAbi.EAGAIN;
        for (;;) {
            long length = stamped ? tryReceiveStamped(direct, room, flags) : tryReceiveKeepingOversized(direct, room, flags);
            if (length != nothing) {
                return length;
            }
            long left = deadline == 0 ? 0 : Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            int state = await(left);
            if (state == CLOSED) {
                return RECEIVE_CLOSED;
            }
            if (state == TIMED_OUT) {
                return nothing;
            }
        }
    }

    /**
     * Waits until a PDU or an error is there to take ({@link #READY}), the timeout passed ({@link #TIMED_OUT}), or
     * {@link #close()} was called ({@link #CLOSED}). A timeout of 0 or less waits without limit.
     */
    int await(long timeoutMillis) throws CarrierException;

    /**
     * Arms a one-shot readiness report without holding a thread: {@code ready} runs once, when a PDU or an error is
     * there to take, or the carrier is closed (at once if one of these holds already). It runs on the carrier's own
     * thread (the kernel's: the process's poller; the engine's: the thread that delivers a frame, possibly while the
     * engine holds its lock), so it must only hand the work off and never block or call back into the carrier. A
     * report may be spurious: the receiver looks with {@link #tryReceive} and arms again if nothing is there. One
     * callback per carrier: arming replaces the one armed before. Not for a thread that waits in {@link #await} at
     * the same time.
     */
    void armReadable(Runnable ready) throws CarrierException;

    /** Forgets the callback of {@link #armReadable}, if it has not run yet; it may still run once, spuriously. */
    void disarmReadable();

    /** Registers a call that will use the carrier; false if it is closed. Pair with {@link #exit()}. */
    boolean enter();

    /** Ends a call begun with {@link #enter()}. */
    void exit();

    boolean isClosed();

    /** The interfaces this carrier binds to, for the words of a failed bind. */
    InterfaceFacts interfaceFacts();

    /** Marks the carrier closed, wakes a waiting receiver, and releases what it holds once no call uses it. */
    void close();
}
