package dev.isotp;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The general options exactly as the kernel holds them ({@code can_isotp_options}), read back from a socket: every
 * flag, including the ones the socket sets for addressing and forced STmin, and the raw bytes.
 */
public final class KernelOptions {
    private final Set<IsoTpFlag> flags;
    private final long frameTxTimeNanos;
    private final int extAddress;
    private final int txPadContent;
    private final int rxPadContent;
    private final int rxExtAddress;

    /**
     * The options as read from the kernel; the values are taken as they are, not checked.
     *
     * @param flags the flags set in {@code can_isotp_options.flags}
     * @param frameTxTimeNanos frame_txtime in ns, 0-4294967295
     * @param extAddress ext_address, 0x00-0xFF
     * @param txPadContent txpad_content, 0x00-0xFF
     * @param rxPadContent rxpad_content, 0x00-0xFF
     * @param rxExtAddress rx_ext_address, 0x00-0xFF
     * @throws NullPointerException if {@code flags} is null
     */
    public KernelOptions(Set<IsoTpFlag> flags, long frameTxTimeNanos, int extAddress, int txPadContent,
            int rxPadContent, int rxExtAddress) {
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(IsoTpFlag.class) : EnumSet.copyOf(flags));
        this.frameTxTimeNanos = frameTxTimeNanos;
        this.extAddress = extAddress;
        this.txPadContent = txPadContent;
        this.rxPadContent = rxPadContent;
        this.rxExtAddress = rxExtAddress;
    }

    /** {@return every flag set, unmodifiable} */
    public Set<IsoTpFlag> flags() {
        return flags;
    }

    /** {@return frame_txtime in ns, 0-4294967295, as the kernel holds it} */
    public long frameTxTimeNanos() {
        return frameTxTimeNanos;
    }

    /** {@return ext_address: the address byte sent in front of each frame (with EXTEND_ADDR), 0x00-0xFF} */
    public int extAddress() {
        return extAddress;
    }

    /** {@return txpad_content, 0x00-0xFF: the padding byte of transmitted frames (used with TX_PADDING)} */
    public int txPadContent() {
        return txPadContent;
    }

    /** {@return rxpad_content, 0x00-0xFF: the padding byte expected in received frames (used with RX_PADDING)} */
    public int rxPadContent() {
        return rxPadContent;
    }

    /** {@return rx_ext_address: the address byte expected in front of each received frame (with RX_EXT_ADDR)} */
    public int rxExtAddress() {
        return rxExtAddress;
    }

    /** {@return the options in the words of {@link GeneralOptions}} Address bytes and forced STmin are left out. */
    public GeneralOptions generalOptions() {
        GeneralOptions.Builder b = GeneralOptions.builder()
                .checkPaddingLength(flags.contains(IsoTpFlag.CHK_PAD_LEN))
                .checkPaddingData(flags.contains(IsoTpFlag.CHK_PAD_DATA))
                .halfDuplex(flags.contains(IsoTpFlag.HALF_DUPLEX))
                .waitTxDone(flags.contains(IsoTpFlag.WAIT_TX_DONE))
                .listenMode(flags.contains(IsoTpFlag.LISTEN_MODE))
                .sfBroadcast(flags.contains(IsoTpFlag.SF_BROADCAST))
                .cfBroadcast(flags.contains(IsoTpFlag.CF_BROADCAST))
                .dynamicFlowControl(flags.contains(IsoTpFlag.DYN_FC_PARMS))
                .frameTxTimeNanos(frameTxTimeNanos);
        if (flags.contains(IsoTpFlag.TX_PADDING)) {
            b.txPadding(txPadContent);
        }
        if (flags.contains(IsoTpFlag.RX_PADDING)) {
            b.rxPadding(rxPadContent);
        }
        return b.buildValidated();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "KernelOptions[flags=%s, frameTxTimeNanos=%d, extAddress=0x%02X, txPadContent=0x%02X, "
                + "rxPadContent=0x%02X, rxExtAddress=0x%02X]", flags, frameTxTimeNanos, extAddress, txPadContent,
                rxPadContent, rxExtAddress);
    }
}
