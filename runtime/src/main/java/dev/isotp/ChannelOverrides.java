package dev.isotp;

import dev.isotp.validation.Attribute;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
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

    private ChannelOverrides(Map<Attribute, Object> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** No overrides: the channel as annotated. */
    public static ChannelOverrides none() {
        return NONE;
    }

    /** Only the interface replaced, e.g. {@code ChannelOverrides.iface("can0")}. */
    public static ChannelOverrides iface(String iface) {
        return builder().iface(iface).build();
    }

    /**
     * The attributes that {@code overrides} sets on an {@link IsoTpConfig.Builder}, with the builder's own method
     * names, e.g. {@code ChannelOverrides.of(c -> c.rxid(0x7E9).txid(0x7E1).stmin(10))}.
     */
    public static ChannelOverrides of(Consumer<IsoTpConfig.Builder> overrides) {
        return builder().with(overrides).build();
    }

    /** A builder of overrides, starting with none. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The overridden attributes and their values, in attribute order (numbers as {@link Long}s); a {@code null} value
     * makes the attribute not set.
     */
    public Map<Attribute, Object> values() {
        return values;
    }

    /**
     * The configuration {@code base} with these overrides applied.
     *
     * @throws InvalidConfigurationException if the result breaks a rule; every problem is listed
     */
    public IsoTpConfig applyTo(IsoTpConfig base) {
        Objects.requireNonNull(base, "base");
        if (values.isEmpty()) {
            return base;
        }
        IsoTpConfig.Builder b = base.toBuilder();
        values.forEach(b::set);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelOverrides && values.equals(((ChannelOverrides) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code ChannelOverrides[iface="can0", rxid=0x7E9]}. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "ChannelOverrides[", "]");
        values.forEach((attribute, value) -> s.add(attribute.elementName() + "="
                + (value == null ? "not set" : attribute.format(value))));
        return s.toString();
    }

    /** Builds {@link ChannelOverrides} by name; the names are those of {@link IsoTpChannel}'s elements. */
    public static final class Builder {
        private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);

        private Builder() {
        }

        /**
         * Overrides {@code attribute} with {@code value} (of the attribute's {@link Attribute.Kind}); {@code null} makes
         * it not set.
         *
         * @throws IllegalArgumentException if the value is not of the attribute's kind
         */
        public Builder set(Attribute attribute, Object value) {
            Objects.requireNonNull(attribute, "attribute");
            values.put(attribute, attribute.normalize(value));
            return this;
        }

        /** Overrides what {@code overrides} sets on an {@link IsoTpConfig.Builder}, e.g. {@code c -> c.bs(8)}. */
        public Builder with(Consumer<IsoTpConfig.Builder> overrides) {
            IsoTpConfig.Builder recorder = IsoTpConfig.builder();
            overrides.accept(recorder);
            values.putAll(recorder.changes());
            return this;
        }

        /** The CAN interface to use instead of the annotated one. */
        public Builder iface(String iface) {
            return set(Attribute.IFACE, Objects.requireNonNull(iface, "iface"));
        }

        /** The CAN id to receive on instead of the annotated one. */
        public Builder rxid(long rxid) {
            return set(Attribute.RXID, rxid);
        }

        /** The CAN id to transmit with instead of the annotated one. */
        public Builder txid(long txid) {
            return set(Attribute.TXID, txid);
        }

        /** How long a receive waits for a PDU, in ms; 0 = without limit. */
        public Builder receiveTimeoutMillis(long millis) {
            return set(Attribute.RECEIVE_TIMEOUT_MILLIS, millis);
        }

        /** {@link #receiveTimeoutMillis} as a Duration (whole milliseconds). */
        public Builder receiveTimeout(Duration timeout) {
            return receiveTimeoutMillis(timeout.toMillis());
        }

        /** The largest PDU a receive takes, in bytes; 0 = the largest the kernel can deliver. */
        public Builder receiveBufferSize(long bytes) {
            return set(Attribute.RECEIVE_BUFFER_SIZE, bytes);
        }

        public ChannelOverrides build() {
            return new ChannelOverrides(values);
        }
    }
}
