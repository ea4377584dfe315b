package dev.isotp;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.PduCarrier;
import dev.isotp.internal.failure.Failure;
import dev.isotp.internal.text.Hex;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Limits;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A kernel ISO-TP socket (AF_CAN, SOCK_DGRAM, CAN_ISOTP), checked: every option is validated before it reaches the
 * kernel, every kernel error becomes an exception that says what happened and what to do, and nothing is silently
 * lost or truncated. It adds no protocol behaviour of its own: the kernel does the ISO-TP.
 *
 * <pre>{@code
 * try (IsoTpSocket socket = IsoTpSocket.open()) {
 *     socket.setFlowControlOptions(FlowControlOptions.builder().stmin(5).bs(10).build());
 *     socket.bind("vcan0", Address.builder(AddressingMode.NORMAL_11).rxid(0x7E8).txid(0x7E0).build());
 *     socket.send(new byte[] {0x22, (byte) 0xF1, (byte) 0x90});
 *     byte[] answer = socket.receive(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>Options are set before {@link #bind}; afterwards they are refused (as the kernel would, with EISCONN). A socket
 * opened with {@link #open()} starts with the kernel's defaults; {@link #open(IsoTpConfig)} sets a whole checked
 * configuration, including {@code waitTxDone}, and binds.
 *
 * <p>Threads: one thread may send while another receives. {@link #close()} from any thread wakes a blocked
 * {@code receive} at once and frees a blocked {@code send} (both end with {@link SocketClosedException}; the kernel
 * stops the interrupted transfer); the file descriptor is released only when no call uses it any more, so a closed
 * socket never touches a descriptor number the process has reused.
 *
 * <p>The {@link ByteBuffer} methods with direct buffers copy nothing and allocate nothing per call. A read-only
 * buffer is sent as any other; as a receive target it is refused before anything is taken.
 *
 * <p>Broadcast: a socket bound with {@code sfBroadcast} or {@code cfBroadcast} only sends. The kernel registers no
 * receiver for its rx id ({@code isotp_bind()} in {@code net/can/isotp.c}), so no PDU ever reaches it; its receive
 * methods throw {@link IllegalStateException} at once instead of waiting for the timeout. Answers to a broadcast
 * request are received on sockets bound without the flags (see the channels' {@code responders}).
 *
 * <p>Errors: every failure of the kernel is an {@link IsoTpException} (an {@link IOException}) whose subclass names
 * what a caller can act on, mapped from the errno the kernel reports ({@code net/can/isotp.c}; the errors are listed
 * in the kernel's {@code Documentation/networking/iso15765-2.rst}); its message says what happened and what to do.
 * The kernel reports the error of a transfer on whichever call comes next, so a {@code receive} may fail with a
 * sending error (e.g. {@link FlowControlTimeoutException} without {@code waitTxDone}) and a {@code send} with a
 * receiving one (e.g. {@link SequenceNumberException}). What {@code send} and {@code receive} throw:
 *
 * <table class="striped">
 * <caption>The exceptions of a transfer</caption>
 * <thead><tr><th scope="col">Exception</th><th scope="col">errno</th><th scope="col">What happened</th>
 *     <th scope="col">What to do</th></tr></thead>
 * <tbody>
 * <tr><td>{@link SocketClosedException}</td><td></td><td>the socket is closed, also by another thread while the
 *     call waited</td><td>open a new socket</td></tr>
 * <tr><td>{@link SocketTimeoutException}</td><td>EAGAIN</td><td>no PDU within the receive timeout</td><td>receive
 *     again, or check that the peer answers on the rx id</td></tr>
 * <tr><td>{@link PduTooLargeException}</td><td></td><td>a PDU larger than the room: a {@code byte[]} receive drops
 *     it (room: {@link #setReceiveBufferSize}), a {@code ByteBuffer} receive leaves it queued</td><td>raise the
 *     receive buffer size, or receive into a larger buffer</td></tr>
 * <tr><td>{@link FlowControlTimeoutException}</td><td>ECOMM</td><td>no flow control within 1 s (N_Bs), or the
 *     interface did not echo a frame within 2 s; the PDU was not delivered</td><td>check that the peer listens on
 *     the tx id and answers on the rx id ({@code candump}), and that the bus is up</td></tr>
 * <tr><td>{@link PeerOverflowException}</td><td>EMSGSIZE</td><td>the peer's flow control said overflow</td>
 *     <td>send a shorter PDU</td></tr>
 * <tr><td>{@link BadMessageException}</td><td>EBADMSG</td><td>a frame failed the padding check, or a flow control
 *     was malformed; the PDU was dropped</td><td>match rxPadding, checkPaddingLength and checkPaddingData to the
 *     peer</td></tr>
 * <tr><td>{@link ConsecutiveFrameTimeoutException}</td><td>ETIMEDOUT</td><td>the peer stopped in the middle of a
 *     PDU (N_Cr 1 s); the partial PDU was dropped</td><td>ask again</td></tr>
 * <tr><td>{@link SequenceNumberException}</td><td>EILSEQ</td><td>a consecutive frame had the wrong sequence number;
 *     the PDU was dropped</td><td>ask again; the next PDU is received normally</td></tr>
 * <tr><td>{@link NetworkDownException}</td><td>ENETDOWN</td><td>the interface is down</td><td>bring it up
 *     ({@code ip link set up IFACE})</td></tr>
 * <tr><td>{@link DeviceGoneException}</td><td>ENODEV, ENXIO, EADDRNOTAVAIL, or ECOMM as it vanished</td><td>the
 *     interface went away; the socket cannot be used again</td><td>open a new socket once it is back</td></tr>
 * <tr><td>{@link IsoTpException}</td><td>any other</td><td>named in the message</td><td>as the message says</td>
 *     </tr>
 * </tbody>
 * </table>
 *
 * <p>Other calls name their own failures; on any of them a closed socket throws {@link SocketClosedException}, and
 * a failed system call an {@link IsoTpException} naming its errno. Misuse of the API is unchecked:
 * {@link IllegalStateException} for an option after bind (the kernel's EISCONN), a second bind, or a transfer
 * before bind; {@link IllegalArgumentException} (or its subclass {@link InvalidConfigurationException}) for a value
 * out of range, refused before any system call.
 *
 * <p>Kernel versions: the kernel's ISO-TP socket is in mainline Linux since 5.10. An option whose flag is newer
 * ({@link IsoTpFlag#since()}: {@code sfBroadcast} 5.11, {@code cfBroadcast} 5.19, and so on) and
 * {@link GeneralOptions#FRAME_TX_TIME_ZERO} (5.18) fail on an older kernel, which would store the flag and ignore
 * it, with {@link KernelSupportMissingException}; where the version cannot be read, the kernel judges. The largest
 * PDU depends on the kernel version too ({@link #maxPduSize()}).
 */
public final class IsoTpSocket implements AutoCloseable {
    /** tryReceive adds MSG_DONTWAIT itself; MSG_TRUNC makes recv(2) return a PDU's full length. */
    private static final int RECEIVE_FLAGS = KernelAbi.MSG_TRUNC;
    private static final int PEEK_FLAGS = RECEIVE_FLAGS | KernelAbi.MSG_PEEK;
    /** What the receive buffer of byte[] receives starts with; it grows to the PDUs received (up to their limit). */
    private static final int INITIAL_RECEIVE_BUFFER = 4096;
    private static final int EAGAIN = 11;
    /** A receive timeout meaning: take only what is queued. */
    private static final long NO_WAIT = -1;
    /** How often {@link #awaitSent()} asks whether the transfer still runs. */
    private static final long TRANSFER_POLL_NANOS = 1_000_000;

    private final PduCarrier socket;
    private final int maxPduSize;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** Guards the option state and bind. */
    private final Object stateLock = new Object();

    /**
     * The kernel options as set on this socket, by attribute (the general options, forced STmin, flow control and
     * link layer; the kernel's defaults until set): the one state the option structs are encoded from. Written under
     * stateLock; volatile reads after bind.
     */
    private final Map<Attribute, Object> optionValues = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long receiveTimeoutMillis;
    private volatile int receiveBufferSize;
    private IsoTpConfig config;

    private volatile boolean bound;
    private volatile boolean unboundByKernel;
    private volatile String iface = "";
    private volatile Address address;
    private volatile int singleFrameLimit;
    private volatile boolean sfBroadcast;
    /** The broadcast flag the socket was bound with ("sfBroadcast" or "cfBroadcast"), or null: it then receives. */
    private volatile String broadcastFlag;
    private volatile boolean receiveTimestamps;
    /**
     * The errno of a transmit-only error ({@link ErrorMapper#transmitOnly}) that a receive met: it belongs to an
     * earlier send (waitTxDone off) and is reported by the next send; 0 when none.
     */
    private volatile int earlierSendFailure;

    /** Owned by the receiving thread (under receiveLock). */
    private ByteBuffer receiveBuffer;
    /**
     * Set by {@link #setReceiveBufferSize} (any thread, without the receive lock); the receiving thread then drops
     * its buffer at its next receive, so that a smaller size frees memory.
     */
    private volatile boolean receiveBufferResized;
    /** Owned by the sending thread (under sendLock); only for heap ByteBuffers. */
    private ByteBuffer sendBuffer;
    /** Room for nothing: a look at the socket's pending error. */
    private final ByteBuffer peekBuffer = Structs.allocate(1);
    /** Errors met on the carrier's own threads that no call was waiting for: logged, and counted here. */
    private final java.util.concurrent.atomic.AtomicLong unclaimedErrors = new java.util.concurrent.atomic.AtomicLong();

    private IsoTpSocket(PduCarrier socket) {
        for (Attribute a : KERNEL_OPTIONS) {
            Object initial = IsoTpConfig.defaultOf(a);
            if (initial != null) {
                optionValues.put(a, initial);
            }
        }
        this.socket = socket;
        this.maxPduSize = socket.maxPduSize();
        socket.onUnclaimedError(this::unclaimedError);
    }

    /** Logs, then counts: once the count moved, the error has been logged (tests and monitors watch the count). */
    private void unclaimedError(String where, Throwable error) {
        synchronized (unclaimedErrors) {
            long count = unclaimedErrors.get() + 1;
            System.getLogger("dev.isotp.channel").log(System.Logger.Level.ERROR, Failure.UNCLAIMED_ERROR.message(
                    describeIface() + (address == null ? "" : " " + address), where, error, count), error);
            unclaimedErrors.set(count);
        }
    }

    /**
     * How many errors this socket's carrier met on threads of its own that no call was waiting to receive: an
     * engine's timer task or the delivery of a frame that failed while no send or receive waited (with waitTxDone a
     * send waits for its whole transfer and gets such an error as the cause of an {@link IsoTpException}), a
     * readiness callback ({@link #armReadable}) that threw on the kernel's poller. Each is also logged on the
     * {@link System.Logger} {@code dev.isotp.channel} at ERROR with its stack trace, and the engine tells its frame
     * bus ({@code FrameBus.reportError}). A correct program on a working bus sees 0.
     *
     * @return the count since the socket was opened, 0 or more
     */
    public long unclaimedErrors() {
        return unclaimedErrors.get();
    }

    /** A transfer the frame bus broke off (what it threw is the cause): the call's own failure. */
    private static IsoTpException busFailure(CarrierException e) {
        IsoTpException x = ErrorMapper.exception(Failure.BUS_FAILED, e.errno(), e.getCause());
        x.initCause(e.getCause());
        return x;
    }

    /**
     * Opens an unbound socket with the kernel's default options ({@code include/uapi/linux/can/isotp.h}), except
     * waitTxDone, which is on as in every {@link IsoTpConfig}: a send returns once its PDU has left and fails when the
     * transfer failed (e.g. {@link FlowControlTimeoutException}). {@link #setGeneralOptions} replaces it. The rest is
     * the kernel's: padding byte 0xCC, not used; frame_txtime 50 µs; bs 0, stmin 0, wftmax 0; classic CAN, data
     * length 8. Set options with the {@code set...} methods, then {@link #bind}.
     *
     * @return a new, unbound socket; the caller closes it
     * @throws KernelSupportMissingException if the kernel has no CAN or no ISO-TP sockets; the message says how to
     *         load them
     * @throws IsoTpException if socket(2) or eventfd(2) fails for another reason, e.g. EMFILE (too many open files)
     */
    public static IsoTpSocket open() throws IOException {
        return open(Backend.byDefault());
    }

    /**
     * Opens an unbound socket on a chosen backend: the kernel's ISO-TP, or the user-space engine over CAN_RAW or a
     * frame bus (see {@link Backend}), with the backend's default options except waitTxDone, which is on as with
     * {@link #open()}.
     *
     * @param backend what does the ISO-TP
     * @return a new, unbound socket; the caller closes it
     * @throws KernelSupportMissingException on the kernel backend when the kernel has no ISO-TP (the message names
     *         the CAN_RAW backend as the way without can-isotp)
     * @throws IsoTpException if the backend cannot open a socket for another reason (the errno is named)
     */
    public static IsoTpSocket open(Backend backend) throws IOException {
        IsoTpSocket socket = openWithBackendDefaults(backend);
        try {
            // the backend's own values (frame_txtime, pad bytes) stay as they are, read back and written with the flag
            socket.setGeneralOptions(socket.getGeneralOptions().toBuilder().waitTxDone(true).build());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static IsoTpSocket openWithBackendDefaults(Backend backend) throws IOException {
        return new IsoTpSocket(backend.openCarrier());
    }

    /**
     * Opens a socket, sets every option of {@code config} in the order the kernel needs (general options and forced
     * STmin, flow control, link layer), and binds it to the configuration's interface and address. The receive
     * timeout and receive buffer size are taken from {@code config} too. On any failure the socket is closed before
     * the exception is thrown.
     *
     * @param config a checked configuration (from {@link IsoTpConfig.Builder#build()})
     * @return a bound socket, ready to send and receive; the caller closes it
     * @throws KernelSupportMissingException as {@link #open()}, or if the kernel is too old for an option that
     *         {@code config} turns on (the class doc's kernel versions)
     * @throws IsoTpException as {@link #bind} (e.g. {@link NoSuchInterfaceException}, {@link InterfaceMtuException}),
     *         or if the kernel refuses an option (the errno is named)
     */
    public static IsoTpSocket open(IsoTpConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        IsoTpSocket socket = openWithBackendDefaults(config.backend().orElseGet(Backend::byDefault));
        try {
            socket.configure(config);
            socket.bind(config.iface(), config.address());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void configure(IsoTpConfig config) throws IOException {
        synchronized (stateLock) {
            this.config = config;
            for (Attribute forced : FORCED_STMIN) {
                Object nanos = config.get(forced);
                if (nanos != null) {
                    optionValues.put(forced, nanos);
                }
            }
            setGeneralOptions(config.generalOptions());
            for (Attribute forced : FORCED_STMIN) {
                if (optionValues.containsKey(forced)) {
                    setNanosOption(forced);
                }
            }
            setFlowControlOptions(config.flowControl());
            setLinkLayerOptions(config.linkLayer());
            receiveTimeoutMillis = config.receiveTimeout().toMillis();
            receiveBufferSize = config.receiveBufferSize();
        }
    }

    /**
     * The configuration this socket was opened with.
     *
     * @return the configuration given to {@link #open(IsoTpConfig)}, or null for a socket from {@link #open()}
     */
    public IsoTpConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- options (before bind)

    /**
     * Sets the general options (the kernel's {@code CAN_ISOTP_OPTS}: padding, padding checks, half duplex,
     * waitTxDone, listen mode, broadcast, dynamic flow control, frame transmit time). They replace the general
     * options set before; forced STmin set with {@link #setTxStminNanos} / {@link #setRxStminNanos} is kept, and the
     * address bytes of extended and mixed addressing are added at {@link #bind}. On failure the options set before
     * stay in force.
     *
     * @param options checked options (from {@link GeneralOptions.Builder#build()})
     * @throws KernelSupportMissingException if the running kernel is too old for an option that is on (the class
     *         doc's kernel versions)
     * @throws IllegalStateException if the socket is bound
     * @throws IsoTpException if the socket is closed or setsockopt(2) fails (the errno is named)
     */
    public void setGeneralOptions(GeneralOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        for (IsoTpFlag flag : options.flags()) {
            if (socket.isKernel() && !KernelInfo.knows(flag.bit(), flag::knownTo)) {
                throw ErrorMapper.exception(Failure.FEATURE_TOO_NEW, 0, flag.option().elementName(), flag.since(),
                        KernelInfo.release());
            }
        }
        if (socket.isKernel() && options.frameTxTimeNanos() == GeneralOptions.FRAME_TX_TIME_ZERO
                && !KernelInfo.knowsFrameTxTimeZero()) {
            throw ErrorMapper.exception(Failure.FEATURE_TOO_NEW, 0, "frameTxTimeNanos = FRAME_TX_TIME_ZERO", "5.18", KernelInfo.release());
        }
        synchronized (stateLock) {
            requireUnbound();
            writeGeneralOptions(GeneralOptions.ATTRIBUTES, options::get);
        }
    }

    /**
     * Sets {@code attributes} to {@code values} and writes {@code can_isotp_options}; on failure the values before
     * are back. Under stateLock.
     */
    private void writeGeneralOptions(java.util.Set<Attribute> attributes, Function<Attribute, Object> values)
            throws IOException {
        Map<Attribute, Object> previous = new EnumMap<>(Attribute.class);
        for (Attribute a : attributes) {
            previous.put(a, optionValues.get(a));
            put(a, values.apply(a));
        }
        try {
            writeOptions(null);
        } catch (IOException | RuntimeException e) {
            previous.forEach(this::put);
            throw e;
        }
    }

    /** Sets one option's value in {@link #options}; null = not set (a padding, a forced STmin). */
    private void put(Attribute attribute, Object value) {
        if (value == null) {
            optionValues.remove(attribute);
        } else {
            optionValues.put(attribute, value);
        }
    }

    /**
     * Sets the flow control this side sends while receiving (the kernel's {@code CAN_ISOTP_RECV_FC}): BS and STmin
     * go into every FC frame this socket sends; wftmax is stored by the kernel and not used (Linux sends no WAIT
     * frames and limits none).
     *
     * @param options checked options (from {@link FlowControlOptions.Builder#build()})
     * @throws IsoTpException if the socket is closed or setsockopt(2) fails (the errno is named)
     */
    public void setFlowControlOptions(FlowControlOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        synchronized (stateLock) {
            requireUnbound();
            setOption(KernelAbi.CAN_ISOTP_RECV_FC, OptionStructs.flowControl(options::get), "setting the flow control options");
            for (Attribute a : FlowControlOptions.ATTRIBUTES) {
                put(a, options.get(a));
            }
        }
    }

    /**
     * Sets the link layer (the kernel's {@code CAN_ISOTP_LL_OPTS}): classic CAN (MTU 16) or CAN FD (MTU 72) with the
     * data length of transmitted frames and the bit rate switch. A CAN FD socket binds only to an interface with
     * MTU 72.
     *
     * @param options checked options (from {@link LinkLayerOptions#of} or {@link LinkLayerOptions#canFd})
     * @throws IsoTpException if the socket is closed or setsockopt(2) fails (the errno is named)
     */
    public void setLinkLayerOptions(LinkLayerOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        synchronized (stateLock) {
            requireUnbound();
            setOption(KernelAbi.CAN_ISOTP_LL_OPTS, OptionStructs.linkLayer(options::get), "setting the link layer options");
            for (Attribute a : LinkLayerOptions.ATTRIBUTES) {
                put(a, options.get(a));
            }
        }
    }

    /**
     * Sends consecutive frames at least this many nanoseconds apart, whatever STmin the peer's flow control asks
     * for (the kernel's {@code CAN_ISOTP_TX_STMIN} with the FORCE_TXSTMIN flag; meant for tests). The kernel adds
     * the frame transmit time ({@code frameTxTimeNanos}) to it. Once set, it stays forced for this socket.
     *
     * @param nanos the gap in ns, 0-4294967295 (a u32)
     * @throws InvalidConfigurationException if {@code nanos} is out of range
     * @throws IsoTpException if the socket is closed or setsockopt(2) fails (the errno is named)
     */
    public void setTxStminNanos(long nanos) throws IOException {
        InvalidConfigurationException.throwIfAny(new ConfigValidator().forcedStmin(nanos, null));
        synchronized (stateLock) {
            requireUnbound();
            setForcedStmin(Attribute.TX_STMIN_NANOS, nanos);
        }
    }

    /**
     * Ignores received consecutive frames that arrive less than this many nanoseconds after the one before (the
     * kernel's {@code CAN_ISOTP_RX_STMIN} with the FORCE_RXSTMIN flag; meant for tests). An ignored frame is missing
     * from the PDU, which then usually ends in {@link SequenceNumberException} or
     * {@link ConsecutiveFrameTimeoutException}. Once set, it stays forced for this socket.
     *
     * @param nanos the least gap in ns, 0-4294967295 (a u32)
     * @throws InvalidConfigurationException if {@code nanos} is out of range
     * @throws IsoTpException if the socket is closed or setsockopt(2) fails (the errno is named)
     */
    public void setRxStminNanos(long nanos) throws IOException {
        InvalidConfigurationException.throwIfAny(new ConfigValidator().forcedStmin(null, nanos));
        synchronized (stateLock) {
            requireUnbound();
            setForcedStmin(Attribute.RX_STMIN_NANOS, nanos);
        }
    }

    /**
     * How long {@link #receive()} and {@link #receive(ByteBuffer)} wait; may be changed at any time, also after
     * bind, and applies to the next receive. The default is {@link Duration#ZERO} for a socket from {@link #open()},
     * the configuration's {@code receiveTimeoutMillis} for one from {@link #open(IsoTpConfig)}.
     *
     * @param timeout 0 to 2147483647 ms, counted in whole milliseconds (the rest is cut off; a positive timeout
     *        under 1 ms counts as 1 ms); {@link Duration#ZERO} waits without limit
     * @throws InvalidConfigurationException if {@code timeout} is negative or longer than 2147483647 ms
     * @throws ArithmeticException if {@code timeout} is too long to be counted in milliseconds as a {@code long}
     */
    public void setReceiveTimeout(Duration timeout) {
        long millis = IsoTpConfig.wholeMillis(timeout);
        InvalidConfigurationException.throwIfAny(new ConfigValidator().receive(millis, 0));
        receiveTimeoutMillis = millis;
    }

    /**
     * The size of the buffer that {@link #receive()}, {@link #receive(Duration)}, {@link #receiveQueued()} and
     * {@link #receiveTimestamped()} receive into: the largest PDU they take. A larger PDU is dropped and reported
     * with {@link PduTooLargeException}. It does not limit {@link #receive(ByteBuffer)}, which takes what fits the
     * buffer's room. May be changed at any time, from any thread, and never waits: a receive already running keeps
     * the size it started with, the next receive uses the new one.
     *
     * @param bytes 1 to 1049600 bytes (the largest {@code max_pdu_size} the can-isotp module takes), or 0 (the
     *        default) for the kernel's largest PDU, {@link #maxPduSize()}
     * @throws InvalidConfigurationException if {@code bytes} is negative or larger than 1049600
     */
    public void setReceiveBufferSize(int bytes) {
        InvalidConfigurationException.throwIfAny(new ConfigValidator().receive(0, bytes));
        // no receive lock: a receive may hold it for its whole timeout; the receiving thread applies the size
        receiveBufferSize = bytes;
        receiveBufferResized = true;
    }

    /** Writes can_isotp_options from the general options, the forced STmin flags and the address bytes. */
    private void writeOptions(Address forAddress) throws IOException {
        setOption(KernelAbi.CAN_ISOTP_OPTS, OptionStructs.general(optionValues::get, forAddress), "setting the general options");
    }

    /** Writes a forced STmin's value, then its flag; under stateLock. */
    private void setForcedStmin(Attribute forced, long nanos) throws IOException {
        Object previous = optionValues.get(forced);
        optionValues.put(forced, nanos);
        try {
            setNanosOption(forced);
            writeOptions(null);
        } catch (IOException | RuntimeException e) {
            put(forced, previous);
            throw e;
        }
    }

    private void setNanosOption(Attribute forced) throws IOException {
        setOption(forced == Attribute.TX_STMIN_NANOS ? KernelAbi.CAN_ISOTP_TX_STMIN : KernelAbi.CAN_ISOTP_RX_STMIN,
                Structs.nanos((Long) optionValues.get(forced)), "setting a forced STmin");
    }

    private void setOption(int option, ByteBuffer value, String operation) throws IOException {
        enter();
        try {
            socket.setOption(option, value);
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), operation, describeIface(), address);
        } finally {
            socket.exit();
        }
    }

    private void requireUnbound() {
        if (bound) {
            throw new IllegalStateException(Failure.OPTION_AFTER_BIND.message());
        }
    }

    // ---------------------------------------------------------------- reading options back from the kernel

    /**
     * The general options as the kernel holds them, with every flag and raw byte (getsockopt(2)
     * {@code CAN_ISOTP_OPTS}); works before and after bind.
     *
     * @return the kernel's {@code can_isotp_options}, including the flags the socket sets for addressing and forced
     *         STmin
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public KernelOptions getKernelOptions() throws IOException {
        return OptionStructs.kernelOptions(getOption(KernelAbi.CAN_ISOTP_OPTS, KernelAbi.OPTIONS_SIZE));
    }

    /**
     * The general options as the kernel holds them, in the words of {@link GeneralOptions}; works before and after
     * bind.
     *
     * @return the options, without the address and forced-STmin flags (see {@link #getKernelOptions()})
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public GeneralOptions getGeneralOptions() throws IOException {
        return getKernelOptions().generalOptions();
    }

    /**
     * The flow control options as the kernel holds them (getsockopt(2) {@code CAN_ISOTP_RECV_FC}); works before and
     * after bind.
     *
     * @return bs, stmin and wftmax as stored, not checked
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public FlowControlOptions getFlowControlOptions() throws IOException {
        return OptionStructs.flowControl(getOption(KernelAbi.CAN_ISOTP_RECV_FC, KernelAbi.FC_OPTIONS_SIZE));
    }

    /**
     * The link layer options as the kernel holds them (getsockopt(2) {@code CAN_ISOTP_LL_OPTS}); works before and
     * after bind.
     *
     * @return CAN FD when the kernel's mtu is 72, the data length, and the bit rate switch (CANFD_BRS in tx_flags)
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public LinkLayerOptions getLinkLayerOptions() throws IOException {
        return OptionStructs.linkLayer(getOption(KernelAbi.CAN_ISOTP_LL_OPTS, KernelAbi.LL_OPTIONS_SIZE));
    }

    /**
     * The forced transmit STmin as the kernel holds it (getsockopt(2) {@code CAN_ISOTP_OPTS} and
     * {@code CAN_ISOTP_TX_STMIN}).
     *
     * @return the gap in ns, 0-4294967295; empty when FORCE_TXSTMIN is off
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public OptionalLong getTxStminNanos() throws IOException {
        return forcedNanos(IsoTpFlag.FORCE_TXSTMIN, KernelAbi.CAN_ISOTP_TX_STMIN);
    }

    /**
     * The forced receive STmin as {@link #getTxStminNanos()} reads the transmit one ({@code CAN_ISOTP_RX_STMIN}).
     *
     * @return the least gap in ns, 0-4294967295; empty when FORCE_RXSTMIN is off
     * @throws IsoTpException if the socket is closed or getsockopt(2) fails (the errno is named)
     */
    public OptionalLong getRxStminNanos() throws IOException {
        return forcedNanos(IsoTpFlag.FORCE_RXSTMIN, KernelAbi.CAN_ISOTP_RX_STMIN);
    }

    private OptionalLong forcedNanos(IsoTpFlag flag, int option) throws IOException {
        if (!getKernelOptions().flags().contains(flag)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Structs.u32(getOption(option, KernelAbi.STMIN_SIZE), 0));
    }

    /**
     * What getsockname(2) reports: the interface index and the CAN ids as bound, CAN_EFF_FLAG included. Before bind,
     * and after the kernel unbound the socket because its interface went away, the interface index is 0.
     *
     * @return the kernel's view of the address
     * @throws IsoTpException if the socket is closed or getsockname(2) fails (the errno is named)
     */
    public SocketName getSocketName() throws IOException {
        enter();
        try {
            ByteBuffer b = socket.socketName();
            return new SocketName(b.getInt(4), b.getInt(8), b.getInt(12));
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "reading the socket's address", describeIface(), address);
        } finally {
            socket.exit();
        }
    }

    private ByteBuffer getOption(int option, int size) throws IOException {
        enter();
        try {
            return socket.getOption(option, size);
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "reading an option", describeIface(), address);
        } finally {
            socket.exit();
        }
    }

    /**
     * The largest PDU the running kernel's can-isotp sends and receives, as {@link #maxPduSize()} of a kernel socket
     * gives it, read without opening one.
     *
     * @return the largest PDU in bytes: the module's {@code max_pdu_size} (Linux 6.4+), else the size built in
     */
    public static int kernelMaxPduSize() {
        return KernelInfo.maxPduSize();
    }

    /**
     * Refuses a payload longer than the running kernel's largest PDU before any socket opens, in the words a kernel
     * socket's send uses for it (with the module parameter's remedy where there is one).
     *
     * @param length the payload's length in bytes
     * @throws IllegalArgumentException if {@code length} is over {@link #kernelMaxPduSize()}
     */
    public static void checkFitsKernel(int length) {
        int largest = KernelInfo.maxPduSize();
        if (length > largest) {
            throw new IllegalArgumentException(Failure.payloadTooLargeForKernel(length, largest,
                    KernelInfo.maxPduSizeIsAParameter(), Limits.MAX_PDU_SIZE_CEILING));
        }
    }

    /**
     * {@return how the kernel backend calls the C library on this JVM, e.g. "jna" or "ffm (send and receive: raw
     * syscalls)"} For reports and benchmarks; the text may change between versions.
     */
    public static String nativeBinding() {
        return dev.isotp.kernel.KernelSocket.bindingDescription();
    }

    /**
     * The largest PDU this kernel sends and receives, read once when the socket was opened: the can-isotp module's
     * {@code max_pdu_size} (Linux 6.4+, default 8300, range 4095-1049600), or the size built into older kernels
     * (8200 bytes before 5.18, 66000 bytes in 5.18-6.3).
     *
     * @return the largest PDU in bytes
     */
    public int maxPduSize() {
        return maxPduSize;
    }

    // ---------------------------------------------------------------- bind

    /**
     * Binds the socket to a CAN interface and an address; from then on it sends and receives, and options can no
     * longer be set. The address bytes of extended and mixed addressing are written to the kernel here (flags
     * EXTEND_ADDR and RX_EXT_ADDR); 29-bit modes get CAN_EFF_FLAG on both ids. A socket binds once. After a failed
     * bind the socket stays unbound with the options it had before (the address flags and bytes written for the bind
     * are taken back), so it may be bound again; in the rare case that the options cannot be written back, the socket
     * is closed and the exception carries that as a suppressed exception.
     *
     * <p>An interface that exists but is down is taken: the kernel binds and reports ENETDOWN on the next send or
     * receive ({@link NetworkDownException}).
     *
     * @param iface the CAN interface, e.g. "vcan0": 1-15 printable ASCII characters other than '/', ':' and space,
     *        not "." or ".."
     * @param address the addressing mode, ids and address bytes (checked when it was built)
     * @throws InvalidConfigurationException if {@code iface} is null, empty or not a valid interface name
     * @throws IllegalStateException if the socket is already bound
     * @throws NoSuchInterfaceException if there is no interface {@code iface}, or it is not a CAN interface (ENODEV,
     *         ENXIO); the message lists the CAN interfaces that exist
     * @throws InterfaceMtuException if the socket is set to CAN FD and the interface's MTU is not 72 (EINVAL)
     * @throws NetworkDownException if bind(2) reports ENETDOWN
     * @throws IsoTpException if bind(2), or writing the address bytes, fails for another reason (the errno is named)
     */
    public void bind(String iface, Address address) throws IOException {
        InvalidConfigurationException.throwIfAny(new ConfigValidator().iface(iface));
        Objects.requireNonNull(address, "address");
        synchronized (stateLock) {
            if (bound) {
                throw new IllegalStateException(Failure.ALREADY_BOUND.message(this.iface));
            }
            boolean addressBytes = address.mode().extendedAddressing();
            try {
                if (addressBytes) {
                    writeOptions(address);
                }
                enter();
                try {
                    int idFlag = address.mode().extendedIds() ? KernelAbi.CAN_EFF_FLAG : 0;
                    socket.bind(iface, address.rxid() | idFlag, address.txid() | idFlag);
                } catch (CarrierException e) {
                    throw ErrorMapper.forBind(e.errno(), iface, flag(Attribute.CAN_FD), socket.interfaceFacts());
                } finally {
                    socket.exit();
                }
            } catch (IOException | RuntimeException e) {
                if (addressBytes) {
                    restoreOptionsAfterFailedBind(e);
                }
                throw e;
            }
            this.iface = iface;
            this.address = address;
            this.sfBroadcast = flag(Attribute.SF_BROADCAST);
            this.broadcastFlag = sfBroadcast ? Attribute.SF_BROADCAST.elementName()
                    : flag(Attribute.CF_BROADCAST) ? Attribute.CF_BROADCAST.elementName() : null;
            this.singleFrameLimit = Limits.singleFramePayload(((Long) optionValues.get(Attribute.TX_DATA_LENGTH)).intValue(),
                    address.mode().extendedAddressing());
            this.bound = true;
        }
    }

    /**
     * Takes the address flags and bytes that a failed bind wrote back out of the kernel's options, so that the
     * socket is as it was before the bind. A socket whose options cannot be restored is closed: it is unusable, and
     * {@code failure} says so.
     */
    private void restoreOptionsAfterFailedBind(Exception failure) {
        try {
            writeOptions(null);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            failure.addSuppressed(new IllegalStateException(Failure.OPTIONS_NOT_RESTORED.message()));
            close();
        }
    }

    /**
     * The interface this socket is bound to.
     *
     * @return the interface name; empty before {@link #bind}
     */
    public String iface() {
        return iface;
    }

    /**
     * The address this socket is bound to.
     *
     * @return the address given to {@link #bind}; null before
     */
    public Address address() {
        return address;
    }

    // ---------------------------------------------------------------- send

    /**
     * Sends one PDU: a single frame, or a first frame and consecutive frames paced by the peer's flow control (BS,
     * STmin). With waitTxDone (on by default, with either way of opening) it returns once the whole PDU has left and
     * fails if the transfer failed, e.g. with {@link FlowControlTimeoutException} when no peer answered. Without
     * waitTxDone it returns once the kernel took the PDU; a transfer's error then surfaces later: a receive that meets
     * an error only a transmission causes (no flow control, the peer's overflow) keeps waiting for its PDU, and the
     * next send throws that error, saying it belongs to an earlier send, without sending its own payload.
     *
     * <p>It blocks while an earlier PDU of this socket is still being sent: one transfer per socket.
     * {@link #close()} from another thread frees a send blocked here: it ends with {@link SocketClosedException} and
     * the kernel stops the transfer (see docs/channels.md, "Requests and responses", for the bound).
     *
     * @param payload the PDU, 1 to {@link #maxPduSize()} bytes; with sfBroadcast at most one single frame (7 bytes on
     *        classic CAN, 6 with an address byte)
     * @throws IllegalStateException if the socket is not bound
     * @throws IllegalArgumentException if {@code payload} is empty, longer than {@link #maxPduSize()}, or longer than
     *         one single frame with sfBroadcast; nothing is sent
     * @throws IsoTpException if the transfer failed or the socket is closed: see the class doc's table
     */
    public void send(byte[] payload) throws IOException {
        requireNonNull(payload, "payload", "send takes a PDU of 1 or more bytes");
        requireBound();
        checkPayload(payload.length);
        enter();
        sendLock.lock();
        try {
            throwEarlierSendFailure();
            socket.send(payload, payload.length);
            throwIfInterrupted();
        } catch (CarrierException e) {
            throw e.getCause() != null ? busFailure(e) : sendFailure(e.errno(), payload.length);
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    /**
     * Sends the remaining bytes of {@code payload} as one PDU and advances its position to its limit; on failure the
     * position is left as it was. Direct buffers go to the kernel without a copy; a heap buffer is copied into a
     * buffer of the socket. Read-only buffers are sent as any other (a send only reads). Otherwise as
     * {@link #send(byte[])}.
     *
     * @param payload the PDU from position to limit, 1 to {@link #maxPduSize()} bytes
     * @throws IllegalArgumentException if nothing remains, or too much as for {@link #send(byte[])}; nothing is sent
     * @throws IsoTpException as {@link #send(byte[])}
     */
    public void send(ByteBuffer payload) throws IOException {
        requireNonNull(payload, "payload", "send takes a buffer with 1 or more bytes remaining");
        requireBound();
        int length = payload.remaining();
        checkPayload(length);
        enter();
        sendLock.lock();
        try {
            throwEarlierSendFailure();
            if (payload.isDirect()) {
                socket.send(payload, length);
            } else {
                ByteBuffer direct = sendBuffer(length);
                // an absolute bulk copy: reads read-only buffers too, and leaves the position alone until sent
                direct.put(0, payload, payload.position(), length);
                socket.send(direct, length);
            }
            throwIfInterrupted();
            payload.position(payload.position() + length);
        } catch (CarrierException e) {
            throw e.getCause() != null ? busFailure(e) : sendFailure(e.errno(), length);
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    private void throwEarlierSendFailure() throws IsoTpException {
        int errno = earlierSendFailure;
        if (errno != 0) {
            earlierSendFailure = 0;
            throw ErrorMapper.forEarlierSend(errno, iface, address);
        }
    }

    /** A send that close() interrupted failed, whatever the kernel returned (before 6.x kernels, its size). */
    private void throwIfInterrupted() throws IsoTpException {
        if (socket.sendInterrupted()) {
            throw ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
        }
    }

    /**
     * The exception of a failed send of {@code length} bytes: the close() that freed it, or the transfer's error. An
     * older kernel's smaller buffer answers EINVAL to a PDU it cannot hold (see {@link KernelInfo#maxPduSize()}).
     */
    private IsoTpException sendFailure(int errno, int length) {
        if (socket.sendInterrupted()) {
            return ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
        }
        if (socket.isKernel() && errno == dev.isotp.internal.abi.Errno.EINVAL.number() && length > KernelInfo.OLD_MAX_PDU_SIZE) {
            throw new IllegalArgumentException(payloadTooLarge(length, KernelInfo.OLD_MAX_PDU_SIZE));
        }
        return transferFailure(errno, "sending");
    }

    /**
     * Waits until the PDU of the last send has left, for a socket without waitTxDone (with it, the send waited
     * already), and throws the transfer's error if it failed: the send's own failure, as waitTxDone would have
     * thrown it. A request starts timing its answer from here.
     *
     * @throws IllegalStateException if the socket is not bound
     * @throws IsoTpException as {@link #send(byte[])}, also when the socket is closed meanwhile
     */
    public void awaitSent() throws IOException {
        requireBound();
        enter();
        try {
            if (!waitTxDone()) {
                while (socket.transferRunning()) {
                    if (socket.isClosed()) {
                        throw ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(TRANSFER_POLL_NANOS);
                }
            }
            int errno = earlierSendFailure;
            if (errno == 0) {
                // the transfer's error, if any, is pending on the socket: look without taking a PDU
                long peeked = socket.tryReceive(peekBuffer, 0, PEEK_FLAGS);
                errno = peeked < 0 && peeked != -EAGAIN ? (int) -peeked : 0;
                if (errno != 0 && !ErrorMapper.transmitOnly(errno)) {
                    throw transferFailure(errno, "receiving");
                }
            }
            if (errno != 0) {
                earlierSendFailure = 0;
                throw transferFailure(errno, "sending");
            }
        } finally {
            socket.exit();
        }
    }

    /**
     * Whether a send waits until its PDU has left (the waitTxDone option; on unless turned off).
     *
     * @return true where a send returns only once its PDU has left
     */
    public boolean waitTxDone() {
        return flag(Attribute.WAIT_TX_DONE);
    }

    private boolean flag(Attribute attribute) {
        return (Boolean) optionValues.get(attribute);
    }

    /** The attributes that are kernel options of a socket, set before bind. */
    private static final java.util.Set<Attribute> KERNEL_OPTIONS;
    /** The forced STmin attributes: each a value of its own and a flag in {@code can_isotp_options}. */
    private static final java.util.Set<Attribute> FORCED_STMIN = java.util.EnumSet.of(Attribute.TX_STMIN_NANOS,
            Attribute.RX_STMIN_NANOS);

    static {
        java.util.Set<Attribute> all = java.util.EnumSet.copyOf(GeneralOptions.ATTRIBUTES);
        all.addAll(FORCED_STMIN);
        all.addAll(FlowControlOptions.ATTRIBUTES);
        all.addAll(LinkLayerOptions.ATTRIBUTES);
        KERNEL_OPTIONS = java.util.Collections.unmodifiableSet(all);
    }

    private ByteBuffer sendBuffer(int length) {
        if (sendBuffer == null || sendBuffer.capacity() < length) {
            sendBuffer = Structs.allocate(Math.max(length, 4096));
        }
        sendBuffer.clear();
        return sendBuffer;
    }

    /** The words for a payload over the largest PDU, with the remedy this carrier has (if any). */
    private String payloadTooLarge(int length, int largest) {
        if (!socket.isKernel()) {
            return Failure.PAYLOAD_TOO_LARGE_ENGINE.message(length, largest, Limits.MAX_PDU_SIZE_CEILING);
        }
        return Failure.payloadTooLargeForKernel(length, largest, KernelInfo.maxPduSizeIsAParameter(),
                Limits.MAX_PDU_SIZE_CEILING);
    }

    private void checkPayload(int length) {
        if (length == 0) {
            throw new IllegalArgumentException(Failure.PAYLOAD_EMPTY.message(maxPduSize));
        }
        if (length > maxPduSize) {
            throw new IllegalArgumentException(payloadTooLarge(length, maxPduSize));
        }
        if (sfBroadcast && length > singleFrameLimit) {
            throw new IllegalArgumentException(Failure.PAYLOAD_TOO_LONG_FOR_BROADCAST.message(length, singleFrameLimit));
        }
    }

    // ---------------------------------------------------------------- receive

    /**
     * Receives one PDU, waiting as long as the receive timeout says ({@link #setReceiveTimeout}; without limit by
     * default). A PDU that is queued already is taken without waiting. The kernel queues a PDU only once it is
     * complete; while it receives, it sends our flow control (unless listenMode) and times out after 1 s without a
     * consecutive frame (N_Cr).
     *
     * @return the PDU, 1 to {@link #maxPduSize()} bytes
     * @throws IllegalStateException if the socket is not bound, or was bound with sfBroadcast or cfBroadcast
     * @throws SocketTimeoutException if no PDU arrived within the receive timeout
     * @throws PduTooLargeException if the PDU is larger than the receive buffer size; it was dropped
     * @throws IsoTpException if the transfer failed or the socket is closed: see the class doc's table
     */
    public byte[] receive() throws IOException {
        return receiveBytes(receiveTimeoutMillis);
    }

    /**
     * As {@link #receive()}, waiting at most {@code timeout}.
     *
     * @param timeout positive; counted in whole milliseconds (at least 1 ms, at most 2147483647 ms: a longer one is
     *        cut to that)
     * @return the PDU, 1 to {@link #maxPduSize()} bytes
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws ArithmeticException if {@code timeout} is too long to be counted in milliseconds as a {@code long}
     * @throws SocketTimeoutException if no PDU arrived within {@code timeout}
     * @throws IsoTpException as {@link #receive()}
     */
    public byte[] receive(Duration timeout) throws IOException {
        return receiveBytes(positiveMillis(timeout));
    }

    /**
     * Takes a PDU that is already queued, without waiting; empty when none is. A PDU still arriving (its first frame
     * in, consecutive frames to come) is not queued yet. Otherwise as {@link #receive()}.
     *
     * @return the PDU (1 to {@link #maxPduSize()} bytes), or empty if none is queued
     * @throws IsoTpException as {@link #receive()}
     */
    public java.util.Optional<byte[]> receiveQueued() throws IOException {
        byte[] pdu = receiveBytes(NO_WAIT);
        return java.util.Optional.ofNullable(pdu);
    }

    /**
     * Receives one PDU into the remaining space of {@code into} and advances its position; returns the PDU's length.
     * Waits as long as the receive timeout says. A PDU larger than the space left is not taken: it stays queued and
     * {@link PduTooLargeException} says how large it is. A direct buffer is received into without a copy; a heap
     * buffer through a buffer of the socket, with the same room: the receive buffer size
     * ({@link #setReceiveBufferSize}) does not limit it. Otherwise as {@link #receive()}.
     *
     * @param into a writable buffer; the PDU is written at its position
     * @return the PDU's length in bytes, 1 to {@link #maxPduSize()}
     * @throws IllegalArgumentException if {@code into} is read-only (heap or direct); nothing was taken
     * @throws PduTooLargeException if the PDU does not fit; it stays queued for a larger buffer
     * @throws IOException otherwise as {@link #receive()}
     */
    public int receive(ByteBuffer into) throws IOException {
        return receiveInto(into, receiveTimeoutMillis);
    }

    /**
     * As {@link #receive(ByteBuffer)}, waiting at most {@code timeout} (as {@link #receive(Duration)}).
     *
     * @param into a writable buffer; the PDU is written at its position
     * @param timeout positive; counted in whole milliseconds (at least 1 ms, at most 2147483647 ms)
     * @return the PDU's length in bytes, 1 to {@link #maxPduSize()}
     * @throws IllegalArgumentException if {@code timeout} is not positive, or {@code into} is read-only
     * @throws IOException as {@link #receive(ByteBuffer)}
     */
    public int receive(ByteBuffer into, Duration timeout) throws IOException {
        return receiveInto(into, positiveMillis(timeout));
    }

    /**
     * Runs {@code ready} once, without any thread waiting meanwhile, when a receive would not wait: a PDU or an
     * error is there to take, or the socket was closed (at once if so already). This is what asynchronous receives
     * are built on: arm, take the PDU with {@link #receiveQueued()} when called, and arm again if it found nothing
     * (a report may be spurious). On the kernel the process's one poller thread (epoll) runs {@code ready}; on the
     * user-space engine the thread that delivers the PDU does, possibly while the engine holds its lock: either way
     * {@code ready} must only hand the work off (e.g. to an {@link java.util.concurrent.Executor}), never block or
     * use this socket itself. One callback per socket: arming again replaces the one armed before. Not for use
     * while another thread waits in a receive of this socket.
     *
     * @param ready what to run, once
     * @throws IllegalStateException if the socket is not bound
     * @throws IsoTpException if the process's poller cannot watch the socket (an errno of epoll_ctl(2), named in
     *         the message)
     */
    public void armReadable(Runnable ready) throws IOException {
        requireNonNull(ready, "ready", "give the callback to run");
        requireBound();
        try {
            socket.armReadable(ready);
        } catch (CarrierException e) {
            throw transferFailure(e.errno(), "watching for a PDU");
        }
    }

    /**
     * Forgets the callback of {@link #armReadable} if it has not run yet. A report already under way may still run
     * it once: its receiver should find nothing, or take what is there.
     */
    public void disarmReadable() {
        socket.disarmReadable();
    }

    /**
     * How many PDUs this socket dropped because its receive queue was full: PDUs that arrived whole while the
     * received PDUs not yet taken filled the socket's receive buffer (on the kernel {@code SO_RCVBUF}, 208 KiB by
     * default, counted in the kernel's buffers; on the engine {@link EngineOptions#receiveBufferBytes()}, counted in
     * heap). On the kernel this is the socket's sk_drops, the count that SO_RXQ_OVFL reports (read with
     * getsockopt(SO_MEMINFO), which works on every kernel the runtime supports; Debian's 5.10 sends no SO_RXQ_OVFL
     * message for ISO-TP sockets, its 6.1 and 6.12 do). A receiver that falls behind loses PDUs silently otherwise:
     * read this to notice it.
     *
     * @return the count since the socket was opened, 0 or more
     * @throws IsoTpException when the kernel refuses to tell (a kernel before 4.12)
     */
    public long receiveQueueDrops() throws IOException {
        enter();
        try {
            return socket.receiveQueueDrops();
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "reading the receive queue's drop count", describeIface(), address);
        } finally {
            socket.exit();
        }
    }

    /**
     * Asks the kernel to stamp each PDU this socket receives with the arrival of its last CAN frame (SO_TIMESTAMPNS),
     * for {@link #receiveTimestamped()}. Call it right after opening: the kernel stamps frames only while some socket
     * asks for stamps (it turns stamping on within moments of the first such request), and a PDU that arrived
     * unstamped carries the time it was taken from the socket instead. May be called before or after {@link #bind};
     * calling it again does nothing.
     *
     * @throws IsoTpException when the kernel refuses the option (it takes it on every kernel with ISO-TP)
     */
    public void enableReceiveTimestamps() throws IOException {
        if (receiveTimestamps) {
            return;
        }
        enter();
        try {
            socket.enableReceiveTimestamps();
            receiveTimestamps = true;
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "turning on receive timestamps", describeIface(), address);
        } finally {
            socket.exit();
        }
    }

    /**
     * Receives one PDU with the kernel's time of its arrival (the arrival of its last CAN frame, from SO_TIMESTAMPNS;
     * see {@link #enableReceiveTimestamps()}, which the first call makes if it was not made), waiting as long as the
     * receive timeout says. Stamps of PDUs received on different sockets of one machine compare: ordering by them puts
     * a request before its answer however the receiving threads were scheduled.
     *
     * @return the PDU and its receive time in nanoseconds since the epoch (CLOCK_REALTIME)
     * @throws IOException as {@link #receive()}
     */
    public TimestampedPdu receiveTimestamped() throws IOException {
        return receiveStamped(receiveTimeoutMillis);
    }

    /**
     * As {@link #receiveTimestamped()}, waiting at most {@code timeout} (as {@link #receive(Duration)}).
     *
     * @param timeout how long to wait for a PDU, positive
     * @return the PDU with the kernel's receive time of its last CAN frame
     * @throws IOException as {@link #receive(Duration)}
     */
    public TimestampedPdu receiveTimestamped(Duration timeout) throws IOException {
        return receiveStamped(positiveMillis(timeout));
    }

    private TimestampedPdu receiveStamped(long timeoutMillis) throws IOException {
        enableReceiveTimestamps();
        enter();
        receiveLock.lock();
        try {
            int limit = receiveLimit();
            ByteBuffer buffer = receiveBuffer(limit);
            long length = receiveInto(buffer, limit, timeoutMillis, Oversized.RETURN, true);
            long stamp = socket.lastReceiveTimestampNanos();
            if (stamp == Long.MIN_VALUE) {
                throw ErrorMapper.exception(Failure.UNEXPECTED, 0, "reading the kernel's receive timestamp", iface);
            }
            byte[] pdu = new byte[(int) length];
            buffer.get(0, pdu);
            return new TimestampedPdu(pdu, stamp);
        } finally {
            receiveLock.unlock();
            socket.exit();
        }
    }

    private static long positiveMillis(Duration timeout) {
        requireNonNull(timeout, "timeout", "give a positive Duration");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout
                    + ": receive() without a timeout waits as the receive timeout says");
        }
        return Math.max(1, Math.min(Limits.MAX_RECEIVE_TIMEOUT_MILLIS, timeout.toMillis()));
    }

    private byte[] receiveBytes(long timeoutMillis) throws IOException {
        enter();
        receiveLock.lock();
        try {
            int limit = receiveLimit();
            ByteBuffer buffer = receiveBuffer(Math.min(limit, INITIAL_RECEIVE_BUFFER));
            // the buffer may have grown beyond the limit (a heap ByteBuffer's receive, a larger size before)
            int room = Math.min(buffer.capacity(), limit);
            long length = receiveInto(buffer, room, timeoutMillis, Oversized.RETURN, false);
            if (length < 0) {
                return null;
            }
            if (length > room) {
                if (length > limit) {
                    socket.tryReceive(buffer, 0, RECEIVE_FLAGS); // takes it off the queue: dropped, as reported
                    throw ErrorMapper.exception(Failure.PDU_TOO_LARGE, 0, length, limit,
                            "it was dropped; raise receiveBufferSize (0 takes the kernel's largest PDU, " + maxPduSize + " bytes)");
                }
                // the buffer grows to what PDUs need; the PDU stayed queued and is taken now, without waiting
                buffer = receiveBuffer((int) Math.min(limit, Math.max(length, 2L * room)));
                length = receiveInto(buffer, Math.min(buffer.capacity(), limit), timeoutMillis, Oversized.RETURN, false);
            }
            byte[] pdu = new byte[(int) length];
            buffer.get(0, pdu);
            return pdu;
        } finally {
            receiveLock.unlock();
            socket.exit();
        }
    }

    private int receiveInto(ByteBuffer into, long timeoutMillis) throws IOException {
        requireNonNull(into, "into", "give a writable buffer with room for the PDU");
        if (into.isReadOnly()) {
            // before anything is taken: the kernel would write into a read-only direct buffer's memory, and a
            // read-only heap buffer would fail only after the PDU was taken from the socket
            throw new IllegalArgumentException(Failure.READ_ONLY_BUFFER.message());
        }
        enter();
        receiveLock.lock();
        try {
            int room = into.remaining();
            int length;
            if (into.isDirect()) {
                length = (int) receiveInto(into, room, timeoutMillis, Oversized.KEEP, false);
            } else {
                // the heap buffer's room counts, whatever the receive buffer size: a PDU that fits it is taken
                int heapRoom = Math.min(room, maxPduSize);
                ByteBuffer buffer = receiveBuffer(heapRoom);
                length = (int) receiveInto(buffer, heapRoom, timeoutMillis, Oversized.KEEP, false);
                into.put(into.position(), buffer, 0, length);
            }
            into.position(into.position() + length);
            return length;
        } finally {
            receiveLock.unlock();
            socket.exit();
        }
    }

    /** What a receive does with a PDU longer than its room. */
    private enum Oversized {
        /** Leaves it queued and says so ({@link PduTooLargeException}). */
        KEEP,
        /** Leaves it queued and returns its length. */
        RETURN
    }

    /**
     * Waits for a PDU and receives it at the position of a direct buffer, with one receive call per PDU where the
     * carrier can (the kernel's: one recvfrom or recvmsg, which on a platform thread also does the waiting). A PDU too
     * large for {@code room} stays queued; nothing is truncated silently.
     */
    private long receiveInto(ByteBuffer direct, int room, long timeoutMillis, Oversized oversized, boolean stamped)
            throws IOException {
        requireBound();
        String broadcast = broadcastFlag;
        if (broadcast != null) {
            throw new IllegalStateException(Failure.RECEIVE_ON_BROADCAST.message(broadcast));
        }
        long deadline = timeoutMillis > 0 && timeoutMillis != NO_WAIT ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        long wait = timeoutMillis;
        for (;;) {
            long length;
            if (timeoutMillis == NO_WAIT) {
                length = stamped ? socket.tryReceiveStamped(direct, room, RECEIVE_FLAGS)
                        : socket.tryReceiveKeepingOversized(direct, room, RECEIVE_FLAGS);
            } else {
                try {
                    length = socket.receive(direct, room, RECEIVE_FLAGS, stamped, wait);
                } catch (CarrierException e) {
                    throw transferFailure(e.errno(), "waiting for a PDU");
                }
                if (length == PduCarrier.RECEIVE_CLOSED) {
                    throw ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
                }
            }
            if (length > room && (stamped || oversized == Oversized.KEEP)) {
                throw ErrorMapper.exception(Failure.PDU_TOO_LARGE, 0, length, room,
                        "it stays queued, receive it into a buffer with room for it");
            }
            if (length >= 0) {
                return length;
            }
            if (length == -EAGAIN) {
                if (timeoutMillis == NO_WAIT) {
                    return -1;
                }
                throw new SocketTimeoutException(Failure.NO_PDU_WITHIN.message(iface, timeoutMillis));
            }
            int errno = (int) -length;
            if (deferredAsEarlierSend(errno)) {
                wait = deadline == 0 ? 0 : Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
                continue;
            }
            throw transferFailure(errno, "receiving");
        }
    }

    /**
     * Keeps an error that only a transmission causes for the next send (it belongs to an earlier send whose
     * waitTxDone was off), unless the interface went down or away, which the receive reports itself.
     */
    private boolean deferredAsEarlierSend(int errno) {
        if (!bound || !ErrorMapper.transmitOnly(errno) || ErrorMapper.forTransferCutByInterface(errno, iface) != null) {
            return false;
        }
        earlierSendFailure = errno;
        return true;
    }

    /** The largest PDU a byte[] receive takes: the receive buffer size, read once per receive. */
    private int receiveLimit() {
        int size = receiveBufferSize;
        return size == 0 ? maxPduSize : size;
    }

    /**
     * The receive buffer of byte[] and heap-buffer receives, with at least {@code size} bytes: grown as PDUs need,
     * and dropped once after {@link #setReceiveBufferSize}.
     */
    private ByteBuffer receiveBuffer(int size) {
        if (receiveBufferResized) {
            receiveBufferResized = false;
            receiveBuffer = null;
        }
        if (receiveBuffer == null || receiveBuffer.capacity() < size) {
            receiveBuffer = Structs.allocate(size);
        }
        receiveBuffer.clear();
        return receiveBuffer;
    }

    // ---------------------------------------------------------------- state, errors, close

    private static void requireNonNull(Object value, String name, String what) {
        if (value == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message(name, what));
        }
    }

    private void enter() throws SocketClosedException {
        if (!socket.enter()) {
            throw (SocketClosedException) ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
        }
    }

    private void requireBound() throws IOException {
        if (unboundByKernel) {
            throw ErrorMapper.exception(Failure.DEVICE_GONE, 0, iface);
        }
        if (!bound) {
            throw new IllegalStateException(Failure.NOT_BOUND.message());
        }
    }

    private IsoTpException transferFailure(int errno, String operation) {
        if (bound && ErrorMapper.leavesSocketUnbound(errno)) {
            unboundByKernel = true;
        }
        if (!bound && errno == dev.isotp.internal.abi.Errno.EADDRNOTAVAIL.number()) {
            throw new IllegalStateException(Failure.NOT_BOUND.message());
        }
        if (socket.isClosed()) {
            return ErrorMapper.exception(Failure.SOCKET_CLOSED, 0);
        }
        // the kernel's ECOMM may hide an interface that went down or away; the engine reports those itself
        if (bound && socket.isKernel()) {
            IsoTpException cause = ErrorMapper.forTransferCutByInterface(errno, iface);
            if (cause != null) {
                unboundByKernel |= cause instanceof DeviceGoneException;
                return cause;
            }
        }
        return ErrorMapper.forTransfer(errno, operation, describeIface(), address);
    }

    private String describeIface() {
        return iface.isEmpty() ? "an unbound socket" : iface;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once {@link #close()} was called, from any thread
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Closes the socket; idempotent, never throws, and never waits for a transfer. A {@code receive} blocked in another
     * thread wakes at once and ends with {@link SocketClosedException}; the descriptor is released when the last call
     * using it has returned. A {@code send} under way in another thread ends with {@link SocketClosedException} too,
     * and its transfer stops: the engine ends it itself; on the kernel the send's system call is interrupted with the
     * signal the JDK uses to free threads blocked in channel I/O, and the release of the descriptor (which waits for
     * the transfer in the kernel) runs on a thread of its own. Only where that signal cannot be used (a JVM without
     * its handler, a C library without {@code pthread_kill}) does a send on the kernel run until its PDU has left or
     * the kernel ends it (no flow control within 1 s, the interface going down or away). A transfer still running
     * after its send returned (waitTxDone off) is left to finish, on that thread too.
     */
    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "IsoTpSocket[" + (bound ? iface + ", " + address : "unbound") + (isClosed() ? ", closed]" : "]");
    }
}
