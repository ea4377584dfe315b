package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.validation.ConfigValidator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

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
 * {@code Documentation/networking/iso15765-2.rst}; each is in mainline Linux since 5.10 unless its setter says
 * otherwise. {@link IsoTpSocket#setGeneralOptions} refuses an option the running kernel is too old for.
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

    private final Integer txPadding;
    private final Integer rxPadding;
    private final boolean checkPaddingLength;
    private final boolean checkPaddingData;
    private final boolean halfDuplex;
    private final boolean waitTxDone;
    private final boolean listenMode;
    private final boolean sfBroadcast;
    private final boolean cfBroadcast;
    private final boolean dynamicFlowControl;
    private final long frameTxTimeNanos;

    private GeneralOptions(Builder b) {
        txPadding = b.txPadding;
        rxPadding = b.rxPadding;
        checkPaddingLength = b.checkPaddingLength;
        checkPaddingData = b.checkPaddingData;
        halfDuplex = b.halfDuplex;
        waitTxDone = b.waitTxDone;
        listenMode = b.listenMode;
        sfBroadcast = b.sfBroadcast;
        cfBroadcast = b.cfBroadcast;
        dynamicFlowControl = b.dynamicFlowControl;
        frameTxTimeNanos = b.frameTxTimeNanos;
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
        return txPadding == null ? OptionalInt.empty() : OptionalInt.of(txPadding);
    }

    /**
     * {@return the padding byte expected in received frames, 0x00-0xFF; empty = none} It is checked with
     * {@link #checkPaddingLength()} and {@link #checkPaddingData()}.
     */
    public OptionalInt rxPadding() {
        return rxPadding == null ? OptionalInt.empty() : OptionalInt.of(rxPadding);
    }

    /** {@return whether the length of received frames is checked (CHK_PAD_LEN)} */
    public boolean checkPaddingLength() {
        return checkPaddingLength;
    }

    /** {@return whether the padding bytes of received frames are checked against rxPadding (CHK_PAD_DATA)} */
    public boolean checkPaddingData() {
        return checkPaddingData;
    }

    /** {@return whether the socket sends and receives one at a time (HALF_DUPLEX)} */
    public boolean halfDuplex() {
        return halfDuplex;
    }

    /** {@return whether a send returns only once the whole PDU has left (WAIT_TX_DONE)} */
    public boolean waitTxDone() {
        return waitTxDone;
    }

    /** {@return whether the socket receives without sending flow control (LISTEN_MODE)} */
    public boolean listenMode() {
        return listenMode;
    }

    /** {@return whether the socket sends single frames only, to many receivers (SF_BROADCAST, Linux 5.11+)} */
    public boolean sfBroadcast() {
        return sfBroadcast;
    }

    /** {@return whether the socket sends without waiting for flow control (CF_BROADCAST, Linux 5.19+)} */
    public boolean cfBroadcast() {
        return cfBroadcast;
    }

    /** {@return whether BS and STmin are taken from every flow control of a transfer (DYN_FC_PARMS, Linux 6.9+)} */
    public boolean dynamicFlowControl() {
        return dynamicFlowControl;
    }

    /**
     * {@return the kernel's frame_txtime in ns} 0 leaves it as it is (50 µs on a new socket),
     * {@link #FRAME_TX_TIME_ZERO} means no gap; read back from a kernel, the value it holds.
     */
    public long frameTxTimeNanos() {
        return frameTxTimeNanos;
    }

    /** {@return the flags these options stand for} Address and forced-STmin flags are added by the socket. */
    public Set<IsoTpFlag> flags() {
        EnumSet<IsoTpFlag> flags = EnumSet.noneOf(IsoTpFlag.class);
        addIf(flags, txPadding != null, IsoTpFlag.TX_PADDING);
        addIf(flags, rxPadding != null, IsoTpFlag.RX_PADDING);
        addIf(flags, checkPaddingLength, IsoTpFlag.CHK_PAD_LEN);
        addIf(flags, checkPaddingData, IsoTpFlag.CHK_PAD_DATA);
        addIf(flags, halfDuplex, IsoTpFlag.HALF_DUPLEX);
        addIf(flags, waitTxDone, IsoTpFlag.WAIT_TX_DONE);
        addIf(flags, listenMode, IsoTpFlag.LISTEN_MODE);
        addIf(flags, sfBroadcast, IsoTpFlag.SF_BROADCAST);
        addIf(flags, cfBroadcast, IsoTpFlag.CF_BROADCAST);
        addIf(flags, dynamicFlowControl, IsoTpFlag.DYN_FC_PARMS);
        return flags;
    }

    private static void addIf(Set<IsoTpFlag> flags, boolean condition, IsoTpFlag flag) {
        if (condition) {
            flags.add(flag);
        }
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.txPadding = txPadding;
        b.rxPadding = rxPadding;
        return b.checkPaddingLength(checkPaddingLength).checkPaddingData(checkPaddingData).halfDuplex(halfDuplex)
                .waitTxDone(waitTxDone).listenMode(listenMode).sfBroadcast(sfBroadcast).cfBroadcast(cfBroadcast)
                .dynamicFlowControl(dynamicFlowControl).frameTxTimeNanos(frameTxTimeNanos);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GeneralOptions)) {
            return false;
        }
        GeneralOptions g = (GeneralOptions) o;
        return Objects.equals(txPadding, g.txPadding) && Objects.equals(rxPadding, g.rxPadding)
                && flags().equals(g.flags()) && frameTxTimeNanos == g.frameTxTimeNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(txPadding, rxPadding, flags(), frameTxTimeNanos);
    }

    @Override
    public String toString() {
        return "GeneralOptions[flags=" + flags() + (txPadding != null ? ", txPadding=" + Hex.of(txPadding) : "")
                + (rxPadding != null ? ", rxPadding=" + Hex.of(rxPadding) : "") + ", frameTxTimeNanos=" + frameTxTimeNanos + "]";
    }

    /** Builds {@link GeneralOptions} by name; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private Integer txPadding;
        private Integer rxPadding;
        private boolean checkPaddingLength;
        private boolean checkPaddingData;
        private boolean halfDuplex;
        private boolean waitTxDone = true;
        private boolean listenMode;
        private boolean sfBroadcast;
        private boolean cfBroadcast;
        private boolean dynamicFlowControl;
        private long frameTxTimeNanos = FRAME_TX_TIME_DEFAULT;

        private Builder() {
        }

        /**
         * Pad every transmitted frame to full length with this byte (TX_PADDING with txpad_content).
         *
         * @param padding 0x00-0xFF, e.g. 0xCC; checked by {@link #build()}
         * @return this builder
         */
        public Builder txPadding(int padding) {
            this.txPadding = padding;
            return this;
        }

        /**
         * Send frames as short as possible, without padding (the default).
         *
         * @return this builder
         */
        public Builder noTxPadding() {
            this.txPadding = null;
            return this;
        }

        /**
         * Expect received frames padded with this byte (RX_PADDING with rxpad_content); checked only with
         * {@link #checkPaddingLength} or {@link #checkPaddingData}.
         *
         * @param padding 0x00-0xFF, e.g. 0xCC; checked by {@link #build()}
         * @return this builder
         */
        public Builder rxPadding(int padding) {
            this.rxPadding = padding;
            return this;
        }

        /**
         * Expect no padding byte in received frames (the default).
         *
         * @return this builder
         */
        public Builder noRxPadding() {
            this.rxPadding = null;
            return this;
        }

        /**
         * Refuse received frames whose length is not the padded (or, without rxPadding, the optimal) length
         * (CHK_PAD_LEN). A refused frame drops its PDU; the next call fails with {@link BadMessageException}.
         *
         * @param on default false
         * @return this builder
         */
        public Builder checkPaddingLength(boolean on) {
            this.checkPaddingLength = on;
            return this;
        }

        /**
         * Refuse received frames whose padding bytes differ from {@link #rxPadding(int)} (CHK_PAD_DATA); needs
         * rxPadding ({@link #build()} refuses it without). A refused frame drops its PDU; the next call fails with
         * {@link BadMessageException}.
         *
         * @param on default false
         * @return this builder
         */
        public Builder checkPaddingData(boolean on) {
            this.checkPaddingData = on;
            return this;
        }

        /**
         * Either send or receive at a time, never both (HALF_DUPLEX): while sending, received frames other than
         * flow control are ignored; while receiving, flow control is ignored.
         *
         * @param on default false
         * @return this builder
         */
        public Builder halfDuplex(boolean on) {
            this.halfDuplex = on;
            return this;
        }

        /**
         * Return from send only when the whole PDU has left, with its error if it failed (WAIT_TX_DONE); off, the
         * error is reported by the next send or receive.
         *
         * @param on default true
         * @return this builder
         */
        public Builder waitTxDone(boolean on) {
            this.waitTxDone = on;
            return this;
        }

        /**
         * Only listen: receive PDUs without ever sending a flow control (LISTEN_MODE).
         *
         * @param on default false
         * @return this builder
         */
        public Builder listenMode(boolean on) {
            this.listenMode = on;
            return this;
        }

        /**
         * Send single frames only, to many receivers (SF_BROADCAST, Linux 5.11+): no flow control expected, nothing
         * received (the socket's receive methods throw IllegalStateException), a longer payload refused by the send.
         * Not together with cfBroadcast.
         *
         * @param on default false
         * @return this builder
         */
        public Builder sfBroadcast(boolean on) {
            this.sfBroadcast = on;
            return this;
        }

        /**
         * Send PDUs of any length to many receivers without waiting for flow control, receiving nothing (the
         * socket's receive methods throw IllegalStateException; CF_BROADCAST, Linux 5.19+; not in ISO 15765-2). Not
         * together with sfBroadcast.
         *
         * @param on default false
         * @return this builder
         */
        public Builder cfBroadcast(boolean on) {
            this.cfBroadcast = on;
            return this;
        }

        /**
         * Take block size and STmin from each flow control of a transfer, not only the first (DYN_FC_PARMS,
         * Linux 6.9+).
         *
         * @param on default false
         * @return this builder
         */
        public Builder dynamicFlowControl(boolean on) {
            this.dynamicFlowControl = on;
            return this;
        }

        /**
         * The kernel's frame transmission time (frame_txtime, N_As/N_Ar), added to STmin between consecutive frames.
         *
         * @param nanos 0 (default) leaves it as it is (50 µs on a new socket); {@link #FRAME_TX_TIME_ZERO}
         *        (Linux 5.18+) = none; else 1-4294967294 ns; checked by {@link #build()}
         * @return this builder
         */
        public Builder frameTxTimeNanos(long nanos) {
            this.frameTxTimeNanos = nanos;
            return this;
        }

        /**
         * The options, checked.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every problem: a padding byte out of 0x00-0xFF,
         *         checkPaddingData without rxPadding, both broadcast flags, frameTxTimeNanos out of 0-4294967295
         */
        public GeneralOptions build() {
            InvalidConfigurationException.throwIfAny(validateInto(new ConfigValidator()));
            return new GeneralOptions(this);
        }

        GeneralOptions buildValidated() {
            return new GeneralOptions(this);
        }

        ConfigValidator validateInto(ConfigValidator validator) {
            return validator.generalOptions(txPadding == null ? null : txPadding.longValue(),
                    rxPadding == null ? null : rxPadding.longValue(), checkPaddingLength, checkPaddingData, sfBroadcast,
                    cfBroadcast, frameTxTimeNanos);
        }

        boolean broadcast() {
            return sfBroadcast || cfBroadcast;
        }
    }
}
