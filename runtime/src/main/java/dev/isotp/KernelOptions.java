package dev.isotp;

import dev.isotp.internal.text.Hex;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The general options exactly as the kernel holds them ({@code struct can_isotp_options},
 * include/uapi/linux/can/isotp.h), read back from a socket: every flag, including the ones the socket sets for
 * addressing and forced STmin, and the raw bytes.
 *
 * @param flags every flag that is set
 * @param frameTxTimeNanos the gap between transmitted frames in ns (frame_txtime; 0 = the kernel's default 50 µs)
 * @param extAddress the address byte sent in front of each frame (with EXTEND_ADDR), 0x00-0xFF
 * @param txPadContent the byte transmitted frames are padded with (with TX_PADDING), 0x00-0xFF
 * @param rxPadContent the padding byte expected in received frames (with RX_PADDING and CHK_PAD_DATA), 0x00-0xFF
 * @param rxExtAddress the address byte expected in front of each received frame (with RX_EXT_ADDR), 0x00-0xFF
 */
public record KernelOptions(Set<IsoTpFlag> flags, long frameTxTimeNanos, int extAddress, int txPadContent,
        int rxPadContent, int rxExtAddress) {

    /**
     * The options as read from the kernel, taken as they are (not checked); keeps an unmodifiable copy of
     * {@code flags}.
     *
     * @param flags the flags set in {@code can_isotp_options.flags}
     * @param frameTxTimeNanos frame_txtime in ns, 0-4294967295
     * @param extAddress ext_address, 0x00-0xFF
     * @param txPadContent txpad_content, 0x00-0xFF
     * @param rxPadContent rxpad_content, 0x00-0xFF
     * @param rxExtAddress rx_ext_address, 0x00-0xFF
     */
    public KernelOptions {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(IsoTpFlag.class) : EnumSet.copyOf(flags));
    }

    /** {@return the options in the words of {@link GeneralOptions} (address bytes and forced STmin are left out)} */
    public GeneralOptions generalOptions() {
        return GeneralOptions.ofKernel(flags, frameTxTimeNanos, txPadContent, rxPadContent);
    }

    @Override
    public String toString() {
        return "KernelOptions[flags=" + flags + ", frameTxTimeNanos=" + frameTxTimeNanos + ", extAddress="
                + Hex.of(extAddress) + ", txPadContent=" + Hex.of(txPadContent) + ", rxPadContent=" + Hex.of(rxPadContent)
                + ", rxExtAddress=" + Hex.of(rxExtAddress) + "]";
    }
}
