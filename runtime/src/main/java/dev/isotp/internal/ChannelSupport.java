package dev.isotp.internal;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The socket behind a generated {@code IsoTp_<Name>} client, with one method per method shape: the generated client
 * holds one and implements each interface method with a single call, so it stays short and compiles fast.
 *
 * <p>Each shape comes twice: as declared by {@link IsoTpSocket} (throws {@link IOException}), and with the suffix
 * {@code Unchecked}, for interface methods that do not declare {@code IOException}: these throw it as
 * {@link UncheckedIOException} with the original as cause. A receive with a timeout that may come back empty
 * ({@link #poll}) gives {@link Optional#empty()} when the timeout passes.
 *
 * <p>For generated code; not an API of its own. A client is composed with it, not derived from it, so no name here can
 * clash with a method of a user's interface.
 */
public final class ChannelSupport implements AutoCloseable {
    private final String channel;
    private final IsoTpSocket socket;

    private ChannelSupport(String channel, IsoTpSocket socket) {
        this.channel = channel;
        this.socket = socket;
    }

    /**
     * Opens the socket of {@code channel} (the interface's simple name, for {@link #toString()}) as configured.
     *
     * @throws UncheckedIOException with the {@link IOException} as cause, if the socket cannot be opened
     */
    public static ChannelSupport open(String channel, IsoTpConfig config) {
        Objects.requireNonNull(channel, "channel");
        try {
            return new ChannelSupport(channel, IsoTpSocket.open(config));
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
        Objects.requireNonNull(channel, "channel");
        return new ChannelSupport(channel, IsoTpSocket.open(overrides.applyTo(config)));
    }

    /** The socket, e.g. for its configuration. */
    public IsoTpSocket socket() {
        return socket;
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
        return socket.receive();
    }

    /** {@code byte[] m(Duration)}: when the timeout passes, {@link SocketTimeoutException}. */
    public byte[] receive(Duration timeout) throws IOException {
        return socket.receive(timeout);
    }

    /** {@code int m(ByteBuffer)}: receives into the buffer, returns the PDU's length. */
    public int receive(ByteBuffer into) throws IOException {
        return socket.receive(into);
    }

    /** {@code Optional<byte[]> m(Duration)}: empty when the timeout passes. */
    public Optional<byte[]> poll(Duration timeout) throws IOException {
        try {
            return Optional.of(socket.receive(timeout));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** {@code byte[] m(byte[])}: sends, then receives the answer. */
    public byte[] request(byte[] request) throws IOException {
        socket.send(request);
        return socket.receive();
    }

    /** {@code byte[] m(byte[], Duration)}: sends, then receives the answer within the timeout. */
    public byte[] request(byte[] request, Duration timeout) throws IOException {
        socket.send(request);
        return socket.receive(timeout);
    }

    // ------------------------------------------------------------ for methods that do not declare IOException

    /** {@link #send(byte[])}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public void sendUnchecked(byte[] payload) {
        try {
            socket.send(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #send(ByteBuffer)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public void sendUnchecked(ByteBuffer payload) {
        try {
            socket.send(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive()}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public byte[] receiveUnchecked() {
        try {
            return socket.receive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive(Duration)}, an {@link IOException} (a timeout too) thrown as {@link UncheckedIOException}. */
    public byte[] receiveUnchecked(Duration timeout) {
        try {
            return socket.receive(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #receive(ByteBuffer)}, an {@link IOException} thrown as {@link UncheckedIOException}. */
    public int receiveUnchecked(ByteBuffer into) {
        try {
            return socket.receive(into);
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

    // ------------------------------------------------------------ closing

    /** Closes the socket; a receive blocked in another thread returns. Closing twice does nothing. */
    @Override
    public void close() {
        socket.close();
    }

    /** {@code <Channel> over <configuration>}. */
    @Override
    public String toString() {
        return channel + " over " + socket.config();
    }
}
