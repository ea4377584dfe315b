package dev.isotp.validation;

/**
 * Every rule the validator enforces, with the one wording of its message. {@code %1$s} is the attribute's name and
 * {@code %2$s} the offending value; further arguments are named on the rule.
 *
 * <p>{@link #verdict()} says how the kernel itself treats a configuration that breaks the rule, so that a comparison
 * with a real kernel knows which refusals are the validator's own, stricter choice. Where the kernel's check depends
 * on the value itself (ids), {@link Problem#verdict()} gives the verdict on that value.
 */
public enum Rule {
    /** No interface name. */
    IFACE_MISSING(KernelVerdict.REFUSES,
            "%1$s is missing: name the CAN interface, e.g. \"vcan0\" or \"can0\""),
    /**
     * An interface name longer than 15 characters (IFNAMSIZ less its NUL), with a character other than printable
     * ASCII or with '/', ':' or space, or "." or "..".
     */
    IFACE_INVALID(KernelVerdict.REFUSES,
            "%1$s %2$s is not a valid interface name: use {IFACE_NAME_LENGTH} printable ASCII characters other than '/', ':' and space, and not \".\" or \"..\""),
    /** No addressing mode. */
    MODE_MISSING(KernelVerdict.LIBRARY,
            "%1$s is missing: choose one of NORMAL_11, NORMAL_29, NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29, MIXED_11, MIXED_29"),
    /** %3$s: the mode. The kernel has no missing id: a zeroed sockaddr_can binds id 0, which it takes. */
    ID_MISSING(KernelVerdict.LIBRARY,
            "%1$s is missing: %3$s needs both rxid and txid"),
    /**
     * %3$s: the mode. The kernel refuses such an id, with two exceptions that {@link Problem#verdict()} states: a
     * 32-bit value with CAN_EFF_FLAG and no other flag bit, which it takes as a 29-bit id (MISUSES: the channel would
     * not be 11-bit), and a receive id next to a broadcast flag, which it ignores (MISUSES).
     */
    ID_NOT_11_BIT(KernelVerdict.REFUSES,
            "%1$s %2$s does not fit an 11-bit CAN id (%3$s): use {ID_11_BIT}, or a 29-bit mode such as NORMAL_29 for larger ids"),
    /**
     * %3$s: the mode. The kernel refuses such an id, with two exceptions that {@link Problem#verdict()} states: a
     * 32-bit value with CAN_EFF_FLAG and no other flag bit, which is the same id written with the flag the mode sets
     * anyway (LIBRARY), and a receive id next to a broadcast flag, which it ignores (MISUSES).
     */
    ID_NOT_29_BIT(KernelVerdict.REFUSES,
            "%1$s %2$s does not fit a 29-bit CAN id (%3$s): use {ID_29_BIT}, without CAN_EFF_FLAG (the mode sets it)"),
    /** %3$s: the mode. */
    ID_DERIVED(KernelVerdict.LIBRARY,
            "%1$s %2$s is not used by %3$s: its CAN ids are derived from targetAddress and sourceAddress, leave %1$s unset"),
    /** rxid equals txid without a broadcast flag (the kernel refuses it with EADDRNOTAVAIL). */
    IDS_EQUAL(KernelVerdict.REFUSES,
            "%1$s %2$s equals rxid: a channel receives and transmits on different CAN ids (the kernel refuses equal ids with EADDRNOTAVAIL)"),
    /** %3$s: the mode. */
    ADDRESSES_EQUAL(KernelVerdict.REFUSES,
            "%1$s %2$s equals targetAddress: %3$s derives the receive and transmit ids from both, so they would be the same CAN id (the kernel refuses equal ids with EADDRNOTAVAIL); use different addresses"),
    /** %3$s: the mode. */
    ADDRESS_BYTE_MISSING(KernelVerdict.LIBRARY,
            "%1$s is missing: %3$s needs it (a byte, {BYTE_HEX})"),
    /** %3$s: the mode. */
    ADDRESS_BYTE_NOT_USED(KernelVerdict.LIBRARY,
            "%1$s %2$s is not used by %3$s: leave it unset, or choose a mode that uses it"),
    /** %3$s: the mode. */
    FUNCTIONAL_NOT_USED(KernelVerdict.LIBRARY,
            "%1$s is only meaningful where the ids are derived (NORMAL_FIXED_29, MIXED_29), not in %3$s: give txid the functional id instead"),
    /** An address or padding byte outside 0x00-0xFF. */
    BYTE_OUT_OF_RANGE(KernelVerdict.REFUSES,
            "%1$s %2$s does not fit in a byte: use {BYTE_HEX}"),
    /** %3$s: what the count means. */
    COUNT_OUT_OF_RANGE(KernelVerdict.REFUSES,
            "%1$s %2$s does not fit in a byte: use {BYTE_DECIMAL} (%3$s)"),
    /** An STmin outside a byte. */
    STMIN_OUT_OF_RANGE(KernelVerdict.REFUSES,
            "%1$s %2$s does not fit in a byte: use {STMIN}"),
    /**
     * A reserved STmin byte, 0x80-0xF0 or 0xFA-0xFF: the kernel would send it unchecked, and a sender that receives
     * it uses 0x7F (127 ms) instead (ISO 15765-2).
     */
    STMIN_RESERVED(KernelVerdict.MISUSES,
            "%1$s %2$s is reserved: use {STMIN}"),
    /** A nanosecond value outside the u32 the kernel takes. */
    NANOS_OUT_OF_RANGE(KernelVerdict.REFUSES,
            "%1$s %2$s is out of range: use {NANOS} ns (a 32-bit unsigned value)"),
    /** sfBroadcast together with cfBroadcast (the kernel refuses it with EINVAL). */
    BROADCAST_BOTH(KernelVerdict.REFUSES,
            "%1$s cannot be combined with sfBroadcast: the kernel allows one broadcast mode per socket, set only one of them"),
    /** checkPaddingData without rxPadding (the kernel then refuses every received frame). */
    PADDING_CHECK_WITHOUT_RX_PADDING(KernelVerdict.MISUSES,
            "%1$s needs rxPadding: without an expected padding byte the kernel cannot compare the padding and refuses every received frame as malformed (EBADMSG; with checkPaddingLength it checks only the length), set rxPadding (e.g. 0xCC)"),
    /** %3$s: the allowed lengths. */
    TX_DATA_LENGTH_INVALID(KernelVerdict.REFUSES,
            "%1$s %2$s is not a CAN frame data length: use one of %3$s"),
    /** A data length above 8 on classic CAN (the kernel refuses it with EINVAL). */
    TX_DATA_LENGTH_NEEDS_CAN_FD(KernelVerdict.REFUSES,
            "%1$s %2$s needs CAN FD: classic CAN frames carry {CLASSIC_DATA_LENGTH} bytes, use {CLASSIC_DATA_LENGTH} or set canFd = true"),
    /** The bit rate switch on classic CAN (the kernel refuses it with EINVAL). */
    BIT_RATE_SWITCH_NEEDS_CAN_FD(KernelVerdict.REFUSES,
            "%1$s needs CAN FD: classic CAN has no bit rate switch, set canFd = true or turn %1$s off"),
    /** A receive timeout outside 0-2147483647 ms. */
    TIMEOUT_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {TIMEOUT_MILLIS} ms (0 waits without limit)"),
    /** %3$s: the largest size. */
    BUFFER_SIZE_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use 1-%3$s bytes, or 0 for the kernel's largest PDU"),
    /** A UDS setting on a channel that does not speak UDS. */
    UDS_SETTING_WITHOUT_UDS(KernelVerdict.LIBRARY,
            "%1$s %2$s is a UDS setting, but the channel does not speak UDS: annotate the interface with @UdsChannel (or set uds(true)), or leave %1$s unset"),
    /** P2 outside what a session answer can say. */
    P2_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {P2_MILLIS} ms (P2server_max, a 16-bit count of 1 ms in ISO 14229)"),
    /** P2* outside what a session answer can say. */
    P2_STAR_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {P2_STAR_MILLIS} ms (P2*server_max, a 16-bit count of 10 ms in ISO 14229)"),
    /** A TesterPresent interval the server's S3 would not wait for. */
    TESTER_PRESENT_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {TESTER_PRESENT_MILLIS} ms, below S3server's {S3_SERVER_MILLIS} ms after which the ECU leaves its session, or 0 to send no TesterPresent"),
    /** The allowance for an answer's transfer out of range. */
    ALLOWANCE_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {TIMEOUT_MILLIS} ms, added to P2 and P2* for the answer's own transfer"),
    /** A bound on "response pending" answers out of range. */
    PENDING_ANSWERS_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {PENDING_ANSWERS} response-pending answers (0 = no count: requestTimeoutMillis alone bounds the wait)"),
    /** Repeats after busyRepeatRequest out of range. */
    BUSY_REPEATS_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {BUSY_REPEATS} repeats of a request the ECU refused with 0x21 busyRepeatRequest (0 = never repeat)"),
    /** A declared sub-function service that is no service identifier. */
    SERVICE_ID_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s holds %2$s, which is not a service identifier: use {BYTE_HEX}"),
    /** The delay before such a repeat out of range. */
    BUSY_REPEAT_DELAY_OUT_OF_RANGE(KernelVerdict.LIBRARY,
            "%1$s %2$s is out of range: use {BUSY_REPEAT_DELAY_MILLIS} ms before a request refused with 0x21 busyRepeatRequest is sent again");

    /** How the kernel treats a configuration that breaks a rule. */
    public enum KernelVerdict {
        /** The kernel refuses it too (setsockopt, bind or send fails). */
        REFUSES,
        /** The kernel takes it but ignores or misuses the value; the validator is stricter on purpose. */
        MISUSES,
        /** Not a kernel setting: a rule of this library (timeouts, buffers, how an address is written). */
        LIBRARY
    }

    private final KernelVerdict verdict;
    private final String template;

    Rule(KernelVerdict verdict, String template) {
        this.verdict = verdict;
        this.template = Limits.expand(template);
    }

    /** {@return how the kernel itself treats a configuration that breaks this rule} */
    public KernelVerdict verdict() {
        return verdict;
    }

    Problem problem(Attribute attribute, Object value, Object... details) {
        Object[] args = new Object[2 + details.length];
        args[0] = attribute.elementName();
        args[1] = value == null ? "" : attribute.format(value);
        System.arraycopy(details, 0, args, 2, details.length);
        return new Problem(attribute, this, String.format(java.util.Locale.ROOT, template, args));
    }
}
