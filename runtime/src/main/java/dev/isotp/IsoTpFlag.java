package dev.isotp;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.validation.Attribute;
import java.util.function.Function;

/**
 * The flags of the kernel's {@code can_isotp_options.flags}, with their bit and the kernel version that knows them.
 * Most are set for you by the configuration (padding, addressing, forced STmin); they are listed here so that the
 * values read back from a socket can be shown by name. Bits and meanings are those of the kernel's
 * {@code include/uapi/linux/can/isotp.h} ({@code CAN_ISOTP_<NAME>}) and {@code Documentation/networking/iso15765-2.rst};
 * the versions are those of mainline Linux.
 */
public enum IsoTpFlag {
    /** 0x0001: listen only, never send a flow control (Linux 5.10). */
    LISTEN_MODE(KernelAbi.CAN_ISOTP_LISTEN_MODE, 5, 10, Attribute.LISTEN_MODE),
    /** 0x0002: every transmitted frame starts with ext_address (Linux 5.10). */
    EXTEND_ADDR(KernelAbi.CAN_ISOTP_EXTEND_ADDR, 5, 10, null),
    /** 0x0004: pad transmitted frames with txpad_content (Linux 5.10). */
    TX_PADDING(KernelAbi.CAN_ISOTP_TX_PADDING, 5, 10, Attribute.TX_PADDING),
    /** 0x0008: received frames are expected padded with rxpad_content (Linux 5.10). */
    RX_PADDING(KernelAbi.CAN_ISOTP_RX_PADDING, 5, 10, Attribute.RX_PADDING),
    /** 0x0010: check the length of received frames, padded or optimal (Linux 5.10). */
    CHK_PAD_LEN(KernelAbi.CAN_ISOTP_CHK_PAD_LEN, 5, 10, Attribute.CHECK_PADDING_LENGTH),
    /** 0x0020: check the padding bytes of received frames against rxpad_content (Linux 5.10). */
    CHK_PAD_DATA(KernelAbi.CAN_ISOTP_CHK_PAD_DATA, 5, 10, Attribute.CHECK_PADDING_DATA),
    /** 0x0040: send and receive one at a time, never both (Linux 5.10). */
    HALF_DUPLEX(KernelAbi.CAN_ISOTP_HALF_DUPLEX, 5, 10, Attribute.HALF_DUPLEX),
    /** 0x0080: use the TX_STMIN option instead of the peer's STmin (Linux 5.10). */
    FORCE_TXSTMIN(KernelAbi.CAN_ISOTP_FORCE_TXSTMIN, 5, 10, Attribute.TX_STMIN_NANOS),
    /** 0x0100: ignore consecutive frames closer than the RX_STMIN option (Linux 5.10). */
    FORCE_RXSTMIN(KernelAbi.CAN_ISOTP_FORCE_RXSTMIN, 5, 10, Attribute.RX_STMIN_NANOS),
    /** 0x0200: received frames start with rx_ext_address instead of ext_address (Linux 5.10). */
    RX_EXT_ADDR(KernelAbi.CAN_ISOTP_RX_EXT_ADDR, 5, 10, null),
    /** 0x0400: a send returns only once the whole PDU has left (Linux 5.10). */
    WAIT_TX_DONE(KernelAbi.CAN_ISOTP_WAIT_TX_DONE, 5, 10, Attribute.WAIT_TX_DONE),
    /** 0x0800: 1-to-N functional addressing, single frames only (Linux 5.11). */
    SF_BROADCAST(KernelAbi.CAN_ISOTP_SF_BROADCAST, 5, 11, Attribute.SF_BROADCAST),
    /** 0x1000: 1-to-N transmission without flow control; not in ISO 15765-2 (Linux 5.19). */
    CF_BROADCAST(KernelAbi.CAN_ISOTP_CF_BROADCAST, 5, 19, Attribute.CF_BROADCAST),
    /** 0x2000: take BS and STmin from every flow control, not only the first (Linux 6.9). */
    DYN_FC_PARMS(KernelAbi.CAN_ISOTP_DYN_FC_PARMS, 6, 9, Attribute.DYNAMIC_FLOW_CONTROL);

    private final int bit;
    private final int sinceMajor;
    private final int sinceMinor;
    /**
     * The attribute that turns the flag on: a flag attribute when true, a number attribute when set (a padding
     * byte, a forced STmin); null for the address flags, which come from the {@link Address} at bind. This column
     * is the one place where a channel's attributes become the kernel's flags, and back.
     */
    private final Attribute option;

    IsoTpFlag(int bit, int sinceMajor, int sinceMinor, Attribute option) {
        this.bit = bit;
        this.sinceMajor = sinceMajor;
        this.sinceMinor = sinceMinor;
        this.option = option;
    }

    /** {@return the flag that {@code option} turns on, or null where it turns on none} */
    static IsoTpFlag of(Attribute option) {
        for (IsoTpFlag f : values()) {
            if (f.option == option) {
                return f;
            }
        }
        return null;
    }

    /** {@return the attribute that turns this flag on, or null for the address flags} */
    Attribute option() {
        return option;
    }

    /** {@return whether {@code values} turn this flag on} False for the address flags. */
    boolean isOn(Function<Attribute, Object> values) {
        if (option == null) {
            return false;
        }
        Object value = values.apply(option);
        return option.kind() == Attribute.Kind.FLAG ? Boolean.TRUE.equals(value) : value != null;
    }

    /**
     * {@return the bits of every flag that {@code values} turn on} The flags of the attributes in {@code among}
     * only.
     */
    static int encode(Function<Attribute, Object> values, java.util.Set<Attribute> among) {
        int bits = 0;
        for (IsoTpFlag f : values()) {
            if (f.option != null && among.contains(f.option) && f.isOn(values)) {
                bits |= f.bit;
            }
        }
        return bits;
    }

    /** {@return the flag's bit in {@code can_isotp_options.flags}} */
    public int bit() {
        return bit;
    }

    /** {@return the first kernel version that honours the flag, as "major.minor", e.g. "5.19"} */
    public String since() {
        return sinceMajor + "." + sinceMinor;
    }

    /**
     * Whether a kernel of the given version honours this flag (older kernels store it but ignore it).
     *
     * @param major the kernel's major version, e.g. 6
     * @param minor the kernel's minor version, e.g. 1
     * @return true if that kernel is {@link #since()} or newer
     */
    public boolean knownTo(int major, int minor) {
        return major > sinceMajor || (major == sinceMajor && minor >= sinceMinor);
    }

    /**
     * The flags whose bits are set in {@code flags}; bits that name no flag are left out.
     *
     * @param flags the value of {@code can_isotp_options.flags}
     * @return a new, modifiable set
     */
    public static java.util.Set<IsoTpFlag> decode(int flags) {
        java.util.EnumSet<IsoTpFlag> set = java.util.EnumSet.noneOf(IsoTpFlag.class);
        for (IsoTpFlag f : values()) {
            if ((flags & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /**
     * The bits of the given flags, or-ed together.
     *
     * @param flags the flags
     * @return the value for {@code can_isotp_options.flags}
     * @throws NullPointerException if {@code flags} is or holds null
     */
    public static int encode(Iterable<IsoTpFlag> flags) {
        int bits = 0;
        for (IsoTpFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }
}
