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
 */
public final class GeneralOptions {
    /** {@link Builder#frameTxTimeNanos(long)} value that keeps the kernel's default gap (50 µs). */
    public static final long FRAME_TX_TIME_DEFAULT = dev.isotp.validation.Limits.FRAME_TX_TIME_DEFAULT;
    /** {@link Builder#frameTxTimeNanos(long)} value for no gap at all between frames (Linux 5.18 and later). */
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

    public static Builder builder() {
        return new Builder();
    }

    /** The byte that pads transmitted frames to full length; empty = frames are sent as short as possible. */
    public OptionalInt txPadding() {
        return txPadding == null ? OptionalInt.empty() : OptionalInt.of(txPadding);
    }

    /** The padding byte expected in received frames (checked with {@link #checkPaddingData()}). */
    public OptionalInt rxPadding() {
        return rxPadding == null ? OptionalInt.empty() : OptionalInt.of(rxPadding);
    }

    public boolean checkPaddingLength() {
        return checkPaddingLength;
    }

    public boolean checkPaddingData() {
        return checkPaddingData;
    }

    public boolean halfDuplex() {
        return halfDuplex;
    }

    public boolean waitTxDone() {
        return waitTxDone;
    }

    public boolean listenMode() {
        return listenMode;
    }

    public boolean sfBroadcast() {
        return sfBroadcast;
    }

    public boolean cfBroadcast() {
        return cfBroadcast;
    }

    public boolean dynamicFlowControl() {
        return dynamicFlowControl;
    }

    /** The kernel's frame_txtime: 0 keeps its default (50 µs), {@link #FRAME_TX_TIME_ZERO} means no gap. */
    public long frameTxTimeNanos() {
        return frameTxTimeNanos;
    }

    /** The flags these options stand for (address and forced-STmin flags are added by the socket). */
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

        /** Pad every transmitted frame to full length with this byte (0x00-0xFF). */
        public Builder txPadding(int padding) {
            this.txPadding = padding;
            return this;
        }

        public Builder noTxPadding() {
            this.txPadding = null;
            return this;
        }

        /** Expect received frames padded with this byte (0x00-0xFF). */
        public Builder rxPadding(int padding) {
            this.rxPadding = padding;
            return this;
        }

        public Builder noRxPadding() {
            this.rxPadding = null;
            return this;
        }

        /** Refuse received frames whose length is not the padded (or, without rxPadding, the optimal) length. */
        public Builder checkPaddingLength(boolean on) {
            this.checkPaddingLength = on;
            return this;
        }

        /** Refuse received frames whose padding bytes differ from {@link #rxPadding(int)}. */
        public Builder checkPaddingData(boolean on) {
            this.checkPaddingData = on;
            return this;
        }

        /** Either send or receive at a time, never both. */
        public Builder halfDuplex(boolean on) {
            this.halfDuplex = on;
            return this;
        }

        /** Return from send only when the whole PDU has left, with its error if it failed (default: on). */
        public Builder waitTxDone(boolean on) {
            this.waitTxDone = on;
            return this;
        }

        /** Only listen: receive PDUs without ever sending a flow control. */
        public Builder listenMode(boolean on) {
            this.listenMode = on;
            return this;
        }

        /** Send single frames only, to many receivers (no flow control expected); Linux 5.11+. */
        public Builder sfBroadcast(boolean on) {
            this.sfBroadcast = on;
            return this;
        }

        /** Send multi-frame PDUs to many receivers without waiting for flow control; Linux 5.19+. */
        public Builder cfBroadcast(boolean on) {
            this.cfBroadcast = on;
            return this;
        }

        /** Take block size and STmin from each flow control of a transfer, not only the first; Linux 6.9+. */
        public Builder dynamicFlowControl(boolean on) {
            this.dynamicFlowControl = on;
            return this;
        }

        /** The kernel's gap between transmitted frames, in ns: 0 keeps its default (50 µs), {@link #FRAME_TX_TIME_ZERO} = none. */
        public Builder frameTxTimeNanos(long nanos) {
            this.frameTxTimeNanos = nanos;
            return this;
        }

        public GeneralOptions build() {
            validateInto(new ConfigValidator()).throwIfInvalid();
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
