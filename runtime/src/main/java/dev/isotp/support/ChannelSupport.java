package dev.isotp.support;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PayloadCodec;
import dev.isotp.PayloadCodecException;
import dev.isotp.internal.failure.Failure;
import dev.isotp.validation.Limits;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The socket behind a generated {@code IsoTp_<Name>} client, with one method per method shape: the generated client
 * holds one and implements each interface method with one call of it, so it stays short and compiles fast. Every
 * method throws as the socket declares it ({@link IOException}); where an interface method does not declare
 * {@code IOException}, the generated client catches it and throws {@link java.io.UncheckedIOException} with it as
 * cause, rethrowing the subtypes the method declares as themselves.
 *
 * <h2>Requests and receives</h2>
 * A request is one exchange: its send and the receive of its answer happen under the channel's exchange lock, so
 * callers in several threads take turns (in arrival order) and never get each other's answers. Every receive takes
 * the same lock: a PDU goes to exactly one caller, and a receive that waits holds the channel until it returns (a
 * request in another thread waits that long). Sends take no exchange lock. The asynchronous forms ({@link
 * #requestAsync(byte[], Function)}, {@link #receiveAsync(Function)}, ...) take their turn in the same order, in call
 * order, and wait for it and for their answer with no thread.
 *
 * <p>Before a request is sent, PDUs already queued on the channel (late answers of earlier requests that timed out,
 * or anything unsolicited) are dropped: each is logged on the {@link System.Logger} {@code dev.isotp.channel} (level
 * INFO, with its first bytes) and counted in {@link #droppedPdus()}. The answer's time starts when the request has
 * left the bus ({@link IsoTpSocket#awaitSent()}), also with waitTxDone off.
 *
 * <h2>Arguments and exceptions</h2>
 * A payload is 1 to {@link IsoTpSocket#maxPduSize()} bytes; a {@link Duration} (timeout or window) is positive and
 * counted in whole milliseconds (at least 1 ms, at most 2147483647 ms). What the methods throw, each where it
 * applies; an asynchronous method completes its future exceptionally with it, as its synchronous form would throw
 * it, but throws a {@link NullPointerException}, a {@code Duration}'s exceptions and, on a UDS channel, an empty
 * request's {@link IllegalArgumentException} itself.
 * <table class="striped">
 * <caption>What the methods of ChannelSupport throw</caption>
 * <thead><tr><th scope="col">Exception</th><th scope="col">When</th></tr></thead>
 * <tbody>
 * <tr><th scope="row">{@link NullPointerException}</th><td>an argument is null; the message names it</td></tr>
 * <tr><th scope="row">{@link IllegalArgumentException}</th><td>a payload is empty or too long (for a functional
 *     request: longer than one single frame), a {@code Duration} is zero or negative; nothing is sent</td></tr>
 * <tr><th scope="row">{@link ArithmeticException}</th><td>a {@code Duration} is too long to be counted in
 *     milliseconds (a window: nanoseconds) as a {@code long}</td></tr>
 * <tr><th scope="row">{@link java.nio.ReadOnlyBufferException}</th><td>a {@link ByteBuffer} to receive into is a
 *     read-only heap buffer (the PDU was taken and is lost), or one to send is</td></tr>
 * <tr><th scope="row">{@link SocketTimeoutException}</th><td>no PDU came within the receive timeout, or no answer
 *     within the request timeout counted from when the request left (the message names the interface, the channel
 *     and the milliseconds waited); {@link #poll} returns empty instead</td></tr>
 * <tr><th scope="row">{@link dev.isotp.SocketClosedException}</th><td>the channel is closed, also by another thread
 *     while the call waits</td></tr>
 * <tr><th scope="row">{@link dev.isotp.FlowControlTimeoutException}</th><td>a send got no flow control within 1 s
 *     (N_Bs) or the interface did not echo a frame within 2 s; on a send also an earlier send's failure (waitTxDone
 *     off), which the message says</td></tr>
 * <tr><th scope="row">{@link dev.isotp.PeerOverflowException}</th><td>the peer's flow control said overflow</td></tr>
 * <tr><th scope="row">{@link dev.isotp.PduTooLargeException}</th><td>a received PDU is larger than the receive
 *     buffer size: dropped; by {@link #receive(ByteBuffer)}, one that does not fit the buffer: it stays
 *     queued</td></tr>
 * <tr><th scope="row">{@link dev.isotp.ConsecutiveFrameTimeoutException}</th><td>the peer stopped in the middle of a
 *     PDU (N_Cr 1 s)</td></tr>
 * <tr><th scope="row">{@link dev.isotp.SequenceNumberException}</th><td>a consecutive frame had the wrong sequence
 *     number</td></tr>
 * <tr><th scope="row">{@link dev.isotp.BadMessageException}</th><td>a flow control or a frame was malformed or failed
 *     the padding check</td></tr>
 * <tr><th scope="row">{@link dev.isotp.NetworkDownException}</th><td>the interface is down</td></tr>
 * <tr><th scope="row">{@link dev.isotp.DeviceGoneException}</th><td>the interface went away; the channel cannot be
 *     used again</td></tr>
 * <tr><th scope="row">{@link dev.isotp.IsoTpException}</th><td>any other errno, naming it (e.g. an error of the
 *     other direction reported late)</td></tr>
 * <tr><th scope="row">{@link dev.isotp.UdsTimeoutException}, {@link dev.isotp.NegativeResponseException}, {@link
 *     dev.isotp.TesterPresentException}</th><td>on a UDS channel, as the next section says</td></tr>
 * </tbody>
 * </table>
 *
 * <h2>UDS channels</h2>
 * Where the configuration says {@code uds} ({@code @UdsChannel}), every request, synchronous, asynchronous and
 * functional, is judged by ISO 14229 ({@code UdsExchange}): its answer is the PDU that answers it (other PDUs met
 * while it waits are dropped and counted as above), "response pending" extends the wait with P2*, busyRepeatRequest
 * sends it again, a final negative response is thrown as {@link dev.isotp.NegativeResponseException} (or returned,
 * for a method annotated {@code @UdsChannel.NegativeResponseAsAnswer}), and a request with
 * suppressPosRspMsgIndicationBit returns an empty array once P2 passed without a negative response. The time to the
 * whole answer is P2 (P2* after a pending answer) and the transfer allowance, capped by the request timeout (or the
 * call's {@code Duration}) from when the request first left; the timeout is {@link dev.isotp.UdsTimeoutException}.
 * The channel keeps a non-default session with TesterPresent while idle ({@code UdsSession}), and every call that
 * sends first throws a failed keep-alive as {@link dev.isotp.TesterPresentException}.
 *
 * <p>For generated code; not an API of its own. A client is composed with it, not derived from it, so no name here can
 * clash with a method of a user's interface.
 */
public final class ChannelSupport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.isotp.channel");
    /** Bytes of a dropped or undecodable PDU shown in a message. */
    private static final int HEX_SHOWN = 16;

    private final String channel;
    private final IsoTpSocket socket;
    private final long requestTimeoutMillis;
    /** Taken by every request and receive, synchronous or not: one exchange at a time, first come first served. */
    private final Turns exchange = new Turns();
    /** Taken by every asynchronous send: they go out in call order. */
    private final Turns asyncSends = new Turns();
    /** The futures of asynchronous methods not yet complete, for close() to complete. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** The receive timeout of the configuration, for asynchronous receives; 0: without limit. */
    private final long receiveTimeoutMillis;
    private final AtomicLong droppedPdus = new AtomicLong();
    /** What a UDS channel knows beyond one request; null for a channel that does not speak UDS. */
    private final UdsSession uds;
    /** The ECUs answering functional requests, each on its own socket; empty for other channels. */
    private final List<Responder> responders = new ArrayList<>();

    private static final class Responder {
        final int rxid;
        final IsoTpSocket socket;

        Responder(int rxid, IsoTpSocket socket) {
            this.rxid = rxid;
            this.socket = socket;
        }
    }

    /**
     * The message of a null argument, the same words as the socket's own: the processor writes it into the null check
     * of each generated method.
     *
     * @param parameter the parameter's name, e.g. "request"
     * @param needs what the method needs instead, e.g. "EngineEcu.request needs a PDU of 1 or more bytes"
     * @return "request is null: EngineEcu.request needs a PDU of 1 or more bytes"
     */
    public static String nullArgumentMessage(String parameter, String needs) {
        return Failure.NULL_ARGUMENT.message(parameter, needs);
    }

    private ChannelSupport(String channel, IsoTpSocket socket) {
        this.channel = channel;
        this.socket = socket;
        IsoTpConfig config = socket.config();
        this.requestTimeoutMillis = config == null ? Limits.DEFAULT_REQUEST_TIMEOUT_MILLIS : config.requestTimeout().toMillis();
        this.receiveTimeoutMillis = config == null ? 0 : config.receiveTimeout().toMillis();
        this.uds = config != null && config.uds() ? new UdsSession(config, socket, exchange, channel) : null;
    }

    /**
     * Opens the socket of {@code channel} as configured: what the constructor of a generated client without
     * overrides calls. For a functional channel, one more socket per responder, bound to (its rxid, its txid) with
     * the channel's padding, flow control and link layer options, so that the kernel sends the flow control of a
     * multi-frame answer to that ECU's physical request id.
     *
     * @param channel the interface's simple name, e.g. {@code EngineEcu}, for messages and {@link #toString()}
     * @param config the channel's checked configuration (from {@link IsoTpConfig.Builder#build()}); on a functional
     *        channel its address is the functional request id
     * @param responders the responders as pairs: rxid (the id its answers come on), txid (its physical request id),
     *        each as wide as the configuration's addressing mode; none for a channel without responders
     * @return the support of the bound sockets; the client closes them with {@link #close()}
     * @throws NullPointerException if an argument is null
     * @throws dev.isotp.InvalidConfigurationException if a responder's id is out of range for the addressing mode
     * @throws IOException as {@link IsoTpSocket#open(IsoTpConfig)} throws it, if a socket cannot be opened,
     *         configured or bound (e.g. {@link dev.isotp.NoSuchInterfaceException}); nothing stays open
     */
    public static ChannelSupport open(String channel, IsoTpConfig config, int... responders) throws IOException {
        Objects.requireNonNull(channel, "channel");
        return new ChannelSupport(channel, IsoTpSocket.open(config)).withResponders(responders);
    }

    /**
     * As {@link #open(String, IsoTpConfig, int...)}, with some values of {@code config} replaced at run time: what the
     * constructor of a generated client that takes {@link ChannelOverrides} calls. The merged configuration is
     * checked as a whole, by the same rules as at compile time.
     *
     * @param channel the interface's simple name, for messages and {@link #toString()}
     * @param config the configuration the annotation gave
     * @param overrides the values that replace some of {@code config}'s
     * @param responders the responders as pairs: rxid, txid
     * @return the support of the bound sockets; the client closes them with {@link #close()}
     * @throws NullPointerException if an argument is null
     * @throws dev.isotp.InvalidConfigurationException if an overridden value breaks a rule (the message lists every
     *         problem, and no socket is opened), or a responder's id is out of range for the addressing mode
     * @throws IOException if a socket cannot be opened, configured or bound; nothing stays open
     */
    public static ChannelSupport open(String channel, IsoTpConfig config, ChannelOverrides overrides, int... responders)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        return new ChannelSupport(channel, IsoTpSocket.open(overrides.applyTo(config))).withResponders(responders);
    }

    /**
     * Opens one socket per responder, bound to (its answer id, its physical request id) with the channel's padding,
     * flow control and link layer, so that the kernel sends the flow control of a multi-frame answer to that ECU.
     */
    private ChannelSupport withResponders(int[] ids) throws IOException {
        try {
            IsoTpConfig config = socket.config();
            AddressingMode mode = config.address().mode().extendedIds() ? AddressingMode.NORMAL_29 : AddressingMode.NORMAL_11;
            for (int i = 0; i + 1 < ids.length; i += 2) {
                IsoTpSocket s = IsoTpSocket.open();
                responders.add(new Responder(ids[i], s));
                s.setGeneralOptions(config.generalOptions().toBuilder().sfBroadcast(false).cfBroadcast(false)
                        .listenMode(false).build());
                s.setFlowControlOptions(config.flowControl());
                s.setLinkLayerOptions(config.linkLayer());
                s.bind(config.iface(), Address.builder(mode).rxid(ids[i]).txid(ids[i + 1]).build());
            }
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The channel's socket, e.g. for its configuration. Sending or receiving on it directly bypasses the exchange lock.
     *
     * @return the socket this support opened; closed by {@link #close()}
     */
    public IsoTpSocket socket() {
        return socket;
    }

    /**
     * How many PDUs were dropped because they were already queued when a request was sent (late answers of
     * earlier requests, or unsolicited PDUs), on a UDS channel also because they came while a request waited and did
     * not answer it, and answers to a functional request that broke off ({@link #requestAll}). Each is also logged
     * on {@code System.Logger} {@code dev.isotp.channel}.
     * Read by {@link dev.isotp.IsoTpChannels#droppedPdus(Object)}.
     *
     * @return the count since the channel was opened, 0 or more
     */
    public long droppedPdus() {
        return droppedPdus.get();
    }

    /**
     * The diagnostic session the ECU of a UDS channel was last seen to enter: from a positive
     * DiagnosticSessionControl answer ({@code 50 <session>}), a suppressed {@code 10 8x} that drew no negative answer,
     * or 0x01 after a positive ECUReset answer or a failed TesterPresent. Read by {@link
     * dev.isotp.IsoTpChannels#udsSession(Object)}.
     *
     * @return 0x01 (defaultSession) until another session was entered
     * @throws IllegalStateException if the channel is not declared {@code @UdsChannel}
     */
    public int udsSession() {
        return requireUds().session();
    }

    /**
     * Registers a listener told of each "response pending" answer of this UDS channel's requests. Read by {@link
     * dev.isotp.IsoTpChannels#onResponsePending}.
     *
     * @param listener called on the thread that took the answer
     * @throws NullPointerException if {@code listener} is null
     * @throws IllegalStateException if the channel is not declared {@code @UdsChannel}
     */
    public void onResponsePending(dev.isotp.ResponsePendingListener listener) {
        Objects.requireNonNull(listener, "listener");
        requireUds().addListener(listener);
    }

    private UdsSession requireUds() {
        if (uds == null) {
            throw new IllegalStateException(channel + " does not speak UDS: annotate it with @UdsChannel");
        }
        return uds;
    }

    /** Throws the TesterPresent keep-alive's failure, once, before a call sends. */
    private void throwIfKeepAliveFailed() throws IOException {
        if (uds != null) {
            uds.throwIfKeepAliveFailed();
        }
    }

    // ------------------------------------------------------------ as the socket declares them

    /**
     * Implements {@code void m(byte[])} (and {@code void m(T)} after {@link #encode}): sends one PDU, as {@link
     * IsoTpSocket#send(byte[])}. Takes no exchange lock: a send may run while a request or receive waits; the socket
     * sends one PDU at a time.
     *
     * @param payload the PDU; with sfBroadcast at most one single frame
     * @throws IOException as the class doc's table says
     */
    public void send(byte[] payload) throws IOException {
        throwIfKeepAliveFailed();
        socket.send(payload);
    }

    /**
     * Implements {@code void m(ByteBuffer)}: sends the buffer's remaining bytes as one PDU and advances its position
     * to its limit, as {@link IsoTpSocket#send(ByteBuffer)}; on failure the position stays. Takes no exchange lock.
     *
     * @param payload the PDU from position to limit
     * @throws IOException as the class doc's table says
     */
    public void send(ByteBuffer payload) throws IOException {
        throwIfKeepAliveFailed();
        socket.send(payload);
    }

    /**
     * Implements {@code byte[] m()} (and {@code T m()} before {@link #decode}): receives one PDU, waiting as long as
     * the configured receive timeout says (0: without limit), as {@link IsoTpSocket#receive()}. Takes the exchange
     * lock: it waits while a request or another receive runs, and a request in another thread waits until it
     * returns.
     *
     * @return the PDU
     * @throws IOException as the class doc's table says
     */
    public byte[] receive() throws IOException {
        exchange.take();
        try {
            return socket.receive();
        } finally {
            exchange.release();
        }
    }

    /**
     * Implements {@code byte[] m(Duration)} (and {@code T m(Duration)} before {@link #decode}): as {@link #receive()},
     * waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the PDU
     * @throws IOException as the class doc's table says
     */
    public byte[] receive(Duration timeout) throws IOException {
        exchange.take();
        try {
            return socket.receive(timeout);
        } finally {
            exchange.release();
        }
    }

    /**
     * Implements {@code int m(ByteBuffer)}: as {@link #receive()}, into the buffer's remaining space, advancing its
     * position.
     *
     * @param into a writable buffer; the PDU is written at its position
     * @return the PDU's length in bytes
     * @throws IOException as the class doc's table says
     */
    public int receive(ByteBuffer into) throws IOException {
        exchange.take();
        try {
            return socket.receive(into);
        } finally {
            exchange.release();
        }
    }

    /**
     * Implements {@code Optional<byte[]> m(Duration)} (and {@code Optional<T> m(Duration)} with {@link #decode}): as
     * {@link #receive(Duration)}, empty when the timeout passes where that throws.
     *
     * @param timeout how long to wait
     * @return the PDU, or empty if none arrived within {@code timeout}
     * @throws IOException as the class doc's table says
     */
    public Optional<byte[]> poll(Duration timeout) throws IOException {
        exchange.take();
        try {
            return Optional.of(socket.receive(timeout));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            exchange.release();
        }
    }

    /**
     * Implements {@code byte[] m(byte[])} (and typed payloads with {@link #encode} and {@link #decode}): sends a
     * request and returns its answer, waiting for it at most the configured request timeout ({@code
     * requestTimeoutMillis}; {@value Limits#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms, P2*server_max, unless configured; 0:
     * without limit), counted from when the request has left. One exchange at a time: under the exchange lock it
     * drops the PDUs already queued (counted in {@link #droppedPdus()}, logged), sends {@code request}, waits until
     * it has left ({@link IsoTpSocket#awaitSent()}) and receives the answer. An answer that comes after the timeout
     * stays queued and is dropped before the next request.
     *
     * @param request the request PDU
     * @return the answer PDU
     * @throws IOException as the class doc's table says
     */
    public byte[] request(byte[] request) throws IOException {
        return exchange(request, requestTimeoutMillis);
    }

    /**
     * Implements {@code byte[] m(byte[], Duration)} (and typed payloads with {@link #encode} and {@link #decode}):
     * as {@link #request(byte[])}, waiting for the answer at most {@code timeout} in place of the configured request
     * timeout.
     *
     * @param request the request PDU
     * @param timeout how long to wait for the answer once the request has left
     * @return the answer PDU
     * @throws IOException as the class doc's table says
     */
    public byte[] request(byte[] request, Duration timeout) throws IOException {
        return exchange(request, millis(timeout));
    }

    /** A positive timeout in whole milliseconds, at least 1: a positive timeout under 1 ms must not read as 0. */
    private static long millis(Duration timeout) {
        if (timeout == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message("timeout", "give a positive Duration"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
        return Math.max(1, Math.min(Limits.MAX_RECEIVE_TIMEOUT_MILLIS, timeout.toMillis()));
    }

    private byte[] exchange(byte[] request, long timeoutMillis) throws IOException {
        if (uds != null) {
            return udsExchange(request, timeoutMillis, null);
        }
        exchange.take();
        try {
            sendRequest(request);
            long millis = timeoutMillis == 0 ? Limits.MAX_RECEIVE_TIMEOUT_MILLIS : Math.max(1, timeoutMillis);
            try {
                return socket.receive(Duration.ofMillis(millis));
            } catch (SocketTimeoutException e) {
                throw requestTimedOut(millis, e);
            }
        } finally {
            exchange.release();
        }
    }

    /**
     * A request of a UDS channel: waits for the PDU that answers it, through "response pending" and busyRepeatRequest,
     * as {@link UdsExchange} judges; every other PDU met is dropped and counted. {@code timing}: the call's own, or
     * null for the channel's.
     */
    private byte[] udsExchange(byte[] request, long capMillis, dev.isotp.UdsTiming timing) throws IOException {
        UdsExchange x = uds.exchange(requireRequest(request), capMillis);
        if (timing != null) {
            x.timing(timing.p2Millis(), timing.p2StarMillis());
        }
        exchange.take();
        try {
            uds.throwIfKeepAliveFailed();
            sendRequest(request);
            x.sent(System.nanoTime());
            while (true) {
                long left = x.waitMillis(System.nanoTime());
                if (left == 0) {
                    return x.timedOut(System.nanoTime());
                }
                byte[] pdu;
                try {
                    pdu = socket.receive(Duration.ofMillis(Math.min(left, Limits.MAX_RECEIVE_TIMEOUT_MILLIS)));
                } catch (SocketTimeoutException e) {
                    continue; // the loop's next look at the clock decides
                }
                switch (x.judge(pdu, System.nanoTime())) {
                    case ANSWER:
                        return pdu;
                    case NOT_OURS:
                        dropped(socket, pdu, "while " + x.describe() + " waited for its answer");
                        break;
                    case REPEAT:
                        sleepBefore(x.repeatDelayMillis(), x);
                        sendRequest(request);
                        x.sent(System.nanoTime());
                        break;
                    default: // PENDING: the wait goes on with P2*
                        break;
                }
            }
        } finally {
            exchange.release();
        }
    }

    /**
     * Implements {@code byte[] m(byte[], UdsTiming)} on a UDS channel: as {@link #request(byte[])}, with P2, P2* and
     * the cap of the whole call from {@code timing} in place of the channel's.
     *
     * @param request the request PDU
     * @param timing this call's P2, P2* and cap
     * @return the answer PDU
     * @throws IllegalStateException if the channel is not declared {@code @UdsChannel}
     * @throws IOException as the class doc's table says
     */
    public byte[] request(byte[] request, dev.isotp.UdsTiming timing) throws IOException {
        requireArgument(timing, "timing", "this call's UdsTiming");
        requireUds();
        return udsExchange(request, timing.timeoutMillis(), timing);
    }

    /**
     * A UDS request as its judge needs it: 1 or more bytes (the socket refuses an empty one too, but only when it is
     * sent, and the judge reads the service first).
     */
    private byte[] requireRequest(byte[] request) {
        Objects.requireNonNull(request, "request");
        if (request.length == 0) {
            throw new IllegalArgumentException(Failure.PAYLOAD_EMPTY.message(socket.maxPduSize()));
        }
        return request;
    }

    /** Waits before a repeat, no longer than the call has left; keeps the interrupt status. */
    private static void sleepBefore(long millis, UdsExchange x) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                Math.min(millis, Math.max(0, x.waitMillis(System.nanoTime()))));
        boolean interrupted = false;
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request's part before its answer: the late answers dropped, the request sent and left. */
    private void sendRequest(byte[] request) throws IOException {
        dropQueued(socket, "request");
        socket.send(request);
        socket.awaitSent();
    }

    private SocketTimeoutException requestTimedOut(long millis, SocketTimeoutException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException(
                Failure.NO_ANSWER_WITHIN.message(socket.iface(), millis, channel));
        timeout.initCause(cause);
        return timeout;
    }

    private SocketTimeoutException receiveTimedOut(long millis) {
        return new SocketTimeoutException(Failure.NO_PDU_WITHIN.message(socket.iface(), millis));
    }

    /**
     * Implements {@code Map<Integer, byte[]> m(byte[], Duration)} on a functional channel: sends one functional
     * request (one single frame, sfBroadcast) and returns the answer of every declared responder whose whole answer
     * arrived within {@code window} (counted from when the request has left), keyed by the responder's rxid, in the
     * order the responders are declared. A responder that stays silent is absent; a multi-frame answer still
     * arriving when the window closes is not taken, stays queued and is dropped (and counted) before the next
     * functional request. A responder whose answer broke off (a consecutive frame that did not come within N_Cr, a
     * wrong sequence number, a failed padding check, an answer larger than the receive buffer) is absent too: its
     * error is logged on {@code dev.isotp.channel} at WARNING and counted in {@link #droppedPdus()}, not thrown, and
     * the other responders' answers are returned; should it answer whole later in the window, that answer is
     * returned. Runs under the exchange lock, as {@link #request(byte[])}; the errors of the channel itself (closed,
     * interface down or gone, the request not sent) are thrown as they are.
     *
     * @param request the request PDU, at most one single frame (7 bytes on classic CAN, 6 with an address byte)
     * @param window how long answers are collected
     * @return the answers by rxid, unmodifiable; empty if no responder answered
     * @throws IOException as the class doc's table says
     */
    public Map<Integer, byte[]> requestAll(byte[] request, Duration window) throws IOException {
        if (window == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message("window", "give a positive Duration"));
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive, not " + window);
        }
        exchange.take();
        try {
            for (Responder r : responders) {
                dropQueued(r.socket, "functional request");
            }
            socket.send(request);
            socket.awaitSent();
            long deadline = System.nanoTime() + window.toNanos();
            long cap = requestTimeoutMillis == 0 ? Long.MAX_VALUE
                    : System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
            Map<Integer, byte[]> answers = new LinkedHashMap<>();
            for (Responder r : responders) {
                Optional<byte[]> answer = uds == null ? wholeAnswer(r, deadline) : udsAnswer(r, request, deadline, cap);
                answer.ifPresent(a -> answers.put(r.rxid, a));
            }
            return Collections.unmodifiableMap(answers);
        } finally {
            exchange.release();
        }
    }

    /**
     * On a UDS channel, the answer of responder {@code r} to a functional request, judged as a physical request's:
     * another PDU is dropped and counted; "response pending" extends this responder's wait by P2* and the allowance,
     * beyond the window if need be, but not beyond {@code cap} (the request timeout from when the request left); a
     * final negative response is its answer; busyRepeatRequest is not repeated (the request went to every ECU).
     */
    private Optional<byte[]> udsAnswer(Responder r, byte[] request, long deadline, long cap) throws IOException {
        UdsExchange x = uds.exchange(request, r.rxid).forResponder();
        long until = deadline;
        while (true) {
            Optional<byte[]> pdu = wholeAnswer(r, until);
            if (pdu.isEmpty()) {
                return pdu;
            }
            UdsExchange.Step step;
            try {
                step = x.judge(pdu.get(), System.nanoTime());
            } catch (dev.isotp.UdsTimeoutException e) { // more pending answers than maxPendingAnswers allows
                long count = droppedPdus.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, () -> channel + ": responder 0x"
                        + Integer.toHexString(r.rxid).toUpperCase(java.util.Locale.ROOT) + " left out: " + e.getMessage()
                        + "; " + count + " dropped so far");
                return Optional.empty();
            }
            if (step == UdsExchange.Step.ANSWER) {
                return pdu;
            }
            if (step == UdsExchange.Step.PENDING) {
                until = Math.min(cap, Math.max(until, x.pendingDeadline()));
            } else {
                dropped(r.socket, pdu.get(), "while functional " + x.describe() + " waited for the answer of 0x"
                        + Integer.toHexString(r.rxid).toUpperCase(java.util.Locale.ROOT));
            }
        }
    }

    /**
     * The first whole answer of responder {@code r} by {@code deadline} (once it has passed: one already queued);
     * an answer that broke off is logged, counted and skipped, and the wait goes on until the deadline.
     */
    private Optional<byte[]> wholeAnswer(Responder r, long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                if (left <= 0) {
                    return r.socket.receiveQueued();
                }
                return Optional.of(r.socket.receive(Duration.ofMillis(left)));
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            } catch (dev.isotp.ConsecutiveFrameTimeoutException | dev.isotp.SequenceNumberException
                    | dev.isotp.BadMessageException | dev.isotp.PduTooLargeException e) {
                long count = droppedPdus.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, () -> Failure.FUNCTIONAL_ANSWER_BROKE_OFF.message(channel,
                        "0x" + Integer.toHexString(r.rxid).toUpperCase(java.util.Locale.ROOT), e.getMessage(), count));
            }
        }
    }

    private void dropQueued(IsoTpSocket from, String what) throws IOException {
        for (Optional<byte[]> old = from.receiveQueued(); old.isPresent(); old = from.receiveQueued()) {
            dropped(from, old.get(), "queued before a " + what + " was sent (a late answer?)");
        }
    }

    /** Counts and logs a PDU that is nobody's answer. */
    void dropped(IsoTpSocket from, byte[] pdu, String why) {
        long count = droppedPdus.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, () -> channel + ": dropped a PDU " + why + " on " + from.iface() + ", "
                + pdu.length + " bytes: " + hexStart(pdu) + "; " + count + " dropped so far");
    }

    // ------------------------------------------------------------ asynchronous

    /**
     * Implements {@code CompletableFuture<byte[]> m(byte[])} (and typed payloads: {@code answer} decodes): as
     * {@link #request(byte[])}, without a thread waiting. The request takes its turn among the channel's exchanges
     * (synchronous and asynchronous, in call order), then drops the PDUs already queued, sends on one of the
     * process's asynchronous threads ({@code max(2, processors)} of them, shared by every channel; the send holds
     * one while the kernel transmits, as a synchronous send holds its caller), and waits for the answer with no
     * thread at all: the socket's readiness report ({@link IsoTpSocket#armReadable}) takes it, the configured
     * request timeout ({@code requestTimeoutMillis}, 0: without limit) counted from when the request has left.
     *
     * <p>The future completes with the answer, or exceptionally with what the synchronous request would throw (the
     * class doc's table) or {@link PayloadCodecException} from {@code answer}; {@link CompletableFuture#join()} wraps
     * it in {@link java.util.concurrent.CompletionException}. {@code
     * cancel(true)} abandons the exchange: the next one proceeds at once (or, while the request is being sent, once
     * it has left), and its answer, should it come, is dropped before the next request like any late answer.
     * Stages chained without an executor run on the asynchronous threads: keep them short, never block in them.
     *
     * @param <T> what the answer becomes
     * @param request the request PDU
     * @param answer what the answer PDU becomes (e.g. {@code pdu -> pdu}, or a codec's decode)
     * @return the pending answer
     */
    public <T> CompletableFuture<T> requestAsync(byte[] request, Function<byte[], T> answer) {
        return requestAsync(request, requestTimeoutMillis, answer, false, null);
    }

    /**
     * Implements {@code CompletableFuture<byte[]> m(byte[], Duration)}: as {@link #requestAsync(byte[], Function)},
     * waiting for the answer at most {@code timeout} in place of the configured request timeout.
     *
     * @param <T> what the answer becomes
     * @param request the request PDU
     * @param timeout how long to wait for the answer once the request has left
     * @param answer what the answer PDU becomes
     * @return the pending answer
     */
    public <T> CompletableFuture<T> requestAsync(byte[] request, Duration timeout, Function<byte[], T> answer) {
        return requestAsync(request, millis(timeout), answer, false, null);
    }

    /**
     * Implements {@code CompletableFuture<byte[]> m(byte[])} annotated {@code @UdsChannel.NegativeResponseAsAnswer}:
     * as {@link #requestAsync(byte[], Function)}, where a final negative response completes the future as the answer.
     *
     * @param <T> what the answer becomes
     * @param request the request PDU
     * @param answer what the answer PDU, positive or negative, becomes
     * @param negativeAsAnswer true: a final negative response is the answer; false: as {@link #requestAsync(byte[],
     *        Function)}
     * @return the pending answer
     */
    public <T> CompletableFuture<T> requestAsync(byte[] request, Function<byte[], T> answer, boolean negativeAsAnswer) {
        return requestAsync(request, requestTimeoutMillis, answer, negativeAsAnswer, null);
    }

    /**
     * As {@link #requestAsync(byte[], Function, boolean)}, waiting at most {@code timeout}.
     *
     * @param <T> what the answer becomes
     * @param request the request PDU
     * @param timeout how long to wait for the answer once the request has left
     * @param answer what the answer PDU, positive or negative, becomes
     * @param negativeAsAnswer true: a final negative response is the answer
     * @return the pending answer
     */
    public <T> CompletableFuture<T> requestAsync(byte[] request, Duration timeout, Function<byte[], T> answer,
            boolean negativeAsAnswer) {
        return requestAsync(request, millis(timeout), answer, negativeAsAnswer, null);
    }

    /**
     * Implements {@code CompletableFuture<byte[]> m(byte[], UdsTiming)} on a UDS channel: as {@link
     * #requestAsync(byte[], Function, boolean)}, with P2, P2* and the cap of the whole call from {@code timing}.
     *
     * @param <T> what the answer becomes
     * @param request the request PDU
     * @param timing this call's P2, P2* and cap
     * @param answer what the answer PDU becomes
     * @param negativeAsAnswer true: a final negative response is the answer
     * @return the pending answer
     * @throws IllegalStateException if the channel is not declared {@code @UdsChannel}
     */
    public <T> CompletableFuture<T> requestAsync(byte[] request, dev.isotp.UdsTiming timing, Function<byte[], T> answer,
            boolean negativeAsAnswer) {
        requireArgument(timing, "timing", "this call's UdsTiming");
        requireUds();
        return requestAsync(request, timing.timeoutMillis(), answer, negativeAsAnswer, timing);
    }

    private <T> CompletableFuture<T> requestAsync(byte[] request, long timeoutMillis, Function<byte[], T> answer,
            boolean negativeAsAnswer, dev.isotp.UdsTiming timing) {
        requireArgument(request, "request", "a request of 1 or more bytes");
        requireArgument(answer, "answer", "what the answer becomes");
        AsyncExchange.Send send = () -> sendRequest(request);
        if (uds != null) {
            UdsExchange x = uds.exchange(requireRequest(request), timeoutMillis);
            if (negativeAsAnswer) {
                x.negativeAsAnswer();
            }
            if (timing != null) {
                x.timing(timing.p2Millis(), timing.p2StarMillis());
            }
            AsyncExchange.Send checked = () -> {
                uds.throwIfKeepAliveFailed();
                sendRequest(request);
            };
            return track(new AsyncExchange<>(socket, exchange, checked, true, timeoutMillis, answer, null)
                    .judgedBy(x, send, pdu -> dropped(socket, pdu, "while " + x.describe() + " waited for its answer")));
        }
        return track(new AsyncExchange<>(socket, exchange, send, true, timeoutMillis, answer,
                () -> {
                    throw requestTimedOut(timeoutMillis, receiveTimedOut(timeoutMillis));
                }));
    }

    /**
     * Implements {@code CompletableFuture<byte[]> m()}: as {@link #receive()}, without a thread waiting. The receive
     * takes its turn among the channel's exchanges in call order and waits, with no thread, as long as the
     * configured receive timeout says (0: without limit), counted from its turn. The future completes with the PDU,
     * or exceptionally with what {@link #receive()} would throw; {@code cancel(true)} abandons the receive and the
     * next exchange proceeds. See {@link #requestAsync(byte[], Function)} for the threads.
     *
     * @param <T> what the PDU becomes
     * @param answer what the PDU becomes (e.g. {@code pdu -> pdu}, or a codec's decode)
     * @return the pending PDU
     */
    public <T> CompletableFuture<T> receiveAsync(Function<byte[], T> answer) {
        requireArgument(answer, "answer", "what the PDU becomes");
        long millis = receiveTimeoutMillis;
        return track(new AsyncExchange<>(socket, exchange, null, true, millis, answer, () -> {
            throw receiveTimedOut(millis);
        }));
    }

    /**
     * Implements {@code CompletableFuture<byte[]> m(Duration)}: as {@link #receiveAsync(Function)}, waiting at most
     * {@code timeout} from its turn.
     *
     * @param <T> what the PDU becomes
     * @param timeout how long to wait
     * @param answer what the PDU becomes
     * @return the pending PDU
     */
    public <T> CompletableFuture<T> receiveAsync(Duration timeout, Function<byte[], T> answer) {
        long millis = millis(timeout);
        requireArgument(answer, "answer", "what the PDU becomes");
        return track(new AsyncExchange<>(socket, exchange, null, true, millis, answer, () -> {
            throw receiveTimedOut(millis);
        }));
    }

    /**
     * Implements {@code CompletableFuture<Optional<byte[]>> m(Duration)}: as {@link #receiveAsync(Duration,
     * Function)}, completing with {@link Optional#empty()} when the time has passed (and where {@code answer} gives
     * null, as {@link Optional#map} does).
     *
     * @param <T> what the PDU becomes
     * @param timeout how long to wait
     * @param answer what the PDU becomes
     * @return the pending PDU, or empty
     */
    public <T> CompletableFuture<Optional<T>> pollAsync(Duration timeout, Function<byte[], T> answer) {
        long millis = millis(timeout);
        requireArgument(answer, "answer", "what the PDU becomes");
        return track(new AsyncExchange<>(socket, exchange, null, true, millis,
                pdu -> Optional.ofNullable(answer.apply(pdu)), Optional::empty));
    }

    /**
     * Implements {@code CompletableFuture<Void> m(byte[])} (and {@code m(T)} after {@link #encode}): as {@link
     * #send(byte[])}, on one of the asynchronous threads (see {@link #requestAsync(byte[], Function)}); asynchronous
     * sends of one channel go out in call order, and take no exchange turn, as synchronous sends. The future
     * completes (with null) once the PDU has left (waitTxDone), or exceptionally with what {@link #send(byte[])}
     * would throw. {@code cancel(true)} before the send began leaves it unsent; cancel does not end a send under way
     * (it runs to its end); {@link #close()} does, with {@link dev.isotp.SocketClosedException}.
     *
     * @param payload the PDU; not copied: leave it unchanged until the future completes
     * @return the pending send
     */
    public CompletableFuture<Void> sendAsync(byte[] payload) {
        requireArgument(payload, "payload", "a PDU of 1 or more bytes");
        return track(new AsyncExchange<Void>(socket, asyncSends, () -> socket.send(payload), false, 0, pdu -> null,
                () -> null));
    }

    private static void requireArgument(Object value, String name, String what) {
        if (value == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message(name, "give " + what));
        }
    }

    /** Kept until complete, so that close() completes it; then queued for its turn. */
    private <T> CompletableFuture<T> track(AsyncExchange<T> exchange) {
        pending.add(exchange);
        exchange.whenComplete((value, failure) -> pending.remove(exchange));
        return exchange.begin();
    }

    // ------------------------------------------------------------ codecs

    /**
     * Decodes a received PDU for a method whose answer or received payload is a {@code T}. A codec that throws
     * becomes a {@link PayloadCodecException} naming all; the codec's own exception is its cause.
     *
     * @param <T> the payload type
     * @param codec the codec whose {@code PayloadCodec<T>} names the method's payload type
     * @param pdu the received PDU
     * @param method the interface method's name, for the message
     * @return what the codec made of {@code pdu}, as it returned it (null included)
     * @throws PayloadCodecException if the codec threw a {@link RuntimeException}; it keeps a copy of the PDU
     */
    public <T> T decode(PayloadCodec<T> codec, byte[] pdu, String method) {
        try {
            return codec.decode(pdu);
        } catch (RuntimeException e) {
            throw new PayloadCodecException(Failure.CODEC_DECODE_FAILED.message(codec.getClass().getName(),
                    channel + "." + method, pdu.length, hexStart(pdu), e), channel, method, pdu, e);
        }
    }

    /**
     * Encodes a value to send for a method whose sent payload or request is a {@code T}. A codec that throws
     * becomes a {@link PayloadCodecException} naming all; the codec's own exception is its cause.
     *
     * @param <T> the payload type
     * @param codec the codec whose {@code PayloadCodec<T>} names the method's payload type
     * @param value the value to send
     * @param method the interface method's name, for the message
     * @return the PDU, as the codec returned it; the send that takes it checks it
     * @throws PayloadCodecException if the codec threw a {@link RuntimeException}
     */
    public <T> byte[] encode(PayloadCodec<T> codec, T value, String method) {
        try {
            return codec.encode(value);
        } catch (RuntimeException e) {
            throw new PayloadCodecException(Failure.CODEC_ENCODE_FAILED.message(codec.getClass().getName(),
                    channel + "." + method, e), channel, method, null, e);
        }
    }

    /** The first bytes in hex, "01 02 AB ..." when there are more. */
    static String hexStart(byte[] pdu) {
        int shown = Math.min(pdu.length, HEX_SHOWN);
        String hex = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(pdu, 0, shown);
        return shown < pdu.length ? hex + " ..." : hex;
    }

    // ------------------------------------------------------------ closing

    /**
     * Closes the socket (and those of the responders); a receive or send blocked in another thread returns with
     * {@link dev.isotp.SocketClosedException}, and every future of an asynchronous method not yet complete completes
     * exceptionally with it, at once. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (uds != null) {
            uds.close();
        }
        socket.close();
        for (Responder r : responders) {
            r.socket.close();
        }
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new dev.isotp.SocketClosedException(Failure.SOCKET_CLOSED.message(), 0, ""));
        }
    }

    /** {@code <Channel> over <configuration>}. */
    @Override
    public String toString() {
        return channel + " over " + socket.config();
    }
}
