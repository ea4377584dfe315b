package dev.isotp;

import dev.isotp.validation.Attribute;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Run-time replacements for values of an {@link IsoTpChannel}: the same client on vcan0 in tests and on can0 in
 * production, or one interface for N identical ECUs at different ids. Any attribute can be overridden; values not
 * overridden keep what the annotation says. The result is judged again by the same validator, with the same
 * messages, when the channel opens ({@link InvalidConfigurationException}).
 *
 * <pre>{@code
 * EngineEcu ecu = IsoTpChannels.open(EngineEcu.class, ChannelOverrides.iface("can0"));
 * EngineEcu ecu2 = IsoTpChannels.open(EngineEcu.class, ChannelOverrides.of(c -> c.rxid(0x7E9).txid(0x7E1)));
 * EngineEcu ecu3 = new IsoTp_EngineEcu(ChannelOverrides.builder().iface("can0").receiveTimeoutMillis(500).build());
 * }</pre>
 */
public final class ChannelOverrides {
    private static final ChannelOverrides NONE = new Builder().build();

    /** The overridden attributes; a null value makes the attribute not set (e.g. no txPadding). */
    private final Map<Attribute, Object> values;
    /** The backend to use instead of the configured one; null = as configured. */
    private final Backend backend;

    private ChannelOverrides(Map<Attribute, Object> values, Backend backend) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.backend = backend;
    }

    /** {@return no overrides: the channel as annotated} */
    public static ChannelOverrides none() {
        return NONE;
    }

    /**
     * Only the interface replaced, e.g. {@code ChannelOverrides.iface("can0")}.
     *
     * @param iface the CAN interface to use; judged when the channel opens
     * @return the overrides
     */
    public static ChannelOverrides iface(String iface) {
        return builder().iface(iface).build();
    }

    /**
     * Only the backend replaced, e.g. {@code ChannelOverrides.backend(Backend.canRaw())} or a test's virtual bus.
     *
     * @param backend what does the ISO-TP instead of the configured backend
     * @return the overrides
     */
    public static ChannelOverrides backend(Backend backend) {
        return builder().backend(backend).build();
    }

    /** {@return the backend to use instead of the configured one; empty = as configured} */
    public Optional<Backend> backendOverride() {
        return Optional.ofNullable(backend);
    }

    /**
     * The attributes that {@code overrides} sets on an {@link IsoTpConfig.Builder}, with the builder's own method
     * names, e.g. {@code ChannelOverrides.of(c -> c.rxid(0x7E9).txid(0x7E1).stmin(10))}.
     *
     * @param overrides sets the attributes to override on the builder it is given; a value set to {@code null}
     *        (e.g. {@code c.iface(null)}) makes that attribute not set
     * @return the overrides
     */
    public static ChannelOverrides of(Consumer<IsoTpConfig.Builder> overrides) {
        return builder().with(overrides).build();
    }

    /** {@return a builder of overrides, starting with none} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the overridden attributes and their values, in attribute order, unmodifiable} Numbers are
     * {@link Long}s; a {@code null} value makes the attribute not set.
     */
    public Map<Attribute, Object> values() {
        return values;
    }

    /**
     * The configuration {@code base} with these overrides applied.
     *
     * @param base the configuration to start from, e.g. the generated client's annotated one
     * @return {@code base} itself where there are no overrides, else a new, checked configuration
     * @throws InvalidConfigurationException if the result breaks a rule; every problem is listed
     */
    public IsoTpConfig applyTo(IsoTpConfig base) {
        Objects.requireNonNull(base, "base");
        if (values.isEmpty() && backend == null) {
            return base;
        }
        IsoTpConfig.Builder b = base.toBuilder();
        values.forEach(b::set);
        if (backend != null) {
            b.backend(backend);
        }
        try {
            return b.build();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(toString(), e.problems()); // said with the overrides that led to it
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelOverrides && values.equals(((ChannelOverrides) o).values)
                && Objects.equals(backend, ((ChannelOverrides) o).backend);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + Objects.hashCode(backend);
    }

    /** {@code ChannelOverrides[iface="can0", rxid=0x7E9]}. */
    @Override
    public String toString() {
        String described = Attribute.describe("ChannelOverrides", values);
        return backend == null ? described
                : described.substring(0, described.length() - 1) + (values.isEmpty() ? "" : ", ") + backend + "]";
    }

    /** Builds {@link ChannelOverrides} by name; the names are those of {@link IsoTpChannel}'s elements. */
    public static final class Builder {
        private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);
        private Backend backend;

        private Builder() {
        }

        /**
         * Overrides {@code attribute} with {@code value} (of the attribute's {@link Attribute.Kind}); {@code null} makes
         * it not set. The value is judged when the overrides are applied ({@link ChannelOverrides#applyTo}).
         *
         * @param attribute the attribute to override
         * @param value a value of the attribute's kind, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if the value is not of the attribute's kind
         */
        public Builder set(Attribute attribute, Object value) {
            Objects.requireNonNull(attribute, "attribute");
            values.put(attribute, attribute.normalize(value));
            return this;
        }

        /**
         * Overrides what {@code overrides} sets on an {@link IsoTpConfig.Builder}, e.g. {@code c -> c.bs(8)}.
         *
         * @param overrides sets the attributes to override on the builder it is given
         * @return this builder
         */
        public Builder with(Consumer<IsoTpConfig.Builder> overrides) {
            IsoTpConfig.Builder recorder = IsoTpConfig.builder();
            overrides.accept(recorder);
            values.putAll(recorder.changes());
            return this;
        }

        /**
         * The CAN interface to use instead of the annotated one.
         *
         * @param iface the interface name, e.g. "can0"; judged when the channel opens
         * @return this builder
         */
        public Builder iface(String iface) {
            return set(Attribute.IFACE, Objects.requireNonNull(iface, "iface"));
        }

        /**
         * The CAN id to receive on. See {@link IsoTpChannel#rxid()}.
         *
         * @param rxid the id, without CAN_EFF_FLAG
         * @return this builder
         */
        public Builder rxid(long rxid) {
            return set(Attribute.RXID, rxid);
        }

        /**
         * The CAN id to transmit with. See {@link IsoTpChannel#txid()}.
         *
         * @param txid the id, without CAN_EFF_FLAG
         * @return this builder
         */
        public Builder txid(long txid) {
            return set(Attribute.TXID, txid);
        }

        /**
         * How long a receive without a timeout argument waits. See {@link IsoTpChannel#receiveTimeoutMillis()}.
         *
         * @param millis the time in ms; 0 = without limit
         * @return this builder
         */
        public Builder receiveTimeoutMillis(long millis) {
            return set(Attribute.RECEIVE_TIMEOUT_MILLIS, millis);
        }

        /**
         * {@link #receiveTimeoutMillis} as a Duration.
         *
         * @param timeout counted in whole milliseconds (the rest is cut off)
         * @return this builder
         * @throws ArithmeticException if {@code timeout} is too long to be counted in milliseconds as a {@code long}
         */
        public Builder receiveTimeout(Duration timeout) {
            return receiveTimeoutMillis(IsoTpConfig.wholeMillis(timeout));
        }

        /**
         * The largest PDU a receive takes. See {@link IsoTpChannel#receiveBufferSize()}.
         *
         * @param bytes the size in bytes; 0 = the kernel's largest
         * @return this builder
         */
        public Builder receiveBufferSize(long bytes) {
            return set(Attribute.RECEIVE_BUFFER_SIZE, bytes);
        }

        /**
         * The backend to use instead of the configured one (see {@link Backend}).
         *
         * @param backend what does the ISO-TP
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** {@return the overrides set so far; not judged until they are applied} */
        public ChannelOverrides build() {
            return new ChannelOverrides(values, backend);
        }
    }
}
