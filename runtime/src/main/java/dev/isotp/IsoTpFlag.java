package dev.isotp;

/**
 * The flags of the kernel's {@code can_isotp_options.flags}, with their bit and the kernel version that knows them.
 * Most are set for you by the configuration (padding, addressing, forced STmin); they are listed here so that the
 * values read back from a socket can be shown by name. Bits and meanings are those of the kernel's
 * {@code include/uapi/linux/can/isotp.h} ({@code CAN_ISOTP_<NAME>}) and {@code Documentation/networking/iso15765-2.rst};
 * the versions are those of mainline Linux.
 */
public enum IsoTpFlag {
    /** 0x0001: listen only, never send a flow control (Linux 5.10). */
    LISTEN_MODE(0x0001, 5, 10),
    /** 0x0002: every transmitted frame starts with ext_address (Linux 5.10). */
    EXTEND_ADDR(0x0002, 5, 10),
    /** 0x0004: pad transmitted frames with txpad_content (Linux 5.10). */
    TX_PADDING(0x0004, 5, 10),
    /** 0x0008: received frames are expected padded with rxpad_content (Linux 5.10). */
    RX_PADDING(0x0008, 5, 10),
    /** 0x0010: check the length of received frames, padded or optimal (Linux 5.10). */
    CHK_PAD_LEN(0x0010, 5, 10),
    /** 0x0020: check the padding bytes of received frames against rxpad_content (Linux 5.10). */
    CHK_PAD_DATA(0x0020, 5, 10),
    /** 0x0040: send and receive one at a time, never both (Linux 5.10). */
    HALF_DUPLEX(0x0040, 5, 10),
    /** 0x0080: use the TX_STMIN option instead of the peer's STmin (Linux 5.10). */
    FORCE_TXSTMIN(0x0080, 5, 10),
    /** 0x0100: ignore consecutive frames closer than the RX_STMIN option (Linux 5.10). */
    FORCE_RXSTMIN(0x0100, 5, 10),
    /** 0x0200: received frames start with rx_ext_address instead of ext_address (Linux 5.10). */
    RX_EXT_ADDR(0x0200, 5, 10),
    /** 0x0400: a send returns only once the whole PDU has left (Linux 5.10). */
    WAIT_TX_DONE(0x0400, 5, 10),
    /** 0x0800: 1-to-N functional addressing, single frames only (Linux 5.11). */
    SF_BROADCAST(0x0800, 5, 11),
    /** 0x1000: 1-to-N transmission without flow control; not in ISO 15765-2 (Linux 5.19). */
    CF_BROADCAST(0x1000, 5, 19),
    /** 0x2000: take BS and STmin from every flow control, not only the first (Linux 6.9). */
    DYN_FC_PARMS(0x2000, 6, 9);

    private final int bit;
    private final int sinceMajor;
    private final int sinceMinor;

    IsoTpFlag(int bit, int sinceMajor, int sinceMinor) {
        this.bit = bit;
        this.sinceMajor = sinceMajor;
        this.sinceMinor = sinceMinor;
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
