package dev.isotp.validation;

/**
 * The configurable attributes of a channel. Each name is the name of the matching element of
 * {@code @IsoTpChannel}, so a problem found by the validator can be pinned on the annotation value that caused it.
 */
public enum Attribute {
    IFACE("iface", Format.TEXT),
    MODE("mode", Format.TEXT),
    RXID("rxid", Format.ID),
    TXID("txid", Format.ID),
    TARGET_ADDRESS("targetAddress", Format.HEX),
    SOURCE_ADDRESS("sourceAddress", Format.HEX),
    ADDRESS_EXTENSION("addressExtension", Format.HEX),
    FUNCTIONAL("functional", Format.TEXT),
    STMIN("stmin", Format.HEX),
    BS("bs", Format.DECIMAL),
    WFTMAX("wftmax", Format.DECIMAL),
    TX_PADDING("txPadding", Format.HEX),
    RX_PADDING("rxPadding", Format.HEX),
    CHECK_PADDING_LENGTH("checkPaddingLength", Format.TEXT),
    CHECK_PADDING_DATA("checkPaddingData", Format.TEXT),
    HALF_DUPLEX("halfDuplex", Format.TEXT),
    WAIT_TX_DONE("waitTxDone", Format.TEXT),
    LISTEN_MODE("listenMode", Format.TEXT),
    SF_BROADCAST("sfBroadcast", Format.TEXT),
    CF_BROADCAST("cfBroadcast", Format.TEXT),
    DYNAMIC_FLOW_CONTROL("dynamicFlowControl", Format.TEXT),
    FRAME_TX_TIME_NANOS("frameTxTimeNanos", Format.DECIMAL),
    TX_STMIN_NANOS("txStminNanos", Format.DECIMAL),
    RX_STMIN_NANOS("rxStminNanos", Format.DECIMAL),
    CAN_FD("canFd", Format.TEXT),
    TX_DATA_LENGTH("txDataLength", Format.DECIMAL),
    BIT_RATE_SWITCH("bitRateSwitch", Format.TEXT),
    RECEIVE_TIMEOUT_MILLIS("receiveTimeoutMillis", Format.DECIMAL),
    RECEIVE_BUFFER_SIZE("receiveBufferSize", Format.DECIMAL),
    // request/response (issue 10)
    REQUEST_TIMEOUT_MILLIS("requestTimeoutMillis", Format.DECIMAL);

    /**
     * How a value of the attribute is written in a message: as the user most likely wrote it. ID is HEX, except that
     * a negative id that fits an int is also shown as the 32-bit value it was written as (an int literal such as
     * {@code 0x80000000 | 0x123} is negative in Java).
     */
    enum Format { HEX, ID, DECIMAL, TEXT }

    private final String elementName;
    private final Format format;

    Attribute(String elementName, Format format) {
        this.elementName = elementName;
        this.format = format;
    }

    /** The name users write: the annotation element, the builder method, the word in every message. */
    public String elementName() {
        return elementName;
    }

    /** Writes a value of this attribute the way a message shows it (ids and bytes in hex, counts in decimal). */
    public String format(Object value) {
        if ((format == Format.HEX || format == Format.ID) && value instanceof Number) {
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
    private static String hex(long v) {
        String hex = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        return "0x" + (hex.length() == 1 ? "0" + hex : hex);
    }

    @Override
    public String toString() {
        return elementName;
    }
}
