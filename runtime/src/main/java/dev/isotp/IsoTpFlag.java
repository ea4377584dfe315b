package dev.isotp;

/**
 * The flags of the kernel's {@code can_isotp_options.flags}, with their bit and the kernel version that knows them.
 * Most are set for you by the configuration (padding, addressing, forced STmin); they are listed here so that the
 * values read back from a socket can be shown by name.
 */
public enum IsoTpFlag {
    LISTEN_MODE(0x0001, 5, 10),
    EXTEND_ADDR(0x0002, 5, 10),
    TX_PADDING(0x0004, 5, 10),
    RX_PADDING(0x0008, 5, 10),
    CHK_PAD_LEN(0x0010, 5, 10),
    CHK_PAD_DATA(0x0020, 5, 10),
    HALF_DUPLEX(0x0040, 5, 10),
    FORCE_TXSTMIN(0x0080, 5, 10),
    FORCE_RXSTMIN(0x0100, 5, 10),
    RX_EXT_ADDR(0x0200, 5, 10),
    WAIT_TX_DONE(0x0400, 5, 10),
    SF_BROADCAST(0x0800, 5, 11),
    CF_BROADCAST(0x1000, 5, 19),
    DYN_FC_PARMS(0x2000, 6, 9);

    private final int bit;
    private final int sinceMajor;
    private final int sinceMinor;

    IsoTpFlag(int bit, int sinceMajor, int sinceMinor) {
        this.bit = bit;
        this.sinceMajor = sinceMajor;
        this.sinceMinor = sinceMinor;
    }

    /** The flag's bit in {@code can_isotp_options.flags}. */
    public int bit() {
        return bit;
    }

    /** The first kernel version that honours the flag, as "major.minor". */
    public String since() {
        return sinceMajor + "." + sinceMinor;
    }

    /** True if a kernel of the given version honours this flag (older kernels store it but ignore it). */
    public boolean knownTo(int major, int minor) {
        return major > sinceMajor || (major == sinceMajor && minor >= sinceMinor);
    }

    /** The flags whose bits are set in {@code flags}. */
    public static java.util.Set<IsoTpFlag> decode(int flags) {
        java.util.EnumSet<IsoTpFlag> set = java.util.EnumSet.noneOf(IsoTpFlag.class);
        for (IsoTpFlag f : values()) {
            if ((flags & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** The bits of the given flags, or-ed together. */
    public static int encode(Iterable<IsoTpFlag> flags) {
        int bits = 0;
        for (IsoTpFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }
}
