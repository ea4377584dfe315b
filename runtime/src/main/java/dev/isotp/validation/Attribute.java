package dev.isotp.validation;

import dev.isotp.AddressingMode;
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
    IFACE("iface", Kind.TEXT, Format.TEXT, null),
    MODE("mode", Kind.MODE, Format.TEXT, AddressingMode.NORMAL_11),
    RXID("rxid", Kind.NUMBER, Format.ID, null),
    TXID("txid", Kind.NUMBER, Format.ID, null),
    TARGET_ADDRESS("targetAddress", Kind.NUMBER, Format.HEX, null),
    SOURCE_ADDRESS("sourceAddress", Kind.NUMBER, Format.HEX, null),
    ADDRESS_EXTENSION("addressExtension", Kind.NUMBER, Format.HEX, null),
    FUNCTIONAL("functional", Kind.FLAG, Format.TEXT, false),
    STMIN("stmin", Kind.NUMBER, Format.HEX, 0L),
    BS("bs", Kind.NUMBER, Format.DECIMAL, 0L),
    WFTMAX("wftmax", Kind.NUMBER, Format.DECIMAL, 0L),
    TX_PADDING("txPadding", Kind.NUMBER, Format.HEX, null),
    RX_PADDING("rxPadding", Kind.NUMBER, Format.HEX, null),
    CHECK_PADDING_LENGTH("checkPaddingLength", Kind.FLAG, Format.TEXT, false),
    CHECK_PADDING_DATA("checkPaddingData", Kind.FLAG, Format.TEXT, false),
    HALF_DUPLEX("halfDuplex", Kind.FLAG, Format.TEXT, false),
    WAIT_TX_DONE("waitTxDone", Kind.FLAG, Format.TEXT, true),
    LISTEN_MODE("listenMode", Kind.FLAG, Format.TEXT, false),
    SF_BROADCAST("sfBroadcast", Kind.FLAG, Format.TEXT, false),
    CF_BROADCAST("cfBroadcast", Kind.FLAG, Format.TEXT, false),
    DYNAMIC_FLOW_CONTROL("dynamicFlowControl", Kind.FLAG, Format.TEXT, false),
    FRAME_TX_TIME_NANOS("frameTxTimeNanos", Kind.NUMBER, Format.DECIMAL, Limits.FRAME_TX_TIME_DEFAULT),
    TX_STMIN_NANOS("txStminNanos", Kind.NUMBER, Format.DECIMAL, null),
    RX_STMIN_NANOS("rxStminNanos", Kind.NUMBER, Format.DECIMAL, null),
    CAN_FD("canFd", Kind.FLAG, Format.TEXT, false),
    TX_DATA_LENGTH("txDataLength", Kind.NUMBER, Format.DECIMAL, (long) Limits.CLASSIC_TX_DATA_LENGTH),
    BIT_RATE_SWITCH("bitRateSwitch", Kind.FLAG, Format.TEXT, false),
    RECEIVE_TIMEOUT_MILLIS("receiveTimeoutMillis", Kind.NUMBER, Format.DECIMAL, 0L),
    RECEIVE_BUFFER_SIZE("receiveBufferSize", Kind.NUMBER, Format.DECIMAL, 0L);

    /**
     * The type of an attribute's values when set by attribute: TEXT a {@link String}, MODE an {@link AddressingMode},
     * FLAG a {@link Boolean}, NUMBER any integral {@link Number} (kept as a {@link Long}, wide enough to hold a wrong
     * value so that the validator can name it instead of it wrapping around).
     */
    public enum Kind {
        TEXT, MODE, FLAG, NUMBER
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

    /** The name users write: the annotation element, the builder method, the word in every message. */
    public String elementName() {
        return elementName;
    }

    public Kind kind() {
        return kind;
    }

    /** The value of a configuration that does not set this attribute; {@code null} = not set (e.g. an id). */
    public Object defaultValue() {
        return defaultValue;
    }

    /** True if the attribute's values are ids or bytes, written in hex. */
    public boolean isHex() {
        return format == Format.HEX || format == Format.ID;
    }

    /** The attribute named {@code elementName} (exact spelling), or {@code null}. */
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
            case MODE: ok = value instanceof AddressingMode; break;
            case FLAG: ok = value instanceof Boolean; break;
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

    private String typeName() {
        switch (kind) {
            case TEXT: return "a String";
            case MODE: return "an AddressingMode";
            case FLAG: return "a boolean";
            default: return "an integral number";
        }
    }

    /** Writes a value of this attribute the way a message shows it (ids and bytes in hex, counts in decimal). */
    public String format(Object value) {
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

    @Override
    public String toString() {
        return elementName;
    }
}
