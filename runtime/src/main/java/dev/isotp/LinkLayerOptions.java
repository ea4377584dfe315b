package dev.isotp;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;

/**
 * The link layer: classic CAN (8-byte frames) or CAN FD (up to 64 bytes), the data length of transmitted frames and
 * the bit rate switch (the kernel's {@code can_isotp_ll_options}, {@code include/uapi/linux/can/isotp.h}). A socket
 * receives only frames of its own kind: a CAN FD socket only CAN FD frames, a classic one only classic frames.
 *
 * <pre>{@code LinkLayerOptions.canFd(64, true);}</pre>
 */
public final class LinkLayerOptions {
    /** Classic CAN: 8-byte frames (the kernel's default). */
    public static final LinkLayerOptions CLASSIC = new LinkLayerOptions(false, 8, false);

    private final boolean canFd;
    private final int txDataLength;
    private final boolean bitRateSwitch;

    private LinkLayerOptions(boolean canFd, int txDataLength, boolean bitRateSwitch) {
        this.canFd = canFd;
        this.txDataLength = txDataLength;
        this.bitRateSwitch = bitRateSwitch;
    }

    /**
     * CAN FD frames of the given data length, with or without bit rate switch. The interface must have MTU 72
     * ({@code ip link set IFACE mtu 72}), else bind fails with {@link InterfaceMtuException}.
     *
     * @param txDataLength the data length of transmitted frames: 8, 12, 16, 20, 24, 32, 48 or 64
     * @param bitRateSwitch true to send the data phase at the data bit rate (CANFD_BRS)
     * @return the options
     * @throws InvalidConfigurationException if {@code txDataLength} is not one of those lengths
     */
    public static LinkLayerOptions canFd(int txDataLength, boolean bitRateSwitch) {
        return of(true, txDataLength, bitRateSwitch);
    }

    /**
     * Any combination, checked: classic CAN takes only data length 8 and no bit rate switch.
     *
     * @param canFd true for CAN FD (mtu 72), false for classic CAN (mtu 16)
     * @param txDataLength 8 on classic CAN; 8, 12, 16, 20, 24, 32, 48 or 64 on CAN FD
     * @param bitRateSwitch CANFD_BRS; CAN FD only
     * @return the options
     * @throws InvalidConfigurationException listing every problem: a data length that is not one of those, one
     *         above 8 or a bit rate switch on classic CAN
     */
    public static LinkLayerOptions of(boolean canFd, int txDataLength, boolean bitRateSwitch) {
        InvalidConfigurationException.throwIfAny(new ConfigValidator().linkLayer(canFd, txDataLength, bitRateSwitch));
        return new LinkLayerOptions(canFd, txDataLength, bitRateSwitch);
    }

    /** Values read back from the kernel, not checked. */
    /** The attributes these options are a view of: the channel's attributes of {@code can_isotp_ll_options}. */
    static final java.util.Set<Attribute> ATTRIBUTES = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(Attribute.CAN_FD, Attribute.TX_DATA_LENGTH, Attribute.BIT_RATE_SWITCH));

    /** The link layer that {@code values} hold, as they are (judged by the caller). */
    static LinkLayerOptions of(java.util.function.Function<Attribute, Object> values) {
        return asIs((Boolean) values.apply(Attribute.CAN_FD), ((Long) values.apply(Attribute.TX_DATA_LENGTH)).intValue(),
                (Boolean) values.apply(Attribute.BIT_RATE_SWITCH));
    }

    /** {@return the value of {@code attribute}, one of {@link #ATTRIBUTES}} */
    Object get(Attribute attribute) {
        return attribute == Attribute.CAN_FD ? canFd : attribute == Attribute.BIT_RATE_SWITCH ? (Object) bitRateSwitch
                : (Object) (long) txDataLength;
    }

    static LinkLayerOptions asIs(boolean canFd, int txDataLength, boolean bitRateSwitch) {
        return new LinkLayerOptions(canFd, txDataLength, bitRateSwitch);
    }

    /** {@return whether frames are CAN FD (mtu 72) rather than classic CAN (mtu 16)} */
    public boolean canFd() {
        return canFd;
    }

    /** {@return the data length of transmitted frames in bytes: 8, or on CAN FD 8-64 (tx_dl)} */
    public int txDataLength() {
        return txDataLength;
    }

    /** {@return whether CAN FD frames are sent with the bit rate switch (CANFD_BRS)} */
    public boolean bitRateSwitch() {
        return bitRateSwitch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkLayerOptions && ((LinkLayerOptions) o).canFd == canFd
                && ((LinkLayerOptions) o).txDataLength == txDataLength && ((LinkLayerOptions) o).bitRateSwitch == bitRateSwitch;
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(canFd) * 31 + txDataLength) * 31 + Boolean.hashCode(bitRateSwitch);
    }

    @Override
    public String toString() {
        return canFd ? "LinkLayerOptions[CAN FD, txDataLength=" + txDataLength + (bitRateSwitch ? ", bit rate switch]" : "]")
                : "LinkLayerOptions[classic CAN]";
    }
}
