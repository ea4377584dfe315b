package dev.isotp;

import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * <p>The builder's methods are named as the elements of {@code @IsoTpChannel}, and like the annotation it turns
 * {@code waitTxDone} on by default. {@link Builder#validate()} lists every problem at once; {@link Builder#build()}
 * throws an {@link InvalidConfigurationException} with all of them.
 */
public final class IsoTpConfig {
    private final String iface;
    private final Address address;
    private final GeneralOptions generalOptions;
    private final FlowControlOptions flowControl;
    private final Long txStminNanos;
    private final Long rxStminNanos;
    private final LinkLayerOptions linkLayer;
    private final long receiveTimeoutMillis;
    private final int receiveBufferSize;
    // --- the backend (not a kernel setting; absent = Backend.byDefault() when the channel opens)
    private final Backend backend;

    private IsoTpConfig(Builder b) {
        iface = b.iface;
        address = b.addressBuilder().buildValidated();
        generalOptions = b.general.buildValidated();
        flowControl = FlowControlOptions.builder().blockSize(b.bs).stmin(b.stmin).wftmax(b.wftmax).buildAsIs();
        txStminNanos = b.txStminNanos;
        rxStminNanos = b.rxStminNanos;
        linkLayer = LinkLayerOptions.asIs(b.canFd, b.txDataLength, b.bitRateSwitch);
        receiveTimeoutMillis = b.receiveTimeoutMillis;
        receiveBufferSize = (int) b.receiveBufferSize;
        backend = b.backend;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The CAN interface, e.g. "vcan0" or "can0". */
    public String iface() {
        return iface;
    }

    public Address address() {
        return address;
    }

    public GeneralOptions generalOptions() {
        return generalOptions;
    }

    public FlowControlOptions flowControl() {
        return flowControl;
    }

    /** The forced gap between transmitted consecutive frames (overrides the peer's STmin); empty = not forced. */
    public OptionalLong txStminNanos() {
        return txStminNanos == null ? OptionalLong.empty() : OptionalLong.of(txStminNanos);
    }

    /** Received consecutive frames closer than this are dropped; empty = not forced. */
    public OptionalLong rxStminNanos() {
        return rxStminNanos == null ? OptionalLong.empty() : OptionalLong.of(rxStminNanos);
    }

    public LinkLayerOptions linkLayer() {
        return linkLayer;
    }

    /** How long a receive waits for a PDU; {@link Duration#ZERO} = without limit. */
    public Duration receiveTimeout() {
        return Duration.ofMillis(receiveTimeoutMillis);
    }

    /** The largest PDU a receive of this channel takes; 0 = the largest the kernel can deliver. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** The backend chosen for this channel; empty = {@link Backend#byDefault()} when it opens. */
    public java.util.Optional<Backend> backend() {
        return java.util.Optional.ofNullable(backend);
    }

    /** A builder holding this configuration, e.g. to change only the interface. */
    public Builder toBuilder() {
        Builder b = new Builder().iface(iface).address(address).generalOptions(generalOptions).flowControl(flowControl)
                .linkLayer(linkLayer).receiveTimeoutMillis(receiveTimeoutMillis).receiveBufferSize(receiveBufferSize);
        b.txStminNanos = txStminNanos;
        b.rxStminNanos = rxStminNanos;
        b.backend = backend;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IsoTpConfig)) {
            return false;
        }
        IsoTpConfig c = (IsoTpConfig) o;
        return iface.equals(c.iface) && address.equals(c.address) && generalOptions.equals(c.generalOptions)
                && flowControl.equals(c.flowControl) && Objects.equals(txStminNanos, c.txStminNanos)
                && Objects.equals(rxStminNanos, c.rxStminNanos) && linkLayer.equals(c.linkLayer)
                && receiveTimeoutMillis == c.receiveTimeoutMillis && receiveBufferSize == c.receiveBufferSize
                && Objects.equals(backend, c.backend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iface, address, generalOptions, flowControl, txStminNanos, rxStminNanos, linkLayer,
                receiveTimeoutMillis, receiveBufferSize, backend);
    }

    @Override
    public String toString() {
        return "IsoTpConfig[iface=" + iface + ", address=" + address + ", " + generalOptions + ", " + flowControl
                + (txStminNanos != null ? ", txStminNanos=" + txStminNanos : "")
                + (rxStminNanos != null ? ", rxStminNanos=" + rxStminNanos : "") + ", " + linkLayer
                + ", receiveTimeoutMillis=" + receiveTimeoutMillis + ", receiveBufferSize=" + receiveBufferSize
                + (backend != null ? ", " + backend : "") + "]";
    }

    /**
     * Builds an {@link IsoTpConfig} by name. Values are taken as given, wide enough to hold a wrong value
     * ({@code long} ids), and judged only by {@link #validate()} and {@link #build()}, which report every problem.
     */
    public static final class Builder {
        private String iface;
        private AddressingMode mode = AddressingMode.NORMAL_11;
        private Long rxid;
        private Long txid;
        private Integer targetAddress;
        private Integer sourceAddress;
        private Integer addressExtension;
        private boolean functional;
        private final GeneralOptions.Builder general = GeneralOptions.builder();
        private int bs;
        private int stmin;
        private int wftmax;
        private Long txStminNanos;
        private Long rxStminNanos;
        private boolean canFd;
        private int txDataLength = 8;
        private boolean bitRateSwitch;
        private long receiveTimeoutMillis;
        private long receiveBufferSize;
        private Backend backend;

        private Builder() {
        }

        public Builder iface(String iface) {
            this.iface = iface;
            return this;
        }

        /** The addressing mode (default NORMAL_11). */
        public Builder mode(AddressingMode mode) {
            this.mode = mode;
            return this;
        }

        /** The CAN id to receive on, without CAN_EFF_FLAG (the mode says 11 or 29 bits). */
        public Builder rxid(long rxid) {
            this.rxid = rxid;
            return this;
        }

        /** The CAN id to transmit with, without CAN_EFF_FLAG (the mode says 11 or 29 bits). */
        public Builder txid(long txid) {
            this.txid = txid;
            return this;
        }

        public Builder targetAddress(int targetAddress) {
            this.targetAddress = targetAddress;
            return this;
        }

        public Builder sourceAddress(int sourceAddress) {
            this.sourceAddress = sourceAddress;
            return this;
        }

        public Builder addressExtension(int addressExtension) {
            this.addressExtension = addressExtension;
            return this;
        }

        public Builder functional(boolean functional) {
            this.functional = functional;
            return this;
        }

        /** Takes mode, ids and address bytes from an address. */
        public Builder address(Address address) {
            mode = address.mode();
            rxid = address.mode().idsGiven() ? (long) address.rxId() : null;
            txid = address.mode().idsGiven() ? (long) address.txId() : null;
            targetAddress = address.targetAddress().isPresent() ? address.targetAddress().getAsInt() : null;
            sourceAddress = address.sourceAddress().isPresent() ? address.sourceAddress().getAsInt() : null;
            addressExtension = address.addressExtension().isPresent() ? address.addressExtension().getAsInt() : null;
            functional = address.functional();
            return this;
        }

        /** STmin byte sent in our flow control: 0x00-0x7F ms, 0xF1-0xF9 100-900 µs. */
        public Builder stmin(int stmin) {
            this.stmin = stmin;
            return this;
        }

        /** Block size sent in our flow control, 0-255 (0 = no further flow control). */
        public Builder bs(int bs) {
            this.bs = bs;
            return this;
        }

        public Builder wftmax(int wftmax) {
            this.wftmax = wftmax;
            return this;
        }

        public Builder flowControl(FlowControlOptions flowControl) {
            return bs(flowControl.blockSize()).stmin(flowControl.stmin()).wftmax(flowControl.wftmax());
        }

        public Builder txPadding(int padding) {
            general.txPadding(padding);
            return this;
        }

        public Builder rxPadding(int padding) {
            general.rxPadding(padding);
            return this;
        }

        public Builder checkPaddingLength(boolean on) {
            general.checkPaddingLength(on);
            return this;
        }

        public Builder checkPaddingData(boolean on) {
            general.checkPaddingData(on);
            return this;
        }

        public Builder halfDuplex(boolean on) {
            general.halfDuplex(on);
            return this;
        }

        /** Return from send only once the PDU has left, with its error (default: on). */
        public Builder waitTxDone(boolean on) {
            general.waitTxDone(on);
            return this;
        }

        public Builder listenMode(boolean on) {
            general.listenMode(on);
            return this;
        }

        public Builder sfBroadcast(boolean on) {
            general.sfBroadcast(on);
            return this;
        }

        public Builder cfBroadcast(boolean on) {
            general.cfBroadcast(on);
            return this;
        }

        public Builder dynamicFlowControl(boolean on) {
            general.dynamicFlowControl(on);
            return this;
        }

        /** 0 keeps the kernel's default gap (50 µs); {@link GeneralOptions#FRAME_TX_TIME_ZERO} = no gap. */
        public Builder frameTxTimeNanos(long nanos) {
            general.frameTxTimeNanos(nanos);
            return this;
        }

        /** Takes every general option from {@code options}. */
        public Builder generalOptions(GeneralOptions options) {
            general.checkPaddingLength(options.checkPaddingLength()).checkPaddingData(options.checkPaddingData())
                    .halfDuplex(options.halfDuplex()).waitTxDone(options.waitTxDone()).listenMode(options.listenMode())
                    .sfBroadcast(options.sfBroadcast()).cfBroadcast(options.cfBroadcast())
                    .dynamicFlowControl(options.dynamicFlowControl()).frameTxTimeNanos(options.frameTxTimeNanos());
            general.noTxPadding().noRxPadding();
            options.txPadding().ifPresent(general::txPadding);
            options.rxPadding().ifPresent(general::rxPadding);
            return this;
        }

        /** Sends consecutive frames this far apart whatever the peer's STmin says (FORCE_TXSTMIN). */
        public Builder txStminNanos(long nanos) {
            this.txStminNanos = nanos;
            return this;
        }

        /** Drops received consecutive frames that come closer than this (FORCE_RXSTMIN). */
        public Builder rxStminNanos(long nanos) {
            this.rxStminNanos = nanos;
            return this;
        }

        public Builder canFd(boolean canFd) {
            this.canFd = canFd;
            return this;
        }

        /** Data length of transmitted frames: 8 on classic CAN; 8, 12, 16, 20, 24, 32, 48 or 64 on CAN FD. */
        public Builder txDataLength(int txDataLength) {
            this.txDataLength = txDataLength;
            return this;
        }

        public Builder bitRateSwitch(boolean on) {
            this.bitRateSwitch = on;
            return this;
        }

        public Builder linkLayer(LinkLayerOptions linkLayer) {
            return canFd(linkLayer.canFd()).txDataLength(linkLayer.txDataLength()).bitRateSwitch(linkLayer.bitRateSwitch());
        }

        /** How long a receive waits for a PDU; 0 = without limit (close() still wakes it). */
        public Builder receiveTimeoutMillis(long millis) {
            this.receiveTimeoutMillis = millis;
            return this;
        }

        public Builder receiveTimeout(Duration timeout) {
            return receiveTimeoutMillis(timeout.toMillis());
        }

        /** The largest PDU a receive takes; 0 (default) = the largest PDU the kernel can deliver. */
        public Builder receiveBufferSize(long bytes) {
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * What does the ISO-TP: {@link Backend#kernel()}, {@link Backend#canRaw()} or {@link Backend#engine} over a
         * frame bus; null (the default) = {@link Backend#byDefault()} when the channel opens.
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /** Every problem of this configuration, each naming its attribute, the value and what is allowed. */
        public List<Problem> validate() {
            return validator().problems();
        }

        public IsoTpConfig build() {
            validator().throwIfInvalid();
            return new IsoTpConfig(this);
        }

        private ConfigValidator validator() {
            ConfigValidator validator = new ConfigValidator().iface(iface);
            addressBuilder().validateInto(validator, general.broadcast());
            validator.flowControl(bs, stmin, wftmax);
            general.validateInto(validator);
            return validator.forcedStmin(txStminNanos, rxStminNanos)
                    .linkLayer(canFd, txDataLength, bitRateSwitch)
                    .receive(receiveTimeoutMillis, receiveBufferSize);
        }

        private Address.Builder addressBuilder() {
            Address.Builder b = Address.builder(mode).functional(functional);
            if (rxid != null) {
                b.rxId(rxid);
            }
            if (txid != null) {
                b.txId(txid);
            }
            if (targetAddress != null) {
                b.targetAddress(targetAddress);
            }
            if (sourceAddress != null) {
                b.sourceAddress(sourceAddress);
            }
            if (addressExtension != null) {
                b.addressExtension(addressExtension);
            }
            return b;
        }
    }
}
