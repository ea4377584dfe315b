package dev.isotp.support;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PayloadCodec;
import dev.isotp.PayloadCodecException;
import dev.isotp.kernel.Failure;
import dev.isotp.validation.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The socket behind a generated {@code IsoTp_<Name>} client, with one method per method shape: the generated client
 * holds one and implements each interface method with a single call, so it stays short and compiles fast.
 *
 * <p>Each shape comes twice: as declared by {@link IsoTpSocket} (throws {@link IOException}), and with the suffix
 * {@code Unchecked}, for interface methods that do not declare {@code IOException}: these throw it as
 * {@link UncheckedIOException} with the original as cause. A receive with a timeout that may come back empty
 * ({@link #poll}) gives {@link Optional#empty()} when the timeout passes.
 *
 * <h2>Requests and receives</h2>
 * A request is one exchange: its send and the receive of its answer happen under the channel's exchange lock, so
 * callers in several threads take turns (in arrival order) and never get each other's answers. Every receive takes
 * the same lock: a PDU goes to exactly one caller, and a receive that waits holds the channel until it returns (a
 * request in another thread waits that long). Sends take no exchange lock.
 *
 * <p>Before a request is sent, PDUs already queued on the channel (late answers of earlier requests that timed out,
 * or anything unsolicited) are dropped: each is logged on the {@link System.Logger} {@code dev.isotp.channel} (level
 * INFO, with its first bytes) and counted in {@link #droppedPdus()}. The answer's time starts when the request has
 * left the bus ({@link IsoTpSocket#awaitSent()}), also with waitTxDone off.
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
    /** Held by every request and receive: one exchange at a time, first come first served. */
    private final ReentrantLock exchange = new ReentrantLock(true);
    private final AtomicLong droppedPdus = new AtomicLong();
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

    private ChannelSupport(String channel, IsoTpSocket socket) {
        this.channel = channel;
        this.socket = socket;
        IsoTpConfig config = socket.config();
        this.requestTimeoutMillis = config == null ? Limits.DEFAULT_REQUEST_TIMEOUT_MILLIS : config.requestTimeout().toMillis();
    }

    /**
     * Opens the socket of {@code channel} (the interface's simple name, for {@link #toString()}) as configured.
     *
     * @throws UncheckedIOException with the {@link IOException} as cause, if the socket cannot be opened
     */
    public static ChannelSupport open(String channel, IsoTpConfig config) {
        return open(channel, config, new int[0]);
    }

    /**
     * As {@link #open(String, IsoTpConfig)}, with the responders of a functional channel as (rxid, txid) pairs.
     *
     * @throws UncheckedIOException with the {@link IOException} as cause, if a socket cannot be opened
     */
    public static ChannelSupport open(String channel, IsoTpConfig config, int[] responders) {
        Objects.requireNonNull(channel, "channel");
        try {
            return new ChannelSupport(channel, IsoTpSocket.open(config)).withResponders(responders);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the socket of {@code channel} with some values of {@code config} replaced at run time.
     *
     * @throws dev.isotp.InvalidConfigurationException if an overridden value breaks a rule
     * @throws IOException if the socket cannot be opened
     */
    public static ChannelSupport open(String channel, IsoTpConfig config, ChannelOverrides overrides)
            throws IOException {
        return open(channel, config, overrides, new int[0]);
    }

    /** As {@link #open(String, IsoTpConfig, ChannelOverrides)}, with the responders as (rxid, txid) pairs. */
    public static ChannelSupport open(String channel, IsoTpConfig config, ChannelOverrides overrides, int[] responders)
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

    /** The socket, e.g. for its configuration. */
    public IsoTpSocket socket() {
        return socket;
    }

    /**
     * How many PDUs were dropped because they were already queued when a request was sent (late answers of earlier
     * requests, or unsolicited PDUs). Each is also logged on {@code System.Logger} {@code dev.isotp.channel}.
     */
    public long droppedPdus() {
        return droppedPdus.get();
    }

    // ------------------------------------------------------------ as the socket declares them

    /** {@code void m(byte[])}. */
    public void send(byte[] payload) throws IOException {
        socket.send(payload);
    }

    /** {@code void m(ByteBuffer)}. */
    public void send(ByteBuffer payload) throws IOException {
        socket.send(payload);
    }

    /** {@code byte[] m()}: waits as long as the configured receive timeout says. */
    public byte[] receive() throws IOException {
        exchange.lock();
        try {
            return socket.receive();
        } finally {
            exchange.unlock();
        }
    }

    /** {@code byte[] m(Duration)}: when the timeout passes, {@link SocketTimeoutException}. */
    public byte[] receive(Duration timeout) throws IOException {
        exchange.lock();
        try {
            return socket.receive(timeout);
        } finally {
            exchange.unlock();
        }
    }

    /** {@code int m(ByteBuffer)}: receives into the buffer, returns the PDU's length. */
    public int receive(ByteBuffer into) throws IOException {
        exchange.lock();
        try {
            return socket.receive(into);
        } finally {
            exchange.unlock();
        }
    }

    /** {@code Optional<byte[]> m(Duration)}: empty when the timeout passes. */
    public Optional<byte[]> poll(Duration timeout) throws IOException {
        exchange.lock();
        try {
            return Optional.of(socket.receive(timeout));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            exchange.unlock();
        }
    }

    /**
     * {@code byte[] m(byte[])}: sends, then receives the answer within the request timeout ({@code
     * requestTimeoutMillis}, {@value Limits#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms unless configured).
     */
    public byte[] request(byte[] request) throws IOException {
        return exchange(request, requestTimeoutMillis);
    }

    /** {@code byte[] m(byte[], Duration)}: sends, then receives the answer within the timeout. */
    public byte[] request(byte[] request, Duration timeout) throws IOException {
        if (timeout == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message("timeout", "give a positive Duration"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
        return exchange(request, timeout.toMillis());
    }

    private byte[] exchange(byte[] request, long timeoutMillis) throws IOException {
        exchange.lock();
        try {
            dropQueued(socket, "request");
            socket.send(request);
            socket.awaitSent();
            long millis = timeoutMillis == 0 ? Limits.MAX_RECEIVE_TIMEOUT_MILLIS : Math.max(1, timeoutMillis);
            try {
                return socket.receive(Duration.ofMillis(millis));
            } catch (SocketTimeoutException e) {
                SocketTimeoutException timeout = new SocketTimeoutException("no answer on " + socket.iface() + " within "
                        + millis + " ms after the request had left (" + channel + "); an answer that comes later is "
                        + "dropped before the next request");
                timeout.initCause(e);
                throw timeout;
            }
        } finally {
            exchange.unlock();
        }
    }

    /**
     * {@code Map<Integer, byte[]> m(byte[], Duration)}: sends one functional request (one single frame, SF_BROADCAST)
     * and returns the answer of every declared responder that answered within {@code window} (counted from when the
     * request has left), keyed by the responder's rxid, in the order the responders are declared. A responder that
     * stays silent is absent; a multi-frame answer still arriving when the window closes is not taken.
     */
    public Map<Integer, byte[]> requestAll(byte[] request, Duration window) throws IOException {
        if (window == null) {
            throw new NullPointerException(Failure.NULL_ARGUMENT.message("window", "give a positive Duration"));
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive, not " + window);
        }
        exchange.lock();
        try {
            for (Responder r : responders) {
                dropQueued(r.socket, "functional request");
            }
            socket.send(request);
            socket.awaitSent();
            long deadline = System.nanoTime() + window.toNanos();
            Map<Integer, byte[]> answers = new LinkedHashMap<>();
            for (Responder r : responders) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                Optional<byte[]> answer;
                if (left > 0) {
                    try {
                        answer = Optional.of(r.socket.receive(Duration.ofMillis(left)));
                    } catch (SocketTimeoutException e) {
                        answer = Optional.empty();
                    }
                } else {
                    answer = r.socket.receiveQueued();
                }
                answer.ifPresent(a -> answers.put(r.rxid, a));
            }
            return Collections.unmodifiableMap(answers);
        } finally {
            exchange.unlock();
        }
    }

    private void dropQueued(IsoTpSocket from, String what) throws IOException {
        for (Optional<byte[]> old = from.receiveQueued(); old.isPresent(); old = from.receiveQueued()) {
            long count = droppedPdus.incrementAndGet();
            byte[] pdu = old.get();
            LOG.log(System.Logger.Level.INFO, () -> channel + ": dropped a PDU that was queued on " + from.iface()
                    + " before a " + what + " was sent (a late answer?), " + pdu.length + " bytes: " + hexStart(pdu)
                    + "; " + count + " dropped so far");
        }
    }

    // ------------------------------------------------------------ codecs

    /** Decodes a received PDU; a codec that throws becomes a {@link PayloadCodecException} naming all. */
    public <T> T decode(PayloadCodec<T> codec, byte[] pdu, String method) {
        try {
            return codec.decode(pdu);
        } catch (RuntimeException e) {
            throw new PayloadCodecException(Failure.CODEC_DECODE_FAILED.message(codec.getClass().getName(),
                    channel + "." + method, pdu.length, hexStart(pdu), e), channel, method, pdu, e);
        }
    }

    /** Encodes a value to send; a codec that throws becomes a {@link PayloadCodecException} naming all. */
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

    // ------------------------------------------------------------ for methods that do not declare IOException

    /** {@link #send(byte[])}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public void sendUnchecked(byte[] payload) {
        try {
            send(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #send(ByteBuffer)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public void sendUnchecked(ByteBuffer payload) {
        try {
            send(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive()}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public byte[] receiveUnchecked() {
        try {
            return receive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive(Duration)}, an {@link IOException} (a timeout too) thrown as {@link UncheckedIOException}. */
    public byte[] receiveUnchecked(Duration timeout) {
        try {
            return receive(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive(ByteBuffer)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public int receiveUnchecked(ByteBuffer into) {
        try {
            return receive(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #poll(Duration)}, any other {@link IOException} thrown as {@link UncheckedIOException}. */
    public Optional<byte[]> pollUnchecked(Duration timeout) {
        try {
            return poll(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #request(byte[])}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public byte[] requestUnchecked(byte[] request) {
        try {
            return request(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #request(byte[], Duration)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public byte[] requestUnchecked(byte[] request, Duration timeout) {
        try {
            return request(request, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #requestAll(byte[], Duration)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public Map<Integer, byte[]> requestAllUnchecked(byte[] request, Duration window) {
        try {
            return requestAll(request, window);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------ closing

    /**
     * Closes the socket (and those of the responders); a receive or send blocked in another thread returns with
     * {@link dev.isotp.SocketClosedException}. Closing twice does nothing.
     */
    @Override
    public void close() {
        socket.close();
        for (Responder r : responders) {
            r.socket.close();
        }
    }

    /** {@code <Channel> over <configuration>}. */
    @Override
    public String toString() {
        return channel + " over " + socket.config();
    }
}
