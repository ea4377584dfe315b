package dev.isotp;

import dev.isotp.internal.text.Hex;
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

    public KernelOptions(Set<IsoTpFlag> flags, long frameTxTimeNanos, int extAddress, int txPadContent,
            int rxPadContent, int rxExtAddress) {
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(IsoTpFlag.class) : EnumSet.copyOf(flags));
        this.frameTxTimeNanos = frameTxTimeNanos;
        this.extAddress = extAddress;
        this.txPadContent = txPadContent;
        this.rxPadContent = rxPadContent;
        this.rxExtAddress = rxExtAddress;
    }

    public Set<IsoTpFlag> flags() {
        return flags;
    }

    public long frameTxTimeNanos() {
        return frameTxTimeNanos;
    }

    /** The address byte sent in front of each frame (with EXTEND_ADDR). */
    public int extAddress() {
        return extAddress;
    }

    public int txPadContent() {
        return txPadContent;
    }

    public int rxPadContent() {
        return rxPadContent;
    }

    /** The address byte expected in front of each received frame (with RX_EXT_ADDR). */
    public int rxExtAddress() {
        return rxExtAddress;
    }

    /** The options in the words of {@link GeneralOptions} (address bytes and forced STmin are left out). */
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
        return "KernelOptions[flags=" + flags + ", frameTxTimeNanos=" + frameTxTimeNanos + ", extAddress="
                + Hex.of(extAddress) + ", txPadContent=" + Hex.of(txPadContent) + ", rxPadContent=" + Hex.of(rxPadContent)
                + ", rxExtAddress=" + Hex.of(rxExtAddress) + "]";
    }
}
