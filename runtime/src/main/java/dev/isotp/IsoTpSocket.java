package dev.isotp;

import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.PduCarrier;
import dev.isotp.kernel.ErrorMapper;
import dev.isotp.kernel.Failure;
import dev.isotp.kernel.KernelAbi;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.kernel.KernelSocket;
import dev.isotp.kernel.Structs;
import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Limits;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A kernel ISO-TP socket (AF_CAN, SOCK_DGRAM, CAN_ISOTP), checked: every option is validated before it reaches the
 * kernel, every kernel error becomes an exception that says what happened and what to do, and nothing is silently
 * lost or truncated. It adds no protocol behaviour of its own: the kernel does the ISO-TP.
 *
 * <pre>{@code
 * try (IsoTpSocket socket = IsoTpSocket.open()) {
 *     socket.setFlowControlOptions(FlowControlOptions.builder().stmin(5).blockSize(10).build());
 *     socket.bind("vcan0", Address.builder(AddressingMode.NORMAL_11).rxId(0x7E8).txId(0x7E0).build());
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
 * {@code receive} at once (it ends with {@link SocketClosedException}); the file descriptor is released only when no
 * call uses it any more, so a closed socket never touches a descriptor number the process has reused.
 *
 * <p>The {@link ByteBuffer} methods with direct buffers copy nothing and allocate nothing per call.
 */
public final class IsoTpSocket implements AutoCloseable {
    /** tryReceive adds MSG_DONTWAIT itself; MSG_TRUNC makes recv(2) return a PDU's full length. */
    private static final int RECEIVE_FLAGS = KernelAbi.MSG_TRUNC;
    /** What the receive buffer of byte[] receives starts with; it grows to the PDUs received (up to their limit). */
    private static final int INITIAL_RECEIVE_BUFFER = 4096;
    private static final int EAGAIN = 11;

    private final PduCarrier socket;
    private final int maxPduSize;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** Guards the option state and bind. */
    private final Object stateLock = new Object();

    private GeneralOptions generalOptions;
    private Long txStminNanos;
    private Long rxStminNanos;
    private LinkLayerOptions linkLayer = LinkLayerOptions.CLASSIC;
    private volatile long receiveTimeoutMillis;
    private volatile int receiveBufferSize;
    private IsoTpConfig config;

    private volatile boolean bound;
    private volatile boolean unboundByKernel;
    private volatile String iface = "";
    private volatile Address address;
    private volatile String txIdText = "";
    private volatile int singleFrameLimit;
    private volatile boolean sfBroadcast;

    /** Owned by the receiving thread (under receiveLock). */
    private ByteBuffer receiveBuffer;
    /** Owned by the sending thread (under sendLock); only for heap ByteBuffers. */
    private ByteBuffer sendBuffer;

    private IsoTpSocket(PduCarrier socket) {
        this.socket = socket;
        this.maxPduSize = socket.maxPduSize();
    }

    /**
     * Opens an unbound socket with the kernel's default options. Fails with {@link KernelSupportMissingException}
     * (saying how to load it) when the kernel has no ISO-TP.
     */
    public static IsoTpSocket open() throws IOException {
        try {
            return new IsoTpSocket(KernelSocket.open());
        } catch (CarrierException e) {
            throw ErrorMapper.forOpen(e.errno());
        }
    }

    /**
     * Opens a socket, sets every option of {@code config} in the order the kernel needs (general options and forced
     * STmin, flow control, link layer), and binds it to the configuration's interface and address.
     */
    public static IsoTpSocket open(IsoTpConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        IsoTpSocket socket = open();
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
            config.txStminNanos().ifPresent(n -> txStminNanos = n);
            config.rxStminNanos().ifPresent(n -> rxStminNanos = n);
            setGeneralOptions(config.generalOptions());
            if (txStminNanos != null) {
                setNanosOption(KernelAbi.CAN_ISOTP_TX_STMIN, txStminNanos);
            }
            if (rxStminNanos != null) {
                setNanosOption(KernelAbi.CAN_ISOTP_RX_STMIN, rxStminNanos);
            }
            setFlowControlOptions(config.flowControl());
            setLinkLayerOptions(config.linkLayer());
            receiveTimeoutMillis = config.receiveTimeout().toMillis();
            receiveBufferSize = config.receiveBufferSize();
        }
    }

    /** The configuration this socket was opened with, or null for a socket from {@link #open()}. */
    public IsoTpConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- options (before bind)

    /** Sets the general options (padding, padding checks, half duplex, waitTxDone, listen mode, broadcast, ...). */
    public void setGeneralOptions(GeneralOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        requireKernel(options.sfBroadcast(), "sfBroadcast", IsoTpFlag.SF_BROADCAST);
        requireKernel(options.cfBroadcast(), "cfBroadcast", IsoTpFlag.CF_BROADCAST);
        requireKernel(options.dynamicFlowControl(), "dynamicFlowControl", IsoTpFlag.DYN_FC_PARMS);
        if (socket.isKernel() && options.frameTxTimeNanos() == GeneralOptions.FRAME_TX_TIME_ZERO && !KernelInfo.atLeast(5, 18)) {
            throw Failure.FEATURE_TOO_NEW.exception(0, "frameTxTimeNanos = FRAME_TX_TIME_ZERO", "5.18", KernelInfo.release());
        }
        synchronized (stateLock) {
            requireUnbound();
            GeneralOptions previous = generalOptions;
            generalOptions = options;
            try {
                writeOptions(null);
            } catch (IOException | RuntimeException e) {
                generalOptions = previous;
                throw e;
            }
        }
    }

    /** Sets the flow control this side sends while receiving: block size, STmin, wait frames. */
    public void setFlowControlOptions(FlowControlOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        synchronized (stateLock) {
            requireUnbound();
            setOption(KernelAbi.CAN_ISOTP_RECV_FC, Structs.flowControl(options.blockSize(), options.stmin(), options.wftmax()),
                    "setting the flow control options");
        }
    }

    /** Sets the link layer: classic CAN or CAN FD with its data length and bit rate switch. */
    public void setLinkLayerOptions(LinkLayerOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        synchronized (stateLock) {
            requireUnbound();
            setOption(KernelAbi.CAN_ISOTP_LL_OPTS, Structs.linkLayer(options.canFd() ? KernelAbi.CANFD_MTU : KernelAbi.CAN_MTU,
                    options.txDataLength(), options.bitRateSwitch() ? KernelAbi.CANFD_BRS : 0), "setting the link layer options");
            linkLayer = options;
        }
    }

    /** Sends consecutive frames at least this many ns apart, whatever STmin the peer asks for (FORCE_TXSTMIN). */
    public void setTxStminNanos(long nanos) throws IOException {
        new ConfigValidator().forcedStmin(nanos, null).throwIfInvalid();
        synchronized (stateLock) {
            requireUnbound();
            setNanosOption(KernelAbi.CAN_ISOTP_TX_STMIN, nanos);
            Long previous = txStminNanos;
            txStminNanos = nanos;
            try {
                writeOptions(null);
            } catch (IOException | RuntimeException e) {
                txStminNanos = previous;
                throw e;
            }
        }
    }

    /** Drops received consecutive frames that arrive closer than this many ns (FORCE_RXSTMIN). */
    public void setRxStminNanos(long nanos) throws IOException {
        new ConfigValidator().forcedStmin(null, nanos).throwIfInvalid();
        synchronized (stateLock) {
            requireUnbound();
            setNanosOption(KernelAbi.CAN_ISOTP_RX_STMIN, nanos);
            Long previous = rxStminNanos;
            rxStminNanos = nanos;
            try {
                writeOptions(null);
            } catch (IOException | RuntimeException e) {
                rxStminNanos = previous;
                throw e;
            }
        }
    }

    /** How long {@link #receive()} and {@link #receive(ByteBuffer)} wait; {@link Duration#ZERO} = without limit. */
    public void setReceiveTimeout(Duration timeout) {
        new ConfigValidator().receive(timeout.toMillis(), 0).throwIfInvalid();
        receiveTimeoutMillis = timeout.toMillis();
    }

    /** The largest PDU {@link #receive()} takes (a larger one is dropped and reported); 0 = the kernel's largest. */
    public void setReceiveBufferSize(int bytes) {
        new ConfigValidator().receive(0, bytes).throwIfInvalid();
        receiveLock.lock();
        try {
            receiveBufferSize = bytes;
            receiveBuffer = null;
        } finally {
            receiveLock.unlock();
        }
    }

    private void requireKernel(boolean used, String option, IsoTpFlag flag) throws IsoTpException {
        if (used && socket.isKernel()) {
            int[] v = KernelInfo.version(KernelInfo.release());
            if (v[0] != 0 && !flag.knownTo(v[0], v[1])) {
                throw Failure.FEATURE_TOO_NEW.exception(0, option, flag.since(), KernelInfo.release());
            }
        }
    }

    /** Writes can_isotp_options from the general options, the forced STmin flags and the address bytes. */
    private void writeOptions(Address forAddress) throws IOException {
        GeneralOptions g = generalOptions;
        int flags = g == null ? 0 : IsoTpFlag.encode(g.flags());
        int extAddress = 0;
        int rxExtAddress = 0;
        if (forAddress != null && forAddress.mode().extendedAddressing()) {
            flags |= IsoTpFlag.EXTEND_ADDR.bit() | IsoTpFlag.RX_EXT_ADDR.bit();
            extAddress = forAddress.txAddressByte().getAsInt();
            rxExtAddress = forAddress.rxAddressByte().getAsInt();
        }
        if (txStminNanos != null) {
            flags |= IsoTpFlag.FORCE_TXSTMIN.bit();
        }
        if (rxStminNanos != null) {
            flags |= IsoTpFlag.FORCE_RXSTMIN.bit();
        }
        long frameTxTime = g == null ? GeneralOptions.FRAME_TX_TIME_DEFAULT : g.frameTxTimeNanos();
        int txPad = g == null ? KernelAbi.DEFAULT_PAD_CONTENT : g.txPadding().orElse(KernelAbi.DEFAULT_PAD_CONTENT);
        int rxPad = g == null ? KernelAbi.DEFAULT_PAD_CONTENT : g.rxPadding().orElse(KernelAbi.DEFAULT_PAD_CONTENT);
        setOption(KernelAbi.CAN_ISOTP_OPTS, Structs.options(flags, frameTxTime, extAddress, txPad, rxPad, rxExtAddress),
                "setting the general options");
    }

    private void setNanosOption(int option, long nanos) throws IOException {
        setOption(option, Structs.nanos(nanos), "setting a forced STmin");
    }

    private void setOption(int option, ByteBuffer value, String operation) throws IOException {
        enter();
        try {
            socket.setOption(option, value);
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), operation, describeIface(), txIdText);
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

    /** The general options as the kernel holds them, with every flag and raw byte. */
    public KernelOptions getKernelOptions() throws IOException {
        ByteBuffer b = getOption(KernelAbi.CAN_ISOTP_OPTS, KernelAbi.OPTIONS_SIZE);
        return new KernelOptions(IsoTpFlag.decode(b.getInt(0)), Structs.u32(b, 4), Structs.u8(b, 8), Structs.u8(b, 9),
                Structs.u8(b, 10), Structs.u8(b, 11));
    }

    /** The general options as the kernel holds them. */
    public GeneralOptions getGeneralOptions() throws IOException {
        return getKernelOptions().generalOptions();
    }

    /** The flow control options as the kernel holds them. */
    public FlowControlOptions getFlowControlOptions() throws IOException {
        ByteBuffer b = getOption(KernelAbi.CAN_ISOTP_RECV_FC, KernelAbi.FC_OPTIONS_SIZE);
        return FlowControlOptions.builder().blockSize(Structs.u8(b, 0)).stmin(Structs.u8(b, 1)).wftmax(Structs.u8(b, 2))
                .buildAsIs();
    }

    /** The link layer options as the kernel holds them. */
    public LinkLayerOptions getLinkLayerOptions() throws IOException {
        ByteBuffer b = getOption(KernelAbi.CAN_ISOTP_LL_OPTS, KernelAbi.LL_OPTIONS_SIZE);
        return LinkLayerOptions.asIs(Structs.u8(b, 0) == KernelAbi.CANFD_MTU, Structs.u8(b, 1),
                (Structs.u8(b, 2) & KernelAbi.CANFD_BRS) != 0);
    }

    /** The forced transmit STmin in ns, empty when FORCE_TXSTMIN is off. */
    public OptionalLong getTxStminNanos() throws IOException {
        return forcedNanos(IsoTpFlag.FORCE_TXSTMIN, KernelAbi.CAN_ISOTP_TX_STMIN);
    }

    /** The forced receive STmin in ns, empty when FORCE_RXSTMIN is off. */
    public OptionalLong getRxStminNanos() throws IOException {
        return forcedNanos(IsoTpFlag.FORCE_RXSTMIN, KernelAbi.CAN_ISOTP_RX_STMIN);
    }

    private OptionalLong forcedNanos(IsoTpFlag flag, int option) throws IOException {
        if (!getKernelOptions().flags().contains(flag)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Structs.u32(getOption(option, KernelAbi.STMIN_SIZE), 0));
    }

    /** What getsockname(2) reports: the interface index and the CAN ids as bound, CAN_EFF_FLAG included. */
    public SocketName getSocketName() throws IOException {
        enter();
        try {
            ByteBuffer b = socket.socketName();
            return new SocketName(b.getInt(4), b.getInt(8), b.getInt(12));
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "reading the socket's address", describeIface(), txIdText);
        } finally {
            socket.exit();
        }
    }

    private ByteBuffer getOption(int option, int size) throws IOException {
        enter();
        try {
            return socket.getOption(option, size);
        } catch (CarrierException e) {
            throw ErrorMapper.forTransfer(e.errno(), "reading an option", describeIface(), txIdText);
        } finally {
            socket.exit();
        }
    }

    /** The largest PDU this kernel sends and receives (its max_pdu_size, or the size built into older kernels). */
    public int maxPduSize() {
        return maxPduSize;
    }

    // ---------------------------------------------------------------- bind

    /**
     * Binds the socket to a CAN interface and an address; from then on it sends and receives. The address bytes of
     * extended and mixed addressing are written to the kernel here; 29-bit modes get CAN_EFF_FLAG on both ids.
     */
    public void bind(String iface, Address address) throws IOException {
        new ConfigValidator().iface(iface).throwIfInvalid();
        Objects.requireNonNull(address, "address");
        synchronized (stateLock) {
            if (bound) {
                throw new IllegalStateException(Failure.ALREADY_BOUND.message(this.iface));
            }
            if (address.mode().extendedAddressing()) {
                writeOptions(address);
            }
            enter();
            try {
                int idFlag = address.mode().extendedIds() ? KernelAbi.CAN_EFF_FLAG : 0;
                socket.bind(iface, address.rxId() | idFlag, address.txId() | idFlag);
            } catch (CarrierException e) {
                throw ErrorMapper.forBind(e.errno(), iface, linkLayer.canFd());
            } finally {
                socket.exit();
            }
            this.iface = iface;
            this.address = address;
            this.txIdText = String.format("0x%X", address.txId());
            GeneralOptions g = generalOptions;
            this.sfBroadcast = g != null && g.sfBroadcast();
            this.singleFrameLimit = Limits.singleFramePayload(linkLayer.txDataLength(), address.mode().extendedAddressing());
            this.bound = true;
        }
    }

    /** The interface this socket is bound to; empty before {@link #bind}. */
    public String iface() {
        return iface;
    }

    /** The address this socket is bound to; null before {@link #bind}. */
    public Address address() {
        return address;
    }

    // ---------------------------------------------------------------- send

    /**
     * Sends one PDU. With waitTxDone (on in every {@link IsoTpConfig}) it returns once the whole PDU has left and
     * fails if the transfer failed, e.g. with {@link FlowControlTimeoutException} when no peer answered.
     */
    public void send(byte[] payload) throws IOException {
        requireBound();
        checkPayload(payload.length);
        enter();
        sendLock.lock();
        try {
            socket.send(payload, payload.length);
        } catch (CarrierException e) {
            throw transferFailure(e.errno(), "sending");
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    /**
     * Sends the remaining bytes of {@code payload} as one PDU and advances its position. Direct buffers go to the
     * kernel without a copy.
     */
    public void send(ByteBuffer payload) throws IOException {
        requireBound();
        int length = payload.remaining();
        checkPayload(length);
        enter();
        sendLock.lock();
        try {
            if (payload.isDirect()) {
                socket.send(payload, length);
            } else {
                ByteBuffer direct = sendBuffer(length);
                direct.put(0, payload.array(), payload.arrayOffset() + payload.position(), length);
                socket.send(direct, length);
            }
            payload.position(payload.position() + length);
        } catch (CarrierException e) {
            throw transferFailure(e.errno(), "sending");
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    private ByteBuffer sendBuffer(int length) {
        if (sendBuffer == null || sendBuffer.capacity() < length) {
            sendBuffer = Structs.allocate(Math.max(length, 4096));
        }
        sendBuffer.clear();
        return sendBuffer;
    }

    private void checkPayload(int length) {
        if (length == 0) {
            throw new IllegalArgumentException(Failure.PAYLOAD_EMPTY.message(maxPduSize));
        }
        if (length > maxPduSize) {
            throw new IllegalArgumentException(Failure.PAYLOAD_TOO_LARGE.message(length, maxPduSize, Limits.MAX_PDU_SIZE_CEILING));
        }
        if (sfBroadcast && length > singleFrameLimit) {
            throw new IllegalArgumentException(Failure.PAYLOAD_TOO_LONG_FOR_BROADCAST.message(length, singleFrameLimit));
        }
    }

    // ---------------------------------------------------------------- receive

    /** Receives one PDU, waiting as long as the receive timeout says (without limit by default). */
    public byte[] receive() throws IOException {
        return receiveBytes(receiveTimeoutMillis);
    }

    /** Receives one PDU, waiting at most {@code timeout}; when it passes, {@link SocketTimeoutException}. */
    public byte[] receive(Duration timeout) throws IOException {
        return receiveBytes(positiveMillis(timeout));
    }

    /**
     * Receives one PDU into the remaining space of {@code into} and advances its position; returns the PDU's length.
     * Waits as long as the receive timeout says. A PDU larger than the space left is not taken: it stays queued and
     * {@link PduTooLargeException} says how large it is.
     */
    public int receive(ByteBuffer into) throws IOException {
        return receiveInto(into, receiveTimeoutMillis);
    }

    /** As {@link #receive(ByteBuffer)}, waiting at most {@code timeout}. */
    public int receive(ByteBuffer into, Duration timeout) throws IOException {
        return receiveInto(into, positiveMillis(timeout));
    }

    private static long positiveMillis(Duration timeout) {
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
            int limit = receiveBufferSize == 0 ? maxPduSize : receiveBufferSize;
            ByteBuffer buffer = receiveBuffer(Math.min(limit, INITIAL_RECEIVE_BUFFER));
            int room = buffer.capacity();
            long length = receiveInto(buffer, room, timeoutMillis, Oversized.RETURN);
            if (length > room) {
                if (length > limit) {
                    socket.tryReceive(buffer, 0, RECEIVE_FLAGS); // takes it off the queue: dropped, as reported
                    throw Failure.PDU_TOO_LARGE.exception(0, length, limit,
                            "it was dropped; raise receiveBufferSize (0 takes the kernel's largest PDU, " + maxPduSize + " bytes)");
                }
                // the buffer grows to what PDUs need; the PDU stayed queued and is taken now, without waiting
                buffer = receiveBuffer((int) Math.min(limit, Math.max(length, 2L * room)));
                length = receiveInto(buffer, buffer.capacity(), timeoutMillis, Oversized.RETURN);
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
        enter();
        receiveLock.lock();
        try {
            int room = into.remaining();
            int length;
            if (into.isDirect()) {
                length = (int) receiveInto(into, room, timeoutMillis, Oversized.KEEP);
            } else {
                ByteBuffer buffer = receiveBuffer(Math.min(room, maxPduSize));
                length = (int) receiveInto(buffer, Math.min(room, buffer.capacity()), timeoutMillis, Oversized.KEEP);
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
     * carrier can (the kernel's: one recvfrom or recvmsg). A PDU too large for {@code room} stays queued; nothing is
     * truncated silently.
     */
    private long receiveInto(ByteBuffer direct, int room, long timeoutMillis, Oversized oversized) throws IOException {
        requireBound();
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        for (;;) {
            // A PDU that is already queued is taken at once; the wait comes only when there is none yet.
            long length = socket.tryReceiveKeepingOversized(direct, room, RECEIVE_FLAGS);
            if (length > room && oversized == Oversized.KEEP) {
                throw Failure.PDU_TOO_LARGE.exception(0, length, room,
                        "it stays queued, receive it into a buffer with room for it");
            }
            if (length >= 0) {
                return length;
            }
            if (length != -EAGAIN) {
                throw transferFailure((int) -length, "receiving");
            }
            long left = deadline == 0 ? 0 : Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            int state;
            try {
                state = socket.await(left);
            } catch (CarrierException e) {
                throw transferFailure(e.errno(), "waiting for a PDU");
            }
            if (state == PduCarrier.CLOSED) {
                throw Failure.SOCKET_CLOSED.exception(0);
            }
            if (state == PduCarrier.TIMED_OUT) {
                throw new SocketTimeoutException("no PDU arrived on " + iface + " within " + timeoutMillis + " ms");
            }
        }
    }

    /** The receive buffer of byte[] and heap-buffer receives, with at least {@code size} bytes: grown as PDUs need. */
    private ByteBuffer receiveBuffer(int size) {
        if (receiveBuffer == null || receiveBuffer.capacity() < size) {
            receiveBuffer = Structs.allocate(size);
        }
        receiveBuffer.clear();
        return receiveBuffer;
    }

    // ---------------------------------------------------------------- state, errors, close

    private void enter() throws SocketClosedException {
        if (!socket.enter()) {
            throw (SocketClosedException) Failure.SOCKET_CLOSED.exception(0);
        }
    }

    private void requireBound() throws IOException {
        if (unboundByKernel) {
            throw Failure.DEVICE_GONE.exception(0, iface);
        }
        if (!bound) {
            throw new IllegalStateException(Failure.NOT_BOUND.message());
        }
    }

    private IsoTpException transferFailure(int errno, String operation) {
        if (bound && ErrorMapper.leavesSocketUnbound(errno)) {
            unboundByKernel = true;
        }
        if (!bound && errno == dev.isotp.kernel.Errno.EADDRNOTAVAIL.number()) {
            throw new IllegalStateException(Failure.NOT_BOUND.message());
        }
        if (bound) {
            IsoTpException cause = ErrorMapper.forTransferCutByInterface(errno, iface);
            if (cause != null) {
                unboundByKernel |= cause instanceof DeviceGoneException;
                return cause;
            }
        }
        return ErrorMapper.forTransfer(errno, operation, describeIface(), txIdText);
    }

    private String describeIface() {
        return iface.isEmpty() ? "an unbound socket" : iface;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Closes the socket; idempotent. A {@code receive} blocked in another thread wakes at once and ends with
     * {@link SocketClosedException}; the descriptor is released when the last call using it has returned.
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
