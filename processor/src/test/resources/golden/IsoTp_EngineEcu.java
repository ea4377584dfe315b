package test;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.support.ChannelSupport;
import dev.isotp.support.GeneratedChannel;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The {@link EngineEcu} channel over a kernel ISO-TP socket, configured as its {@code @IsoTpChannel} says.
 *
 * <p>Open it with {@code new IsoTp_EngineEcu()}, {@code IsoTpChannels.open(EngineEcu.class)} or by injection; close it to close the socket.
 */
@Generated("dev.isotp.processor.IsoTpChannelProcessor")
public final class IsoTp_EngineEcu implements EngineEcu, GeneratedChannel {
    /**
     * The configuration written on {@link EngineEcu}, checked at compile time.
     */
    public static final IsoTpConfig CONFIG = IsoTpConfig.builder()
            .iface("vcan0")
            .rxid(0x7E8)
            .txid(0x7E0)
            .stmin(0x05)
            .build();

    private final ChannelSupport channel;

    /**
     * Opens the channel as annotated.
     *
     * @throws UncheckedIOException with the {@link IOException} as cause, if the socket cannot be opened
     */
    @Inject
    public IsoTp_EngineEcu() {
        try {
            this.channel = ChannelSupport.open("EngineEcu", CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the channel with some values replaced at run time, e.g. {@code ChannelOverrides.iface("can0")}.
     *
     * @throws dev.isotp.InvalidConfigurationException if an overridden value breaks a rule
     * @throws IOException if the socket cannot be opened
     */
    public IsoTp_EngineEcu(ChannelOverrides overrides) throws IOException {
        this.channel = ChannelSupport.open("EngineEcu", CONFIG, overrides);
    }

    @Override
    public byte[] request(byte[] request) {
        Objects.requireNonNull(request, "request is null: EngineEcu.request needs a PDU of 1 or more bytes");
        try {
            return this.channel.request(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void send(byte[] payload) {
        Objects.requireNonNull(payload, "payload is null: EngineEcu.send needs a PDU of 1 or more bytes");
        try {
            this.channel.send(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout is null: EngineEcu.poll needs a positive Duration");
        try {
            return this.channel.poll(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the socket; a receive blocked in another thread returns. Closing twice does nothing.
     */
    @Override
    public void close() {
        this.channel.close();
    }

    @Override
    public String toString() {
        return this.channel.toString();
    }

    @Override
    public ChannelSupport channelSupport() {
        return this.channel;
    }
}
