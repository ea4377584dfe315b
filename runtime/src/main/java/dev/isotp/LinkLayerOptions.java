package dev.isotp;

import dev.isotp.validation.ConfigValidator;

/**
 * The link layer: classic CAN (8-byte frames) or CAN FD (up to 64 bytes), the data length of transmitted frames and
 * the bit rate switch (the kernel's {@code can_isotp_ll_options}).
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
     * CAN FD frames of the given data length (8, 12, 16, 20, 24, 32, 48 or 64), with or without bit rate switch. The
     * interface must have MTU 72 ({@code ip link set IFACE mtu 72}).
     */
    public static LinkLayerOptions canFd(int txDataLength, boolean bitRateSwitch) {
        return of(true, txDataLength, bitRateSwitch);
    }

    /** Any combination, checked: classic CAN takes only data length 8 and no bit rate switch. */
    public static LinkLayerOptions of(boolean canFd, int txDataLength, boolean bitRateSwitch) {
        new ConfigValidator().linkLayer(canFd, txDataLength, bitRateSwitch).throwIfInvalid();
        return new LinkLayerOptions(canFd, txDataLength, bitRateSwitch);
    }

    /** Values read back from the kernel, not checked. */
    static LinkLayerOptions asIs(boolean canFd, int txDataLength, boolean bitRateSwitch) {
        return new LinkLayerOptions(canFd, txDataLength, bitRateSwitch);
    }

    public boolean canFd() {
        return canFd;
    }

    public int txDataLength() {
        return txDataLength;
    }

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
