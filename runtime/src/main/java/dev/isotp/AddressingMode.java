package dev.isotp;

/**
 * The seven addressing modes of ISO 15765-2, as the Linux socket expresses them (29-bit ids with CAN_EFF_FLAG, the
 * address byte of the extended and mixed modes with the kernel's EXTEND_ADDR and RX_EXT_ADDR flags).
 *
 * <p>Which ids and address bytes a mode needs, and how they reach the kernel, is described on each constant and
 * enforced by the validator; {@link Address} turns a mode and its values into the ids and extension bytes of the
 * socket.
 */
public enum AddressingMode {
    /** 11-bit CAN ids, given as {@code rxid} and {@code txid} (0x000-0x7FF). */
    NORMAL_11(false, IdSource.GIVEN, false, false),
    /** 29-bit CAN ids, given as {@code rxid} and {@code txid} (0x00000000-0x1FFFFFFF). */
    NORMAL_29(true, IdSource.GIVEN, false, false),
    /**
     * 29-bit ids derived from {@code targetAddress} and {@code sourceAddress}: transmit 0x18DA_TA_SA, receive
     * 0x18DA_SA_TA (0x18DB_TA_SA when functional).
     */
    NORMAL_FIXED_29(true, IdSource.FIXED_0x18DA, true, false),
    /** 11-bit ids plus a target address byte in front of every frame: {@code targetAddress} out, {@code sourceAddress} in. */
    EXTENDED_11(false, IdSource.GIVEN, true, false),
    /** 29-bit ids plus a target address byte in front of every frame: {@code targetAddress} out, {@code sourceAddress} in. */
    EXTENDED_29(true, IdSource.GIVEN, true, false),
    /** 11-bit ids plus the address extension byte {@code addressExtension} in front of every frame, both ways. */
    MIXED_11(false, IdSource.GIVEN, false, true),
    /**
     * 29-bit ids derived from {@code targetAddress} and {@code sourceAddress} (transmit 0x18CE_TA_SA, receive
     * 0x18CE_SA_TA, 0x18CD_TA_SA when functional) plus the {@code addressExtension} byte in every frame.
     */
    MIXED_29(true, IdSource.FIXED_0x18CE, true, true);

    /** Where the CAN ids of a mode come from. */
    enum IdSource {
        GIVEN(0, 0),
        FIXED_0x18DA(0x18DA0000, 0x18DB0000),
        FIXED_0x18CE(0x18CE0000, 0x18CD0000);

        final int physicalBase;
        final int functionalBase;

        IdSource(int physicalBase, int functionalBase) {
            this.physicalBase = physicalBase;
            this.functionalBase = functionalBase;
        }
    }

    private final boolean extendedIds;
    private final IdSource idSource;
    private final boolean usesTargetAndSource;
    private final boolean usesAddressExtension;

    AddressingMode(boolean extendedIds, IdSource idSource, boolean usesTargetAndSource, boolean usesAddressExtension) {
        this.extendedIds = extendedIds;
        this.idSource = idSource;
        this.usesTargetAndSource = usesTargetAndSource;
        this.usesAddressExtension = usesAddressExtension;
    }

    /** {@return whether the mode uses 29-bit CAN ids (the socket then sets CAN_EFF_FLAG on both ids)} */
    public boolean extendedIds() {
        return extendedIds;
    }

    /** {@return whether {@code rxid} and {@code txid} are given; false where they follow from TA and SA} */
    public boolean idsGiven() {
        return idSource == IdSource.GIVEN;
    }

    /** {@return whether the mode needs {@code targetAddress} and {@code sourceAddress}} */
    public boolean usesTargetAndSource() {
        return usesTargetAndSource;
    }

    /** {@return whether the mode needs {@code addressExtension}} */
    public boolean usesAddressExtension() {
        return usesAddressExtension;
    }

    /** {@return whether every frame starts with an address byte (the kernel's EXTEND_ADDR and RX_EXT_ADDR flags)} */
    public boolean extendedAddressing() {
        return this == EXTENDED_11 || this == EXTENDED_29 || this == MIXED_11 || this == MIXED_29;
    }

    /** {@return whether the functional (one-to-many) variant of the derived ids exists} */
    public boolean hasFunctionalIds() {
        return idSource != IdSource.GIVEN;
    }

    IdSource idSource() {
        return idSource;
    }
}
