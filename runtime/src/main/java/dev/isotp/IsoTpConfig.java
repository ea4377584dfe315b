package dev.isotp;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Limits;
import dev.isotp.validation.Problem;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>The builder's setters take any value and never throw for a value out of range: the values are judged together
 * by the validator ({@link ConfigValidator}) when {@link Builder#validate()} or {@link Builder#build()} runs, so that
 * every problem is reported at once, in the same words as at compile time. Ranges, defaults and the kernel versions
 * of the options are those of the matching {@link IsoTpChannel} elements. A configuration says nothing about the
 * running kernel: an option that is too new for it fails when the socket opens
 * ({@link IsoTpSocket#open(IsoTpConfig)}).
 */
public final class IsoTpConfig {
    /** The values that were set, by attribute; an attribute not in the map has its {@link Attribute#defaultValue()}. */
    private final Map<Attribute, Object> values;
    /** What does the ISO-TP: not a kernel setting, so no attribute; null = {@link Backend#byDefault()} at open. */
    private final Backend backend;
    /** Derived from the values once: what {@link IsoTpSocket#bind} takes. */
    private final Address address;

    private IsoTpConfig(Builder b) {
        values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        backend = b.backend;
        address = b.addressBuilder().buildValidated();
    }

    /**
     * A builder with every attribute at its default (NORMAL_11, waitTxDone on, no interface, no ids).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of {@code attribute}: what was set, else its {@link Attribute#defaultValue()}; {@code null} = not set.
     * Numbers are {@link Long}s, flags {@link Boolean}s, the mode an {@link AddressingMode}, the interface a String.
     *
     * @param attribute the attribute to read
     * @return its value, or {@code null} where it is not set
     */
    public Object get(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        return values.containsKey(attribute) ? values.get(attribute) : defaultOf(attribute);
    }

    /**
     * {@return {@code timeout} in whole milliseconds, a positive one at least 1} A positive timeout under 1 ms must not
     * become 0, which means "without limit"; zero and negative ones stay as they are, for the validator to judge.
     */
    static long wholeMillis(Duration timeout) {
        long millis = timeout.toMillis();
        return millis == 0 && !timeout.isZero() && !timeout.isNegative() ? 1 : millis;
    }

    /**
     * {@return the value of an attribute nobody set} {@link Attribute#defaultValue()}, and NORMAL_11 for the mode (an
     * API constant the validation package does not know).
     */
    static Object defaultOf(Attribute attribute) {
        return attribute == Attribute.MODE ? AddressingMode.NORMAL_11 : attribute.defaultValue();
    }

    /**
     * Whether {@code attribute} was given a value (by the annotation, a builder or an override), as opposed to
     * keeping its default: a DiagnosticSessionControl answer changes P2 and P2* only where they were not set.
     *
     * @param attribute the attribute
     * @return true if a value was set
     */
    public boolean isSet(Attribute attribute) {
        return values.containsKey(Objects.requireNonNull(attribute, "attribute"));
    }

    /** {@return whether the channel speaks UDS (ISO 14229): {@code @UdsChannel}, or {@link Builder#uds(boolean)}} */
    public boolean uds() {
        return (Boolean) get(Attribute.UDS);
    }

    /**
     * {@return a UDS setting (an attribute for which {@link Attribute#isUdsSetting()} holds) in milliseconds or as a
     * count} The value set, else its default.
     *
     * @param setting the UDS attribute
     * @throws IllegalArgumentException if {@code setting} is not a UDS setting of one number
     */
    public long udsSetting(Attribute setting) {
        if (!setting.isUdsSetting() || setting.kind() != Attribute.Kind.NUMBER) {
            throw new IllegalArgumentException(setting + " is not a UDS setting");
        }
        return (Long) get(setting);
    }

    /**
     * {@return the services declared to have a sub-function besides ISO 14229-1's (e.g. 0xBA), each 0x00-0xFF; empty
     * for none}
     */
    public java.util.Set<Integer> subFunctionServices() {
        java.util.Set<Integer> sids = new java.util.TreeSet<>();
        for (Object sid : (List<?>) get(Attribute.SUB_FUNCTION_SERVICES)) {
            sids.add(((Long) sid).intValue());
        }
        return java.util.Collections.unmodifiableSet(sids);
    }

    /**
     * {@return what does the ISO-TP for this channel} Empty = {@link Backend#byDefault()} when the channel opens (the
     * kernel's can-isotp unless a test or {@code -Disotp.backend} says otherwise).
     */
    public Optional<Backend> backend() {
        return Optional.ofNullable(backend);
    }

    /** {@return the CAN interface, e.g. "vcan0" or "can0"} */
    public String iface() {
        return (String) get(Attribute.IFACE);
    }

    /** {@return the addressing mode, the ids and the address bytes} */
    public Address address() {
        return address;
    }

    /** {@return the general options: padding, checks, duplex, waitTxDone, listen, broadcast, frame time} */
    public GeneralOptions generalOptions() {
        return new GeneralOptions(this::get);
    }

    /** {@return the flow control this side sends while receiving: bs, stmin, wftmax} */
    public FlowControlOptions flowControl() {
        return FlowControlOptions.of(this::get);
    }

    /** {@return the forced transmit STmin in ns ({@link IsoTpChannel#txStminNanos()}); empty = none} */
    public OptionalLong txStminNanos() {
        return optional(Attribute.TX_STMIN_NANOS);
    }

    /** {@return the forced receive STmin in ns ({@link IsoTpChannel#rxStminNanos()}); empty = none} */
    public OptionalLong rxStminNanos() {
        return optional(Attribute.RX_STMIN_NANOS);
    }

    private OptionalLong optional(Attribute attribute) {
        Object v = get(attribute);
        return v == null ? OptionalLong.empty() : OptionalLong.of((Long) v);
    }

    /** {@return classic CAN or CAN FD, the transmit data length and the bit rate switch} */
    public LinkLayerOptions linkLayer() {
        return LinkLayerOptions.of(this::get);
    }

    /** {@return the receive timeout ({@link IsoTpChannel#receiveTimeoutMillis()}); zero = no limit} */
    public Duration receiveTimeout() {
        return Duration.ofMillis((Long) get(Attribute.RECEIVE_TIMEOUT_MILLIS));
    }

    /** {@return the largest PDU a receive takes ({@link IsoTpChannel#receiveBufferSize()}), in bytes} */
    public int receiveBufferSize() {
        return ((Long) get(Attribute.RECEIVE_BUFFER_SIZE)).intValue();
    }

    /** {@return the request timeout ({@link IsoTpChannel#requestTimeoutMillis()}); zero = no limit} */
    public Duration requestTimeout() {
        return Duration.ofMillis((Long) get(Attribute.REQUEST_TIMEOUT_MILLIS));
    }

    /** {@return a builder holding this configuration, e.g. to change only the interface} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.backend = backend;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsoTpConfig && values.equals(((IsoTpConfig) o).values)
                && Objects.equals(backend, ((IsoTpConfig) o).backend);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + Objects.hashCode(backend);
    }

    /** {@code IsoTpConfig[iface="vcan0", rxid=0x7E8, txid=0x7E0, stmin=0x05]}: the values that were set. */
    @Override
    public String toString() {
        String described = Attribute.describe("IsoTpConfig", values);
        return backend == null ? described
                : described.substring(0, described.length() - 1) + (values.isEmpty() ? "" : ", ") + backend + "]";
    }

    /**
     * Builds an {@link IsoTpConfig} by name. Values are taken as given, wide enough to hold a wrong value
     * ({@code long} ids), and judged only by {@link #validate()} and {@link #build()}, which report every problem.
     */
    public static final class Builder {
        private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);
        /** Every attribute set on this builder, with its value or null: what {@link ChannelOverrides} records. */
        private final EnumMap<Attribute, Object> changes = new EnumMap<>(Attribute.class);
        private Backend backend;

        private Builder() {
        }

        /**
         * Sets {@code attribute} to {@code value}, as the matching named method does; {@code null} makes it not set
         * again (its default). Numbers of any integral type are taken as they are (judged by {@link #validate()}).
         *
         * @param attribute the attribute to set
         * @param value a value of the attribute's {@link Attribute.Kind}, or {@code null}
         * @return this builder
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

        /**
         * The value set for {@code attribute}, else its default; {@code null} = not set.
         *
         * @param attribute the attribute to read
         * @return its value as {@link IsoTpConfig#get} gives it, or {@code null} where it is not set
         */
        public Object get(Attribute attribute) {
            return values.containsKey(attribute) ? values.get(attribute) : defaultOf(attribute);
        }

        /**
         * The CAN interface, e.g. "vcan0"; required. See {@link IsoTpChannel#iface()}.
         *
         * @param iface the interface name; {@code null} makes it not set again
         * @return this builder
         */
        public Builder iface(String iface) {
            return set(Attribute.IFACE, iface);
        }

        /**
         * The addressing mode (default NORMAL_11).
         *
         * @param mode the mode; {@code null} is reported as missing by {@link #validate()}
         * @return this builder
         */
        public Builder mode(AddressingMode mode) {
            if (mode == null) {
                values.put(Attribute.MODE, null);
                changes.put(Attribute.MODE, null);
                return this;
            }
            return set(Attribute.MODE, mode);
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
         * TA, the peer's address byte. See {@link IsoTpChannel#targetAddress()}.
         *
         * @param targetAddress the byte
         * @return this builder
         */
        public Builder targetAddress(int targetAddress) {
            return set(Attribute.TARGET_ADDRESS, targetAddress);
        }

        /**
         * SA, this side's address byte. See {@link IsoTpChannel#sourceAddress()}.
         *
         * @param sourceAddress the byte
         * @return this builder
         */
        public Builder sourceAddress(int sourceAddress) {
            return set(Attribute.SOURCE_ADDRESS, sourceAddress);
        }

        /**
         * AE, the address extension byte. See {@link IsoTpChannel#addressExtension()}.
         *
         * @param addressExtension the byte
         * @return this builder
         */
        public Builder addressExtension(int addressExtension) {
            return set(Attribute.ADDRESS_EXTENSION, addressExtension);
        }

        /**
         * Transmit on the functional id of a fixed mode. See {@link IsoTpChannel#functional()}.
         *
         * @param functional true for the functional id
         * @return this builder
         */
        public Builder functional(boolean functional) {
            return set(Attribute.FUNCTIONAL, functional);
        }

        /**
         * Takes mode, functional, ids and address bytes from an address; those it does not hold become not set.
         *
         * @param address a built address
         * @return this builder
         */
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

        /**
         * STmin, sent in our flow control. See {@link IsoTpChannel#stmin()}.
         *
         * @param stmin the FC byte
         * @return this builder
         */
        public Builder stmin(int stmin) {
            return set(Attribute.STMIN, stmin);
        }

        /**
         * BS, sent in our flow control. See {@link IsoTpChannel#bs()}.
         *
         * @param bs consecutive frames per block
         * @return this builder
         */
        public Builder bs(int bs) {
            return set(Attribute.BS, bs);
        }

        /**
         * WFTmax, stored by the kernel and not used. See {@link IsoTpChannel#wftmax()}.
         *
         * @param wftmax the count
         * @return this builder
         */
        public Builder wftmax(int wftmax) {
            return set(Attribute.WFTMAX, wftmax);
        }

        /**
         * Takes bs, stmin and wftmax from {@code flowControl}.
         *
         * @param flowControl the flow control options
         * @return this builder
         */
        public Builder flowControl(FlowControlOptions flowControl) {
            return setAll(FlowControlOptions.ATTRIBUTES, flowControl::get);
        }

        /**
         * The byte that pads transmitted frames. See {@link IsoTpChannel#txPadding()}.
         *
         * @param padding the byte
         * @return this builder
         */
        public Builder txPadding(int padding) {
            return set(Attribute.TX_PADDING, padding);
        }

        /**
         * The padding byte expected in received frames. See {@link IsoTpChannel#rxPadding()}.
         *
         * @param padding the byte
         * @return this builder
         */
        public Builder rxPadding(int padding) {
            return set(Attribute.RX_PADDING, padding);
        }

        /**
         * Check the length of received frames. See {@link IsoTpChannel#checkPaddingLength()}.
         *
         * @param on true to check
         * @return this builder
         */
        public Builder checkPaddingLength(boolean on) {
            return set(Attribute.CHECK_PADDING_LENGTH, on);
        }

        /**
         * Check the padding bytes of received frames. See {@link IsoTpChannel#checkPaddingData()}.
         *
         * @param on true to check
         * @return this builder
         */
        public Builder checkPaddingData(boolean on) {
            return set(Attribute.CHECK_PADDING_DATA, on);
        }

        /**
         * Send and receive one at a time. See {@link IsoTpChannel#halfDuplex()}.
         *
         * @param on true for half duplex
         * @return this builder
         */
        public Builder halfDuplex(boolean on) {
            return set(Attribute.HALF_DUPLEX, on);
        }

        /**
         * Return from send only once the PDU has left. See {@link IsoTpChannel#waitTxDone()}.
         *
         * @param on true to wait
         * @return this builder
         */
        public Builder waitTxDone(boolean on) {
            return set(Attribute.WAIT_TX_DONE, on);
        }

        /**
         * Receive without ever sending a flow control. See {@link IsoTpChannel#listenMode()}.
         *
         * @param on true to listen only
         * @return this builder
         */
        public Builder listenMode(boolean on) {
            return set(Attribute.LISTEN_MODE, on);
        }

        /**
         * Send single frames only, to any number of receivers. See {@link IsoTpChannel#sfBroadcast()}.
         *
         * @param on true to broadcast
         * @return this builder
         */
        public Builder sfBroadcast(boolean on) {
            return set(Attribute.SF_BROADCAST, on);
        }

        /**
         * Send PDUs of any length without waiting for flow control. See {@link IsoTpChannel#cfBroadcast()}.
         *
         * @param on true to broadcast
         * @return this builder
         */
        public Builder cfBroadcast(boolean on) {
            return set(Attribute.CF_BROADCAST, on);
        }

        /**
         * Take BS and STmin from every flow control of a transfer. See {@link IsoTpChannel#dynamicFlowControl()}.
         *
         * @param on true for dynamic
         * @return this builder
         */
        public Builder dynamicFlowControl(boolean on) {
            return set(Attribute.DYNAMIC_FLOW_CONTROL, on);
        }

        /**
         * The kernel's frame transmission time. See {@link IsoTpChannel#frameTxTimeNanos()}.
         *
         * @param nanos the time in ns
         * @return this builder
         */
        public Builder frameTxTimeNanos(long nanos) {
            return set(Attribute.FRAME_TX_TIME_NANOS, nanos);
        }

        /**
         * Takes every general option from {@code options}; a padding it does not hold becomes not set.
         *
         * @param options the general options
         * @return this builder
         */
        public Builder generalOptions(GeneralOptions options) {
            return setAll(GeneralOptions.ATTRIBUTES, options::get);
        }

        private Builder setAll(java.util.Set<Attribute> attributes, java.util.function.Function<Attribute, Object> from) {
            for (Attribute a : attributes) {
                set(a, from.apply(a));
            }
            return this;
        }

        /**
         * A forced gap between transmitted consecutive frames. See {@link IsoTpChannel#txStminNanos()}.
         *
         * @param nanos the gap in ns
         * @return this builder
         */
        public Builder txStminNanos(long nanos) {
            return set(Attribute.TX_STMIN_NANOS, nanos);
        }

        /**
         * The least gap between received consecutive frames. See {@link IsoTpChannel#rxStminNanos()}.
         *
         * @param nanos the gap in ns
         * @return this builder
         */
        public Builder rxStminNanos(long nanos) {
            return set(Attribute.RX_STMIN_NANOS, nanos);
        }

        /**
         * CAN FD frames instead of classic CAN. See {@link IsoTpChannel#canFd()}.
         *
         * @param canFd true for CAN FD
         * @return this builder
         */
        public Builder canFd(boolean canFd) {
            return set(Attribute.CAN_FD, canFd);
        }

        /**
         * The data length of transmitted frames. See {@link IsoTpChannel#txDataLength()}.
         *
         * @param txDataLength the length in bytes
         * @return this builder
         */
        public Builder txDataLength(int txDataLength) {
            return set(Attribute.TX_DATA_LENGTH, txDataLength);
        }

        /**
         * The CAN FD bit rate switch. See {@link IsoTpChannel#bitRateSwitch()}.
         *
         * @param on true to switch
         * @return this builder
         */
        public Builder bitRateSwitch(boolean on) {
            return set(Attribute.BIT_RATE_SWITCH, on);
        }

        /**
         * Takes canFd, txDataLength and bitRateSwitch from {@code linkLayer}.
         *
         * @param linkLayer the link layer options
         * @return this builder
         */
        public Builder linkLayer(LinkLayerOptions linkLayer) {
            return setAll(LinkLayerOptions.ATTRIBUTES, linkLayer::get);
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
            return receiveTimeoutMillis(wholeMillis(timeout));
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
         * How long a request waits for its answer. See {@link IsoTpChannel#requestTimeoutMillis()}.
         *
         * @param millis the time in ms; 0 = without limit
         * @return this builder
         */
        public Builder requestTimeoutMillis(long millis) {
            return set(Attribute.REQUEST_TIMEOUT_MILLIS, millis);
        }

        /**
         * {@link #requestTimeoutMillis} as a Duration (whole milliseconds).
         *
         * @param timeout the request timeout; {@link Duration#ZERO} = without limit
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            return requestTimeoutMillis(wholeMillis(timeout));
        }

        /**
         * Whether the channel speaks UDS (ISO 14229), as {@link UdsChannel} on an interface makes it: see there for
         * what that changes.
         *
         * @param on default false
         * @return this builder
         */
        public Builder uds(boolean on) {
            return set(Attribute.UDS, on);
        }

        /**
         * P2server_max. See {@link UdsChannel#p2Millis()}; needs {@link #uds}.
         *
         * @param millis the time in ms
         * @return this builder
         */
        public Builder p2Millis(long millis) {
            return set(Attribute.P2_MILLIS, millis);
        }

        /**
         * P2*server_max. See {@link UdsChannel#p2StarMillis()}; needs {@link #uds}.
         *
         * @param millis the time in ms
         * @return this builder
         */
        public Builder p2StarMillis(long millis) {
            return set(Attribute.P2_STAR_MILLIS, millis);
        }

        /**
         * The allowance added to P2 and P2*. See {@link UdsChannel#transferAllowanceMillis()}; needs {@link #uds}.
         *
         * @param millis the time in ms
         * @return this builder
         */
        public Builder transferAllowanceMillis(long millis) {
            return set(Attribute.TRANSFER_ALLOWANCE_MILLIS, millis);
        }

        /**
         * The most "response pending" answers. See {@link UdsChannel#maxPendingAnswers()}; needs {@link #uds}.
         *
         * @param count the count; 0 = no count
         * @return this builder
         */
        public Builder maxPendingAnswers(long count) {
            return set(Attribute.MAX_PENDING_ANSWERS, count);
        }

        /**
         * Repeats after busyRepeatRequest. See {@link UdsChannel#busyRepeats()}; needs {@link #uds}.
         *
         * @param count the count
         * @return this builder
         */
        public Builder busyRepeats(long count) {
            return set(Attribute.BUSY_REPEATS, count);
        }

        /**
         * The wait before such a repeat. See {@link UdsChannel#busyRepeatDelayMillis()}; needs {@link #uds}.
         *
         * @param millis the time in ms
         * @return this builder
         */
        public Builder busyRepeatDelayMillis(long millis) {
            return set(Attribute.BUSY_REPEAT_DELAY_MILLIS, millis);
        }

        /**
         * The TesterPresent interval. See {@link UdsChannel#testerPresentMillis()}; needs {@link #uds}.
         *
         * @param millis the time in ms; 0 = none
         * @return this builder
         */
        public Builder testerPresentMillis(long millis) {
            return set(Attribute.TESTER_PRESENT_MILLIS, millis);
        }

        /**
         * More services with a sub-function. See {@link UdsChannel#subFunctionServices()}; needs {@link #uds}.
         *
         * @param serviceIds service identifiers
         * @return this builder
         */
        public Builder subFunctionServices(int... serviceIds) {
            return set(Attribute.SUB_FUNCTION_SERVICES, serviceIds);
        }

        /**
         * What does the ISO-TP: {@link Backend#kernel()}, {@link Backend#canRaw()} or {@link Backend#engine} over a
         * frame bus. Not an attribute: it is chosen in code (a test, a deployment without can-isotp), never written
         * in an annotation.
         *
         * @param backend the backend; null (the default) = {@link Backend#byDefault()} when the channel opens
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * Judges the configuration without throwing.
         *
         * @return every problem of this configuration, each naming its attribute, the value and what is allowed;
         *         empty when it is valid
         */
        public List<Problem> validate() {
            return validator().problems();
        }

        /**
         * The configuration, checked.
         *
         * @return the configuration
         * @throws InvalidConfigurationException listing every problem, if there is any
         */
        public IsoTpConfig build() {
            InvalidConfigurationException.throwIfAny(validator());
            return new IsoTpConfig(this);
        }

        private ConfigValidator validator() {
            return new ConfigValidator().configuration(this::get);
        }

        private Long number(Attribute attribute) {
            return (Long) get(attribute);
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

        private void ifSet(Attribute attribute, java.util.function.IntConsumer setter) {
            Long v = number(attribute);
            if (v != null) {
                setter.accept(v.intValue());
            }
        }
    }
}
