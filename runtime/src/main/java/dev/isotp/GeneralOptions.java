package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The general options of a socket (the kernel's {@code can_isotp_options}), by name: padding, padding checks,
 * half duplex, waiting for the end of a transmission, listen mode, broadcast, dynamic flow control and the gap
 * between frames. Address bytes and forced STmin are not here: they come from the {@link Address} given to
 * {@code bind} and from {@code setTxStminNanos} / {@code setRxStminNanos}.
 *
 * <pre>{@code GeneralOptions.builder().txPadding(0xCC).rxPadding(0xCC).checkPaddingData(true).build();}</pre>
 *
 * <p>The builder starts with {@code waitTxDone(true)}: a send then returns only once the whole PDU has left, and
 * fails when the peer sent no flow control, instead of reporting that error on some later call.
 *
 * <p>The flags are those of the kernel's {@code include/uapi/linux/can/isotp.h}, described in
 * {@code Documentation/networking/iso15765-2.rst}. Each setter sets the {@link IsoTpChannel} element of its name,
 * whose doc gives the option's range, default and kernel version (5.10 unless it says otherwise); the values are
 * judged by {@link Builder#build()}. {@link IsoTpSocket#setGeneralOptions} refuses an option the running kernel is
 * too old for.
 */
public final class GeneralOptions {
    /**
     * {@link Builder#frameTxTimeNanos(long)} value 0, which leaves the kernel's frame_txtime as it is: its default
     * of 50 µs on a new socket.
     */
    public static final long FRAME_TX_TIME_DEFAULT = dev.isotp.validation.Limits.FRAME_TX_TIME_DEFAULT;
    /**
     * {@link Builder#frameTxTimeNanos(long)} value for no gap at all between frames: the kernel's
     * {@code CAN_ISOTP_FRAME_TXTIME_ZERO}, 0xFFFFFFFF (Linux 5.18 and later).
     */
    public static final long FRAME_TX_TIME_ZERO = 0xFFFFFFFFL;

    /** The attributes these options are a view of: the channel's attributes of {@code can_isotp_options}. */
    static final Set<Attribute> ATTRIBUTES = Collections.unmodifiableSet(EnumSet.of(Attribute.TX_PADDING,
            Attribute.RX_PADDING, Attribute.CHECK_PADDING_LENGTH, Attribute.CHECK_PADDING_DATA, Attribute.HALF_DUPLEX,
            Attribute.WAIT_TX_DONE, Attribute.LISTEN_MODE, Attribute.SF_BROADCAST, Attribute.CF_BROADCAST,
            Attribute.DYNAMIC_FLOW_CONTROL, Attribute.FRAME_TX_TIME_NANOS));

    /** Each of {@link #ATTRIBUTES} with its value; null = a padding not set. */
    private final Map<Attribute, Object> values;

    /** A view of {@code values}' general options: each attribute's value as {@code values} gives it. */
    GeneralOptions(Function<Attribute, Object> values) {
        EnumMap<Attribute, Object> own = new EnumMap<>(Attribute.class);
        for (Attribute a : ATTRIBUTES) {
            own.put(a, values.apply(a));
        }
        this.values = Collections.unmodifiableMap(own);
    }

    /** The options a kernel's {@code can_isotp_options} hold, in their attributes' words. */
    static GeneralOptions ofKernel(Set<IsoTpFlag> flags, long frameTxTimeNanos, int txPadContent, int rxPadContent) {
        return new GeneralOptions(a -> {
            if (a == Attribute.FRAME_TX_TIME_NANOS) {
                return frameTxTimeNanos;
            }
            IsoTpFlag flag = IsoTpFlag.of(a);
            boolean on = flags.contains(flag);
            if (a.kind() == Attribute.Kind.FLAG) {
                return on;
            }
            return on ? (Object) (long) (a == Attribute.TX_PADDING ? txPadContent : rxPadContent) : null;
        });
    }

    /** {@return the value of {@code attribute}, one of {@link #ATTRIBUTES}} */
    Object get(Attribute attribute) {
        return values.get(attribute);
    }

    /**
     * A builder with every option off, waitTxDone on, no padding and the kernel's frame transmission time.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the byte that pads transmitted frames to full length, 0x00-0xFF; empty = as short as possible} */
    public OptionalInt txPadding() {
        return optionalByte(Attribute.TX_PADDING);
    }

    /**
     * {@return the padding byte expected in received frames, 0x00-0xFF; empty = none} It is checked with
     * {@link #checkPaddingLength()} and {@link #checkPaddingData()}.
     */
    public OptionalInt rxPadding() {
        return optionalByte(Attribute.RX_PADDING);
    }

    /** {@return whether the length of received frames is checked (CHK_PAD_LEN)} */
    public boolean checkPaddingLength() {
        return flag(Attribute.CHECK_PADDING_LENGTH);
    }

    /** {@return whether the padding bytes of received frames are checked against rxPadding (CHK_PAD_DATA)} */
    public boolean checkPaddingData() {
        return flag(Attribute.CHECK_PADDING_DATA);
    }

    /** {@return whether the socket sends and receives one at a time (HALF_DUPLEX)} */
    public boolean halfDuplex() {
        return flag(Attribute.HALF_DUPLEX);
    }

    /** {@return whether a send returns only once the whole PDU has left (WAIT_TX_DONE)} */
    public boolean waitTxDone() {
        return flag(Attribute.WAIT_TX_DONE);
    }

    /** {@return whether the socket receives without sending flow control (LISTEN_MODE)} */
    public boolean listenMode() {
        return flag(Attribute.LISTEN_MODE);
    }

    /** {@return whether the socket sends single frames only, to many receivers (SF_BROADCAST, Linux 5.11+)} */
    public boolean sfBroadcast() {
        return flag(Attribute.SF_BROADCAST);
    }

    /** {@return whether the socket sends without waiting for flow control (CF_BROADCAST, Linux 5.19+)} */
    public boolean cfBroadcast() {
        return flag(Attribute.CF_BROADCAST);
    }

    /** {@return whether BS and STmin are taken from every flow control of a transfer (DYN_FC_PARMS, Linux 6.9+)} */
    public boolean dynamicFlowControl() {
        return flag(Attribute.DYNAMIC_FLOW_CONTROL);
    }

    /**
     * {@return the kernel's frame_txtime in ns} 0 leaves it as it is (50 µs on a new socket),
     * {@link #FRAME_TX_TIME_ZERO} means no gap; read back from a kernel, the value it holds.
     */
    public long frameTxTimeNanos() {
        return (Long) values.get(Attribute.FRAME_TX_TIME_NANOS);
    }

    private boolean flag(Attribute attribute) {
        return (Boolean) values.get(attribute);
    }

    private OptionalInt optionalByte(Attribute attribute) {
        Long value = (Long) values.get(attribute);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value.intValue());
    }

    /** {@return the flags these options stand for} Address and forced-STmin flags are added by the socket. */
    public Set<IsoTpFlag> flags() {
        return IsoTpFlag.decode(IsoTpFlag.encode(values::get, ATTRIBUTES));
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneralOptions && values.equals(((GeneralOptions) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "GeneralOptions[flags=" + flags() + txPadding().stream().mapToObj(p -> ", txPadding=" + Hex.of(p)).findAny().orElse("")
                + rxPadding().stream().mapToObj(p -> ", rxPadding=" + Hex.of(p)).findAny().orElse("")
                + ", frameTxTimeNanos=" + frameTxTimeNanos() + "]";
    }

    /** Builds {@link GeneralOptions} by name; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);

        private Builder() {
            for (Attribute a : ATTRIBUTES) {
                values.put(a, IsoTpConfig.defaultOf(a));
            }
        }

        private Builder set(Attribute attribute, Object value) {
            values.put(attribute, attribute.normalize(value));
            return this;
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
         * Send frames as short as possible, without padding (the default).
         *
         * @return this builder
         */
        public Builder noTxPadding() {
            return set(Attribute.TX_PADDING, null);
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
         * Expect no padding byte in received frames (the default).
         *
         * @return this builder
         */
        public Builder noRxPadding() {
            return set(Attribute.RX_PADDING, null);
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
         * The options, checked.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every value that breaks its element's rules
         */
        public GeneralOptions build() {
            InvalidConfigurationException.throwIfAny(new ConfigValidator().generalOptions(values::get));
            return new GeneralOptions(values::get);
        }
    }
}
