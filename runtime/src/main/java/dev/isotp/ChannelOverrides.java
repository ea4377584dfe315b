package dev.isotp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Run-time replacements for values of an {@link IsoTpChannel}: the same client on vcan0 in tests and on can0 in
 * production. Values not overridden keep what the annotation says; the result is validated again when the channel
 * opens ({@link InvalidConfigurationException}).
 *
 * <pre>{@code
 * EngineEcu ecu = IsoTpChannels.open(EngineEcu.class, ChannelOverrides.iface("can0"));
 * EngineEcu ecu = new IsoTp_EngineEcu(ChannelOverrides.builder().iface("can0").receiveTimeoutMillis(500).build());
 * }</pre>
 */
public final class ChannelOverrides {
    private static final ChannelOverrides NONE = new Builder().build();

    private final String iface;
    private final Long receiveTimeoutMillis;
    private final Long receiveBufferSize;
    private final Backend backend;

    private ChannelOverrides(Builder b) {
        iface = b.iface;
        backend = b.backend;
        receiveTimeoutMillis = b.receiveTimeoutMillis;
        receiveBufferSize = b.receiveBufferSize;
    }

    /** No overrides: the channel as annotated. */
    public static ChannelOverrides none() {
        return NONE;
    }

    /** Only the interface replaced, e.g. {@code ChannelOverrides.iface("can0")}. */
    public static ChannelOverrides iface(String iface) {
        return builder().iface(iface).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The interface to use instead of the annotated one; empty = as annotated. */
    public Optional<String> ifaceOverride() {
        return Optional.ofNullable(iface);
    }

    public OptionalLong receiveTimeoutMillisOverride() {
        return receiveTimeoutMillis == null ? OptionalLong.empty() : OptionalLong.of(receiveTimeoutMillis);
    }

    public OptionalLong receiveBufferSizeOverride() {
        return receiveBufferSize == null ? OptionalLong.empty() : OptionalLong.of(receiveBufferSize);
    }

    /** Only the backend replaced, e.g. {@code ChannelOverrides.backend(Backend.canRaw())}. */
    public static ChannelOverrides backend(Backend backend) {
        return builder().backend(backend).build();
    }

    /** The backend to use instead of the configured one; empty = as configured. */
    public Optional<Backend> backendOverride() {
        return Optional.ofNullable(backend);
    }

    /**
     * The configuration {@code base} with these overrides applied.
     *
     * @throws InvalidConfigurationException if an overridden value breaks a rule
     */
    public IsoTpConfig applyTo(IsoTpConfig base) {
        if (this == NONE) {
            return base;
        }
        IsoTpConfig.Builder b = base.toBuilder();
        if (iface != null) {
            b.iface(iface);
        }
        if (receiveTimeoutMillis != null) {
            b.receiveTimeoutMillis(receiveTimeoutMillis);
        }
        if (receiveBufferSize != null) {
            b.receiveBufferSize(receiveBufferSize);
        }
        if (backend != null) {
            b.backend(backend);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelOverrides
                && Objects.equals(iface, ((ChannelOverrides) o).iface)
                && Objects.equals(receiveTimeoutMillis, ((ChannelOverrides) o).receiveTimeoutMillis)
                && Objects.equals(receiveBufferSize, ((ChannelOverrides) o).receiveBufferSize)
                && Objects.equals(backend, ((ChannelOverrides) o).backend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iface, receiveTimeoutMillis, receiveBufferSize, backend);
    }

    @Override
    public String toString() {
        return "ChannelOverrides[" + (iface != null ? "iface=" + iface : "")
                + (receiveTimeoutMillis != null ? (iface != null ? ", " : "") + "receiveTimeoutMillis=" + receiveTimeoutMillis : "")
                + (receiveBufferSize != null ? (iface != null || receiveTimeoutMillis != null ? ", " : "")
                        + "receiveBufferSize=" + receiveBufferSize : "")
                + (backend != null ? (iface != null || receiveTimeoutMillis != null || receiveBufferSize != null ? ", " : "")
                        + "backend=" + backend : "")
                + "]";
    }

    /** Builds {@link ChannelOverrides} by name; the names are those of {@link IsoTpChannel}'s elements. */
    public static final class Builder {
        private String iface;
        private Long receiveTimeoutMillis;
        private Long receiveBufferSize;
        private Backend backend;

        private Builder() {
        }

        /** The backend to use instead of the configured one (see {@link Backend}). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder iface(String iface) {
            this.iface = Objects.requireNonNull(iface, "iface");
            return this;
        }

        public Builder receiveTimeoutMillis(long millis) {
            this.receiveTimeoutMillis = millis;
            return this;
        }

        public Builder receiveTimeout(Duration timeout) {
            return receiveTimeoutMillis(timeout.toMillis());
        }

        public Builder receiveBufferSize(long bytes) {
            this.receiveBufferSize = bytes;
            return this;
        }

        public ChannelOverrides build() {
            return new ChannelOverrides(this);
        }
    }
}
