package dev.isotp;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Problem;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * Everything a channel needs, immutable and checked: the interface, the {@link Address}, the general options, the
 * flow control, forced STmin, the link layer, the receive timeout and the receive buffer size.
 *
 * <pre>{@code
 * IsoTpConfig config = IsoTpConfig.builder()
 *         .iface("vcan0")
 *         .rxid(0x7E8).txid(0x7E0)
 *         .stmin(5).bs(10)
 *         .build();
 * try (IsoTpSocket socket = IsoTpSocket.open(config)) { ... }
 * }</pre>
 *
 * <p>The builder's methods are named as the elements of {@code @IsoTpChannel} ({@link Attribute}), and like the
 * annotation it turns {@code waitTxDone} on by default. Every attribute can also be set by name with
 * {@link Builder#set(Attribute, Object)}: the annotation processor, the {@code isotp} command and
 * {@link ChannelOverrides} set a configuration that way. {@link Builder#validate()} lists every problem at once;
 * {@link Builder#build()} throws an {@link InvalidConfigurationException} with all of them.
 */
public final class IsoTpConfig {
    /** The values that were set, by attribute; an attribute not in the map has its {@link Attribute#defaultValue()}. */
    private final Map<Attribute, Object> values;
    private final Address address;
    private final GeneralOptions generalOptions;
    private final FlowControlOptions flowControl;
    private final LinkLayerOptions linkLayer;

    private IsoTpConfig(Builder b) {
        values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        address = b.addressBuilder().buildValidated();
        generalOptions = b.generalBuilder().buildValidated();
        flowControl = FlowControlOptions.builder().bs(b.integer(Attribute.BS)).stmin(b.integer(Attribute.STMIN))
                .wftmax(b.integer(Attribute.WFTMAX)).buildAsIs();
        linkLayer = LinkLayerOptions.asIs(b.flag(Attribute.CAN_FD), b.integer(Attribute.TX_DATA_LENGTH),
                b.flag(Attribute.BIT_RATE_SWITCH));
    }

    /** A builder with every attribute at its default (NORMAL_11, waitTxDone on, no interface, no ids). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of {@code attribute}: what was set, else its {@link Attribute#defaultValue()}; {@code null} = not set.
     * Numbers are {@link Long}s, flags {@link Boolean}s, the mode an {@link AddressingMode}, the interface a String.
     */
    public Object get(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        return values.containsKey(attribute) ? values.get(attribute) : attribute.defaultValue();
    }

    /** The CAN interface, e.g. "vcan0" or "can0". */
    public String iface() {
        return (String) get(Attribute.IFACE);
    }

    /** The addressing mode, the ids and the address bytes. */
    public Address address() {
        return address;
    }

    /** Padding, padding checks, half duplex, waitTxDone, listen mode, broadcast flags, frame transmit time. */
    public GeneralOptions generalOptions() {
        return generalOptions;
    }

    /** The flow control this side sends while receiving: bs, stmin, wftmax. */
    public FlowControlOptions flowControl() {
        return flowControl;
    }

    /** The forced gap between transmitted consecutive frames (overrides the peer's STmin); empty = not forced. */
    public OptionalLong txStminNanos() {
        return optional(Attribute.TX_STMIN_NANOS);
    }

    /** Received consecutive frames closer than this are dropped; empty = not forced. */
    public OptionalLong rxStminNanos() {
        return optional(Attribute.RX_STMIN_NANOS);
    }

    private OptionalLong optional(Attribute attribute) {
        Object v = get(attribute);
        return v == null ? OptionalLong.empty() : OptionalLong.of((Long) v);
    }

    /** Classic CAN or CAN FD, the transmit data length and the bit rate switch. */
    public LinkLayerOptions linkLayer() {
        return linkLayer;
    }

    /** How long a receive waits for a PDU; {@link Duration#ZERO} = without limit. */
    public Duration receiveTimeout() {
        return Duration.ofMillis((Long) get(Attribute.RECEIVE_TIMEOUT_MILLIS));
    }

    /** The largest PDU a receive of this channel takes, in bytes; 0 = the largest the kernel can deliver. */
    public int receiveBufferSize() {
        return ((Long) get(Attribute.RECEIVE_BUFFER_SIZE)).intValue();
    }

    /** A builder holding this configuration, e.g. to change only the interface. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsoTpConfig && values.equals(((IsoTpConfig) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code IsoTpConfig[iface="vcan0", rxid=0x7E8, txid=0x7E0, stmin=0x05]}: the values that were set. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "IsoTpConfig[", "]");
        values.forEach((attribute, value) -> s.add(attribute.elementName() + "=" + attribute.format(value)));
        return s.toString();
    }

    /**
     * Builds an {@link IsoTpConfig} by name. Values are taken as given, wide enough to hold a wrong value
     * ({@code long} ids), and judged only by {@link #validate()} and {@link #build()}, which report every problem.
     */
    public static final class Builder {
        private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);
        /** Every attribute set on this builder, with its value or null: what {@link ChannelOverrides} records. */
        private final EnumMap<Attribute, Object> changes = new EnumMap<>(Attribute.class);

        private Builder() {
        }

        /**
         * Sets {@code attribute} to {@code value}, as the matching named method does; {@code null} makes it not set
         * again (its default). Numbers of any integral type are taken as they are (judged by {@link #validate()}).
         *
         * @throws IllegalArgumentException if {@code value} is not of the attribute's {@link Attribute.Kind}
         */
        public Builder set(Attribute attribute, Object value) {
            Objects.requireNonNull(attribute, "attribute");
            Object normalized = attribute.normalize(value);
            changes.put(attribute, normalized);
            if (normalized == null) {
                values.remove(attribute);
            } else {
                values.put(attribute, normalized);
            }
            return this;
        }

        Map<Attribute, Object> changes() {
            return changes;
        }

        /** The value set for {@code attribute}, else its default; {@code null} = not set. */
        public Object get(Attribute attribute) {
            return values.containsKey(attribute) ? values.get(attribute) : attribute.defaultValue();
        }

        /** The CAN interface: 1-15 characters, e.g. "vcan0" or "can0". Required. */
        public Builder iface(String iface) {
            return set(Attribute.IFACE, iface);
        }

        /** The addressing mode (default NORMAL_11); {@code null} is reported as missing by {@link #validate()}. */
        public Builder mode(AddressingMode mode) {
            if (mode == null) {
                values.put(Attribute.MODE, null);
                changes.put(Attribute.MODE, null);
                return this;
            }
            return set(Attribute.MODE, mode);
        }

        /** The CAN id to receive on, without CAN_EFF_FLAG (the mode says 11 or 29 bits). */
        public Builder rxid(long rxid) {
            return set(Attribute.RXID, rxid);
        }

        /** The CAN id to transmit with, without CAN_EFF_FLAG (the mode says 11 or 29 bits). */
        public Builder txid(long txid) {
            return set(Attribute.TXID, txid);
        }

        /** TA, 0x00-0xFF: the peer's address byte (extended and fixed modes). */
        public Builder targetAddress(int targetAddress) {
            return set(Attribute.TARGET_ADDRESS, targetAddress);
        }

        /** SA, 0x00-0xFF: this side's address byte (extended and fixed modes). */
        public Builder sourceAddress(int sourceAddress) {
            return set(Attribute.SOURCE_ADDRESS, sourceAddress);
        }

        /** AE, 0x00-0xFF: the address extension byte (mixed modes). */
        public Builder addressExtension(int addressExtension) {
            return set(Attribute.ADDRESS_EXTENSION, addressExtension);
        }

        /** Transmit on the functional id of a fixed mode (0x18DB.... or 0x18CD....) instead of the physical one. */
        public Builder functional(boolean functional) {
            return set(Attribute.FUNCTIONAL, functional);
        }

        /** Takes mode, ids and address bytes from an address. */
        public Builder address(Address address) {
            boolean ids = address.mode().idsGiven();
            mode(address.mode()).functional(address.functional());
            set(Attribute.RXID, ids ? (Object) (long) address.rxid() : null);
            set(Attribute.TXID, ids ? (Object) (long) address.txid() : null);
            set(Attribute.TARGET_ADDRESS, boxed(address.targetAddress()));
            set(Attribute.SOURCE_ADDRESS, boxed(address.sourceAddress()));
            return set(Attribute.ADDRESS_EXTENSION, boxed(address.addressExtension()));
        }

        private static Integer boxed(java.util.OptionalInt value) {
            return value.isPresent() ? value.getAsInt() : null;
        }

        /** STmin byte sent in our flow control: 0x00-0x7F ms, 0xF1-0xF9 100-900 µs. */
        public Builder stmin(int stmin) {
            return set(Attribute.STMIN, stmin);
        }

        /** Block size sent in our flow control, 0-255 (0 = no further flow control). */
        public Builder bs(int bs) {
            return set(Attribute.BS, bs);
        }

        /** WFTmax, 0-255; stored by Linux, not enforced (see {@link FlowControlOptions#wftmax()}). */
        public Builder wftmax(int wftmax) {
            return set(Attribute.WFTMAX, wftmax);
        }

        /** Takes bs, stmin and wftmax from {@code flowControl}. */
        public Builder flowControl(FlowControlOptions flowControl) {
            return bs(flowControl.bs()).stmin(flowControl.stmin()).wftmax(flowControl.wftmax());
        }

        /** Pads transmitted frames to their full length with this byte, 0x00-0xFF. */
        public Builder txPadding(int padding) {
            return set(Attribute.TX_PADDING, padding);
        }

        /** The padding byte expected in received frames, 0x00-0xFF (checked with checkPaddingData). */
        public Builder rxPadding(int padding) {
            return set(Attribute.RX_PADDING, padding);
        }

        /** Drops received frames that are not padded to their full length (CHK_PAD_LEN). */
        public Builder checkPaddingLength(boolean on) {
            return set(Attribute.CHECK_PADDING_LENGTH, on);
        }

        /** Drops received frames whose padding is not rxPadding (CHK_PAD_DATA); needs rxPadding. */
        public Builder checkPaddingData(boolean on) {
            return set(Attribute.CHECK_PADDING_DATA, on);
        }

        /** One direction at a time: no receive while sending and the other way round (HALF_DUPLEX). */
        public Builder halfDuplex(boolean on) {
            return set(Attribute.HALF_DUPLEX, on);
        }

        /** Return from send only once the PDU has left, with its error (default: on). */
        public Builder waitTxDone(boolean on) {
            return set(Attribute.WAIT_TX_DONE, on);
        }

        /** Receive without ever sending a flow control (LISTEN_MODE), e.g. to watch a bus. */
        public Builder listenMode(boolean on) {
            return set(Attribute.LISTEN_MODE, on);
        }

        /** Send single frames only, without waiting for any answer (SF_BROADCAST, Linux 5.11+). */
        public Builder sfBroadcast(boolean on) {
            return set(Attribute.SF_BROADCAST, on);
        }

        /** Send multi-frame PDUs without waiting for flow control (CF_BROADCAST, Linux 5.19+). */
        public Builder cfBroadcast(boolean on) {
            return set(Attribute.CF_BROADCAST, on);
        }

        /** Follow the flow-control parameters of every FC frame, not only the first (DYN_FC_PARMS, Linux 6.9+). */
        public Builder dynamicFlowControl(boolean on) {
            return set(Attribute.DYNAMIC_FLOW_CONTROL, on);
        }

        /** 0 keeps the kernel's default gap (50 µs); {@link GeneralOptions#FRAME_TX_TIME_ZERO} = no gap. */
        public Builder frameTxTimeNanos(long nanos) {
            return set(Attribute.FRAME_TX_TIME_NANOS, nanos);
        }

        /** Takes every general option from {@code options}. */
        public Builder generalOptions(GeneralOptions options) {
            return txPaddingOrNone(boxed(options.txPadding())).rxPaddingOrNone(boxed(options.rxPadding()))
                    .checkPaddingLength(options.checkPaddingLength()).checkPaddingData(options.checkPaddingData())
                    .halfDuplex(options.halfDuplex()).waitTxDone(options.waitTxDone()).listenMode(options.listenMode())
                    .sfBroadcast(options.sfBroadcast()).cfBroadcast(options.cfBroadcast())
                    .dynamicFlowControl(options.dynamicFlowControl()).frameTxTimeNanos(options.frameTxTimeNanos());
        }

        private Builder txPaddingOrNone(Integer padding) {
            return set(Attribute.TX_PADDING, padding);
        }

        private Builder rxPaddingOrNone(Integer padding) {
            return set(Attribute.RX_PADDING, padding);
        }

        /** Sends consecutive frames this far apart whatever the peer's STmin says (FORCE_TXSTMIN). */
        public Builder txStminNanos(long nanos) {
            return set(Attribute.TX_STMIN_NANOS, nanos);
        }

        /** Drops received consecutive frames that come closer than this (FORCE_RXSTMIN). */
        public Builder rxStminNanos(long nanos) {
            return set(Attribute.RX_STMIN_NANOS, nanos);
        }

        /** CAN FD frames (the interface needs MTU 72). */
        public Builder canFd(boolean canFd) {
            return set(Attribute.CAN_FD, canFd);
        }

        /** Data length of transmitted frames: 8 on classic CAN; 8, 12, 16, 20, 24, 32, 48 or 64 on CAN FD. */
        public Builder txDataLength(int txDataLength) {
            return set(Attribute.TX_DATA_LENGTH, txDataLength);
        }

        /** The CAN FD bit rate switch for the data phase; needs canFd. */
        public Builder bitRateSwitch(boolean on) {
            return set(Attribute.BIT_RATE_SWITCH, on);
        }

        /** Takes canFd, txDataLength and bitRateSwitch from {@code linkLayer}. */
        public Builder linkLayer(LinkLayerOptions linkLayer) {
            return canFd(linkLayer.canFd()).txDataLength(linkLayer.txDataLength()).bitRateSwitch(linkLayer.bitRateSwitch());
        }

        /** How long a receive waits for a PDU; 0 = without limit (close() still wakes it). */
        public Builder receiveTimeoutMillis(long millis) {
            return set(Attribute.RECEIVE_TIMEOUT_MILLIS, millis);
        }

        /** {@link #receiveTimeoutMillis} as a Duration (whole milliseconds). */
        public Builder receiveTimeout(Duration timeout) {
            return receiveTimeoutMillis(timeout.toMillis());
        }

        /** The largest PDU a receive takes; 0 (default) = the largest PDU the kernel can deliver. */
        public Builder receiveBufferSize(long bytes) {
            return set(Attribute.RECEIVE_BUFFER_SIZE, bytes);
        }

        /** Every problem of this configuration, each naming its attribute, the value and what is allowed. */
        public List<Problem> validate() {
            return validator().problems();
        }

        /**
         * The configuration, checked.
         *
         * @throws InvalidConfigurationException listing every problem, if there is any
         */
        public IsoTpConfig build() {
            validator().throwIfInvalid();
            return new IsoTpConfig(this);
        }

        private ConfigValidator validator() {
            boolean broadcast = flag(Attribute.SF_BROADCAST) || flag(Attribute.CF_BROADCAST);
            return new ConfigValidator().iface((String) get(Attribute.IFACE))
                    .address((AddressingMode) get(Attribute.MODE), number(Attribute.RXID), number(Attribute.TXID),
                            number(Attribute.TARGET_ADDRESS), number(Attribute.SOURCE_ADDRESS),
                            number(Attribute.ADDRESS_EXTENSION), flag(Attribute.FUNCTIONAL), broadcast)
                    .flowControl(number(Attribute.BS), number(Attribute.STMIN), number(Attribute.WFTMAX))
                    .generalOptions(number(Attribute.TX_PADDING), number(Attribute.RX_PADDING),
                            flag(Attribute.CHECK_PADDING_LENGTH), flag(Attribute.CHECK_PADDING_DATA),
                            flag(Attribute.SF_BROADCAST), flag(Attribute.CF_BROADCAST), number(Attribute.FRAME_TX_TIME_NANOS))
                    .forcedStmin(number(Attribute.TX_STMIN_NANOS), number(Attribute.RX_STMIN_NANOS))
                    .linkLayer(flag(Attribute.CAN_FD), number(Attribute.TX_DATA_LENGTH), flag(Attribute.BIT_RATE_SWITCH))
                    .receive(number(Attribute.RECEIVE_TIMEOUT_MILLIS), number(Attribute.RECEIVE_BUFFER_SIZE));
        }

        private Long number(Attribute attribute) {
            return (Long) get(attribute);
        }

        /** A number known to fit an int: only after validation. */
        int integer(Attribute attribute) {
            return ((Long) get(attribute)).intValue();
        }

        boolean flag(Attribute attribute) {
            return (Boolean) get(attribute);
        }

        private Address.Builder addressBuilder() {
            Address.Builder b = Address.builder((AddressingMode) get(Attribute.MODE)).functional(flag(Attribute.FUNCTIONAL));
            Long rxid = number(Attribute.RXID);
            Long txid = number(Attribute.TXID);
            if (rxid != null) {
                b.rxid(rxid);
            }
            if (txid != null) {
                b.txid(txid);
            }
            ifSet(Attribute.TARGET_ADDRESS, b::targetAddress);
            ifSet(Attribute.SOURCE_ADDRESS, b::sourceAddress);
            ifSet(Attribute.ADDRESS_EXTENSION, b::addressExtension);
            return b;
        }

        private GeneralOptions.Builder generalBuilder() {
            GeneralOptions.Builder g = GeneralOptions.builder()
                    .checkPaddingLength(flag(Attribute.CHECK_PADDING_LENGTH)).checkPaddingData(flag(Attribute.CHECK_PADDING_DATA))
                    .halfDuplex(flag(Attribute.HALF_DUPLEX)).waitTxDone(flag(Attribute.WAIT_TX_DONE))
                    .listenMode(flag(Attribute.LISTEN_MODE)).sfBroadcast(flag(Attribute.SF_BROADCAST))
                    .cfBroadcast(flag(Attribute.CF_BROADCAST)).dynamicFlowControl(flag(Attribute.DYNAMIC_FLOW_CONTROL))
                    .frameTxTimeNanos(number(Attribute.FRAME_TX_TIME_NANOS));
            ifSet(Attribute.TX_PADDING, g::txPadding);
            ifSet(Attribute.RX_PADDING, g::rxPadding);
            return g;
        }

        private void ifSet(Attribute attribute, java.util.function.IntConsumer setter) {
            Long v = number(attribute);
            if (v != null) {
                setter.accept(v.intValue());
            }
        }
    }
}
