package dev.isotp.validation;

import dev.isotp.internal.text.Hex;

/**
 * The attributes of a channel: the one table that names them. Each name is the name of the matching element of
 * {@code @IsoTpChannel}, of the {@code IsoTpConfig.Builder} method, of the {@code ChannelOverrides.Builder} method and
 * of the word in every message, so a problem found by the validator can be pinned on the value that caused it, and
 * the processor, the command line and run-time overrides all set a configuration the same way
 * ({@code IsoTpConfig.Builder#set(Attribute, Object)}).
 *
 * <p>Each attribute has a {@link Kind} (the Java type its values take when set by attribute) and a default: the
 * value of a builder nobody set it on ({@code null} = not set).
 */
public enum Attribute {
    /** The CAN interface, e.g. "vcan0"; text, required. */
    IFACE("iface", Kind.TEXT, Format.TEXT, null),
    /**
     * The ISO 15765-2 addressing mode; default NORMAL_11 (an API constant, so the table leaves it to
     * {@code IsoTpConfig}: the validator depends on nothing of the API).
     */
    MODE("mode", Kind.MODE, Format.TEXT, null),
    /** The CAN id received on, without CAN_EFF_FLAG; not set by default. */
    RXID("rxid", Kind.NUMBER, Format.ID, null),
    /** The CAN id transmitted with, without CAN_EFF_FLAG; not set by default. */
    TXID("txid", Kind.NUMBER, Format.ID, null),
    /** TA, the peer's address byte, 0x00-0xFF; not set by default. */
    TARGET_ADDRESS("targetAddress", Kind.NUMBER, Format.HEX, null),
    /** SA, this side's address byte, 0x00-0xFF; not set by default. */
    SOURCE_ADDRESS("sourceAddress", Kind.NUMBER, Format.HEX, null),
    /** AE, the address extension byte, 0x00-0xFF; not set by default. */
    ADDRESS_EXTENSION("addressExtension", Kind.NUMBER, Format.HEX, null),
    /** Transmit on the functional id of a fixed mode; default false. */
    FUNCTIONAL("functional", Kind.FLAG, Format.TEXT, false),
    /** The STmin byte of the flow control sent, 0x00-0x7F or 0xF1-0xF9; default 0. */
    STMIN("stmin", Kind.NUMBER, Format.HEX, 0L),
    /** The block size of the flow control sent, 0-255; default 0. */
    BS("bs", Kind.NUMBER, Format.DECIMAL, 0L),
    /** WFTmax, 0-255, stored by the kernel and not used; default 0. */
    WFTMAX("wftmax", Kind.NUMBER, Format.DECIMAL, 0L),
    /** The padding byte of transmitted frames, 0x00-0xFF; not set by default (no padding). */
    TX_PADDING("txPadding", Kind.NUMBER, Format.HEX, null),
    /** The padding byte expected in received frames, 0x00-0xFF; not set by default. */
    RX_PADDING("rxPadding", Kind.NUMBER, Format.HEX, null),
    /** Check the length of received frames (CHK_PAD_LEN); default false. */
    CHECK_PADDING_LENGTH("checkPaddingLength", Kind.FLAG, Format.TEXT, false),
    /** Check the padding bytes of received frames (CHK_PAD_DATA); default false. */
    CHECK_PADDING_DATA("checkPaddingData", Kind.FLAG, Format.TEXT, false),
    /** Send and receive one at a time (HALF_DUPLEX); default false. */
    HALF_DUPLEX("halfDuplex", Kind.FLAG, Format.TEXT, false),
    /** A send returns once the PDU has left (WAIT_TX_DONE); default true. */
    WAIT_TX_DONE("waitTxDone", Kind.FLAG, Format.TEXT, true),
    /** Receive without sending flow control (LISTEN_MODE); default false. */
    LISTEN_MODE("listenMode", Kind.FLAG, Format.TEXT, false),
    /** Single frames to many receivers (SF_BROADCAST, Linux 5.11); default false. */
    SF_BROADCAST("sfBroadcast", Kind.FLAG, Format.TEXT, false),
    /** Any PDU to many receivers without flow control (CF_BROADCAST, Linux 5.19); default false. */
    CF_BROADCAST("cfBroadcast", Kind.FLAG, Format.TEXT, false),
    /** BS and STmin from every flow control (DYN_FC_PARMS, Linux 6.9); default false. */
    DYNAMIC_FLOW_CONTROL("dynamicFlowControl", Kind.FLAG, Format.TEXT, false),
    /** The kernel's frame_txtime in ns, 0-4294967295; default 0 (keep the kernel's 50 µs). */
    FRAME_TX_TIME_NANOS("frameTxTimeNanos", Kind.NUMBER, Format.DECIMAL, Limits.FRAME_TX_TIME_DEFAULT),
    /** Forced transmit STmin in ns, 0-4294967295 (FORCE_TXSTMIN); not set by default. */
    TX_STMIN_NANOS("txStminNanos", Kind.NUMBER, Format.DECIMAL, null),
    /** Forced receive STmin in ns, 0-4294967295 (FORCE_RXSTMIN); not set by default. */
    RX_STMIN_NANOS("rxStminNanos", Kind.NUMBER, Format.DECIMAL, null),
    /** CAN FD frames (mtu 72) instead of classic CAN; default false. */
    CAN_FD("canFd", Kind.FLAG, Format.TEXT, false),
    /** The data length of transmitted frames: 8, or on CAN FD 8-64; default 8. */
    TX_DATA_LENGTH("txDataLength", Kind.NUMBER, Format.DECIMAL, (long) Limits.CLASSIC_TX_DATA_LENGTH),
    /** The CAN FD bit rate switch (CANFD_BRS); default false. */
    BIT_RATE_SWITCH("bitRateSwitch", Kind.FLAG, Format.TEXT, false),
    /** How long a receive waits, 0-2147483647 ms (0 = without limit); default 0. */
    RECEIVE_TIMEOUT_MILLIS("receiveTimeoutMillis", Kind.NUMBER, Format.DECIMAL, 0L),
    /** The largest PDU a receive takes, 0-1049600 bytes (0 = the kernel's largest); default 0. */
    RECEIVE_BUFFER_SIZE("receiveBufferSize", Kind.NUMBER, Format.DECIMAL, 0L),
    /** How long a request waits for its answer once sent, 0-2147483647 ms (0 = without limit); default 5000 (P2*). */
    REQUEST_TIMEOUT_MILLIS("requestTimeoutMillis", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_REQUEST_TIMEOUT_MILLIS),
    /**
     * The channel speaks UDS (ISO 14229): requests are judged as UDS exchanges; default false. In an annotation it is
     * set by {@code @UdsChannel} on the interface, whose elements are the UDS attributes below.
     */
    UDS("uds", Kind.FLAG, Format.TEXT, false),
    /** P2server_max, 1-65535 ms; default 50; a DiagnosticSessionControl answer sets it unless it was set. */
    P2_MILLIS("p2Millis", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_P2_MILLIS),
    /** P2*server_max, 1-655350 ms; default 5000; a DiagnosticSessionControl answer sets it unless it was set. */
    P2_STAR_MILLIS("p2StarMillis", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_P2_STAR_MILLIS),
    /** Added to P2 and P2* for the answer's transfer (P6client), 0-2147483647 ms; default 1000. */
    TRANSFER_ALLOWANCE_MILLIS("transferAllowanceMillis", Kind.NUMBER, Format.DECIMAL,
            Limits.DEFAULT_TRANSFER_ALLOWANCE_MILLIS),
    /** The most "response pending" answers one request may draw, 0-65535 (0 = no count); default 0. */
    MAX_PENDING_ANSWERS("maxPendingAnswers", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_MAX_PENDING_ANSWERS),
    /** How often a request refused with busyRepeatRequest (0x21) is sent again, 0-255; default 3. */
    BUSY_REPEATS("busyRepeats", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_BUSY_REPEATS),
    /** The wait before such a repeat, 0-5000 ms; default 100. */
    BUSY_REPEAT_DELAY_MILLIS("busyRepeatDelayMillis", Kind.NUMBER, Format.DECIMAL,
            Limits.DEFAULT_BUSY_REPEAT_DELAY_MILLIS),
    /** The TesterPresent interval in a non-default session, 1-4999 ms, 0 = none; default 2000. */
    TESTER_PRESENT_MILLIS("testerPresentMillis", Kind.NUMBER, Format.DECIMAL, Limits.DEFAULT_TESTER_PRESENT_MILLIS),
    /**
     * Services with a sub-function besides ISO 14229-1's (e.g. a manufacturer's 0xBA): bit 7 of their second byte is
     * suppressPosRspMsgIndicationBit; service identifiers 0x00-0xFF; default none.
     */
    SUB_FUNCTION_SERVICES("subFunctionServices", Kind.NUMBERS, Format.HEX, java.util.List.of());

    /** {@return whether this is one of the UDS attributes, the elements of {@code @UdsChannel} (not {@link #UDS} itself)} */
    public boolean isUdsSetting() {
        return compareTo(P2_MILLIS) >= 0;
    }

    /**
     * The type of an attribute's values when set by attribute: TEXT a {@link String}, MODE an {@link AddressingScheme} (a {@code dev.isotp.AddressingMode}),
     * FLAG a {@link Boolean}, NUMBER any integral {@link Number} (kept as a {@link Long}, wide enough to hold a wrong
     * value so that the validator can name it instead of it wrapping around), NUMBERS an {@code int[]}, a {@code
     * long[]} or a {@link java.util.List} of integral numbers (kept as an unmodifiable {@code List<Long>}).
     */
    public enum Kind {
        /** A {@link String}. */
        TEXT,
        /** An {@link AddressingScheme}: a {@code dev.isotp.AddressingMode}. */
        MODE,
        /** A {@link Boolean}. */
        FLAG,
        /** An integral {@link Number}, kept as a {@link Long}. */
        NUMBER,
        /** Integral numbers ({@code int[]}, {@code long[]} or a {@link java.util.List}), kept as a {@code List<Long>}. */
        NUMBERS
    }

    /**
     * How a value of the attribute is written in a message: as the user most likely wrote it. ID is HEX, except that
     * a negative id that fits an int is also shown as the 32-bit value it was written as (an int literal such as
     * {@code 0x80000000 | 0x123} is negative in Java).
     */
    enum Format { HEX, ID, DECIMAL, TEXT }

    private final String elementName;
    private final Kind kind;
    private final Format format;
    private final Object defaultValue;

    Attribute(String elementName, Kind kind, Format format, Object defaultValue) {
        this.elementName = elementName;
        this.kind = kind;
        this.format = format;
        this.defaultValue = defaultValue;
    }

    /** {@return the name users write: the annotation element, the builder method, the word in every message} */
    public String elementName() {
        return elementName;
    }

    /** {@return the type of this attribute's values when set by attribute} */
    public Kind kind() {
        return kind;
    }

    /**
     * {@return the value of a configuration that does not set this attribute; {@code null} = not set (e.g. an id)}
     * Numbers are {@link Long}s. The mode's default, NORMAL_11, is {@code IsoTpConfig}'s ({@code null} here).
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /** {@return whether the attribute's values are ids or bytes, written in hex} */
    public boolean isHex() {
        return format == Format.HEX || format == Format.ID;
    }

    /**
     * The attribute of an element name.
     *
     * @param elementName the name as {@link #elementName()} gives it, exact spelling
     * @return the attribute, or {@code null} if no attribute has that name
     */
    public static Attribute forElementName(String elementName) {
        for (Attribute a : values()) {
            if (a.elementName.equals(elementName)) {
                return a;
            }
        }
        return null;
    }

    /**
     * {@code value} as this attribute keeps it: a {@link Long} for a NUMBER, unchanged otherwise; {@code null} stays
     * {@code null} (not set).
     *
     * @param value the value to keep, or {@code null}
     * @return the value as kept
     * @throws IllegalArgumentException if the value is of the wrong type for the attribute's {@link Kind}; the
     *         message names the attribute and the type it takes
     */
    public Object normalize(Object value) {
        if (value == null) {
            return null;
        }
        boolean ok;
        switch (kind) {
            case TEXT: ok = value instanceof String; break;
            case MODE: ok = value instanceof AddressingScheme; break;
            case FLAG: ok = value instanceof Boolean; break;
            case NUMBERS: {
                java.util.List<Long> numbers = numbers(value);
                if (numbers != null) {
                    return numbers;
                }
                ok = false;
                break;
            }
            default:
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return ((Number) value).longValue();
                }
                ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(elementName + " takes " + typeName() + ", not "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return value;
    }

    /** The numbers of an int[], a long[] or a List of integral numbers, as an unmodifiable List; null for others. */
    private static java.util.List<Long> numbers(Object value) {
        if (value instanceof int[]) {
            return java.util.Arrays.stream((int[]) value).mapToObj(i -> (long) i).collect(java.util.stream.Collectors.toUnmodifiableList());
        }
        if (value instanceof long[]) {
            return java.util.Arrays.stream((long[]) value).boxed().collect(java.util.stream.Collectors.toUnmodifiableList());
        }
        if (value instanceof java.util.List) {
            java.util.List<Long> numbers = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) value) {
                if (!(o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte)) {
                    return null;
                }
                numbers.add(((Number) o).longValue());
            }
            return java.util.List.copyOf(numbers);
        }
        return null;
    }

    private String typeName() {
        switch (kind) {
            case TEXT: return "a String";
            case MODE: return "an AddressingMode";
            case FLAG: return "a boolean";
            case NUMBERS: return "an int[], a long[] or a List of integral numbers";
            default: return "an integral number";
        }
    }

    /**
     * Writes a value of this attribute the way a message shows it: ids and bytes in hex (0x7E0; a negative id also
     * as its 32-bit value), counts in decimal, text in quotes. Independent of the default locale.
     *
     * @param value a value of this attribute, or {@code null}
     * @return the value as written in a message ("null" for {@code null})
     */
    public String format(Object value) {
        if (value instanceof java.util.List) {
            java.util.StringJoiner list = new java.util.StringJoiner(", ", "{", "}");
            ((java.util.List<?>) value).forEach(v -> list.add(format(v)));
            return list.toString();
        }
        if (isHex() && value instanceof Number) {
            long v = ((Number) value).longValue();
            if (v < 0) {
                return format == Format.ID && v >= Integer.MIN_VALUE ? v + " (" + hex(v & 0xFFFFFFFFL) + ")" : Long.toString(v);
            }
            return hex(v);
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return String.valueOf(value);
    }

    /** 0x05, 0x7E0, 0x800, 0x18DA10F1: at least two digits, otherwise as written. */
    static String hex(long v) {
        return Hex.of(v);
    }

    /**
     * {@code Name[iface="vcan0", rxid=0x7E8]}: attribute values as messages write them, in attribute order; a null
     * value reads "not set".
     *
     * @param name the word before the brackets, e.g. "IsoTpConfig"
     * @param values attribute values, numbers as {@link Long}s
     * @return the description
     */
    public static String describe(String name, java.util.Map<Attribute, Object> values) {
        java.util.StringJoiner s = new java.util.StringJoiner(", ", name + "[", "]");
        values.forEach((attribute, value) -> s.add(attribute.elementName + "="
                + (value == null ? "not set" : attribute.format(value))));
        return s.toString();
    }

    @Override
    public String toString() {
        return elementName;
    }
}
