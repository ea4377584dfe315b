package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.validation.ConfigValidator;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a channel listens and sends: an ISO 15765-2 addressing mode and the ids and address bytes it needs, always
 * given by name.
 *
 * <pre>{@code
 * Address.builder(AddressingMode.NORMAL_11).rxid(0x7E8).txid(0x7E0).build();
 * Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0x10).sourceAddress(0xF1).build();
 * Address.builder(AddressingMode.EXTENDED_11).rxid(0x641).txid(0x640).targetAddress(0x55).sourceAddress(0xAA).build();
 * }</pre>
 *
 * <p>The ids are plain CAN ids; the mode says whether they are 11 or 29 bits, and the socket sets CAN_EFF_FLAG for
 * 29-bit modes. In the fixed modes (NORMAL_FIXED_29, MIXED_29) the ids are derived from the target and source address
 * as ISO 15765-2 defines them (see {@link AddressingMode}).
 */
public final class Address {
    private final AddressingMode mode;
    private final int rxid;
    private final int txid;
    private final Integer targetAddress;
    private final Integer sourceAddress;
    private final Integer addressExtension;
    private final boolean functional;

    private Address(Builder b) {
        this.mode = b.mode;
        this.targetAddress = b.targetAddress;
        this.sourceAddress = b.sourceAddress;
        this.addressExtension = b.addressExtension;
        this.functional = b.functional;
        if (mode.idsGiven()) {
            this.rxid = b.rxid.intValue();
            this.txid = b.txid.intValue();
        } else {
            int ta = targetAddress;
            int sa = sourceAddress;
            AddressingMode.IdSource source = mode.idSource();
            // We receive what the peer sends to us: its target is our source.
            this.rxid = source.physicalBase | sa << 8 | ta;
            this.txid = (functional ? source.functionalBase : source.physicalBase) | ta << 8 | sa;
        }
    }

    /**
     * Starts an address in the given mode; each id and byte the mode needs is then set by name.
     *
     * @param mode the addressing mode; {@code null} is reported as missing by {@link Builder#build()}
     * @return a new builder
     */
    public static Builder builder(AddressingMode mode) {
        return new Builder(mode);
    }

    /** {@return the addressing mode} */
    public AddressingMode mode() {
        return mode;
    }

    /**
     * {@return the CAN id this channel receives on} Without CAN_EFF_FLAG: 0x000-0x7FF or 0x00000000-0x1FFFFFFF;
     * derived in the fixed modes (0x18DA_SA_TA, 0x18CE_SA_TA).
     */
    public int rxid() {
        return rxid;
    }

    /**
     * {@return the CAN id this channel transmits with} Without CAN_EFF_FLAG: 0x000-0x7FF or 0x00000000-0x1FFFFFFF;
     * derived in the fixed modes (0x18DA_TA_SA, 0x18CE_TA_SA; 0x18DB_TA_SA, 0x18CD_TA_SA when functional).
     */
    public int txid() {
        return txid;
    }

    /** {@return TA, 0x00-0xFF; empty in the modes that do not use it} */
    public OptionalInt targetAddress() {
        return optional(targetAddress);
    }

    /** {@return SA, 0x00-0xFF; empty in the modes that do not use it} */
    public OptionalInt sourceAddress() {
        return optional(sourceAddress);
    }

    /** {@return AE, 0x00-0xFF; empty in the modes that do not use it} */
    public OptionalInt addressExtension() {
        return optional(addressExtension);
    }

    /** {@return whether the transmit id is the functional (one-to-many) id of a fixed mode} */
    public boolean functional() {
        return functional;
    }

    /**
     * {@return the address byte written in front of every transmitted frame} The target address in the extended
     * modes, the address extension in the mixed modes (the kernel's ext_address); empty in the normal modes.
     */
    public OptionalInt txAddressByte() {
        switch (mode) {
            case EXTENDED_11:
            case EXTENDED_29:
                return optional(targetAddress);
            case MIXED_11:
            case MIXED_29:
                return optional(addressExtension);
            default:
                return OptionalInt.empty();
        }
    }

    /**
     * {@return the address byte expected in front of every received frame} The source address in the extended
     * modes, the address extension in the mixed modes (the kernel's rx_ext_address); empty in the normal modes.
     */
    public OptionalInt rxAddressByte() {
        switch (mode) {
            case EXTENDED_11:
            case EXTENDED_29:
                return optional(sourceAddress);
            case MIXED_11:
            case MIXED_29:
                return optional(addressExtension);
            default:
                return OptionalInt.empty();
        }
    }

    /** {@return a builder that starts from this address} */
    public Builder toBuilder() {
        Builder b = new Builder(mode);
        if (mode.idsGiven()) {
            b.rxid(rxid).txid(txid);
        }
        b.targetAddress = targetAddress;
        b.sourceAddress = sourceAddress;
        b.addressExtension = addressExtension;
        b.functional = functional;
        return b;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Address)) {
            return false;
        }
        Address a = (Address) o;
        return mode == a.mode && rxid == a.rxid && txid == a.txid && functional == a.functional
                && Objects.equals(targetAddress, a.targetAddress) && Objects.equals(sourceAddress, a.sourceAddress)
                && Objects.equals(addressExtension, a.addressExtension);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, rxid, txid, targetAddress, sourceAddress, addressExtension, functional);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(mode.name()).append("[rxid=").append(hex(rxid)).append(", txid=").append(hex(txid));
        if (targetAddress != null) {
            s.append(", targetAddress=").append(hex(targetAddress));
        }
        if (sourceAddress != null) {
            s.append(", sourceAddress=").append(hex(sourceAddress));
        }
        if (addressExtension != null) {
            s.append(", addressExtension=").append(hex(addressExtension));
        }
        if (functional) {
            s.append(", functional");
        }
        return s.append(']').toString();
    }

    private static String hex(int value) {
        return Hex.of(Integer.toUnsignedLong(value));
    }

    /** Builds an {@link Address} by name; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final AddressingMode mode;
        private Long rxid;
        private Long txid;
        private Integer targetAddress;
        private Integer sourceAddress;
        private Integer addressExtension;
        private boolean functional;

        private Builder(AddressingMode mode) {
            this.mode = mode;
        }

        /**
         * The CAN id to receive on (the peer's transmit id); in the modes with given ids only.
         *
         * @param rxid without CAN_EFF_FLAG: 0x000-0x7FF in 11-bit modes, 0x00000000-0x1FFFFFFF in 29-bit ones;
         *        checked by {@link #build()}
         * @return this builder
         */
        public Builder rxid(long rxid) {
            this.rxid = rxid;
            return this;
        }

        /**
         * The CAN id to transmit with (the peer's receive id); in the modes with given ids only.
         *
         * @param txid without CAN_EFF_FLAG: 0x000-0x7FF in 11-bit modes, 0x00000000-0x1FFFFFFF in 29-bit ones;
         *        checked by {@link #build()}
         * @return this builder
         */
        public Builder txid(long txid) {
            this.txid = txid;
            return this;
        }

        /**
         * TA: the peer's address byte (NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29, MIXED_29).
         *
         * @param targetAddress 0x00-0xFF; checked by {@link #build()}
         * @return this builder
         */
        public Builder targetAddress(int targetAddress) {
            this.targetAddress = targetAddress;
            return this;
        }

        /**
         * SA: this side's address byte (NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29, MIXED_29).
         *
         * @param sourceAddress 0x00-0xFF; checked by {@link #build()}
         * @return this builder
         */
        public Builder sourceAddress(int sourceAddress) {
            this.sourceAddress = sourceAddress;
            return this;
        }

        /**
         * AE: the address extension byte (MIXED_11, MIXED_29).
         *
         * @param addressExtension 0x00-0xFF; checked by {@link #build()}
         * @return this builder
         */
        public Builder addressExtension(int addressExtension) {
            this.addressExtension = addressExtension;
            return this;
        }

        /**
         * Transmit on the functional id of a fixed mode (0x18DB.... or 0x18CD....) instead of the physical one.
         *
         * @param functional true for the functional id (NORMAL_FIXED_29, MIXED_29 only); default false
         * @return this builder
         */
        public Builder functional(boolean functional) {
            this.functional = functional;
            return this;
        }

        /**
         * Checks the address with the shared validator; lists every problem at once.
         *
         * @return the address
         * @throws InvalidConfigurationException listing every problem: a missing mode, id or address byte, one the
         *         mode does not use, an id out of the mode's range, equal ids, a byte out of 0x00-0xFF
         */
        public Address build() {
            validator(false).throwIfInvalid();
            return new Address(this);
        }

        /** Builds without checking: only for callers that have run the validator on these values already. */
        Address buildValidated() {
            return new Address(this);
        }

        ConfigValidator validator(boolean broadcast) {
            return validateInto(new ConfigValidator(), broadcast);
        }

        ConfigValidator validateInto(ConfigValidator validator, boolean broadcast) {
            return validator.address(mode, rxid, txid, wide(targetAddress), wide(sourceAddress), wide(addressExtension),
                    functional, broadcast);
        }

        private static Long wide(Integer value) {
            return value == null ? null : value.longValue();
        }
    }
}
