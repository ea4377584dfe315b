package dev.isotp;

import java.util.Arrays;

/**
 * A {@link PayloadCodec} of a channel failed: it threw while decoding a received PDU or encoding a value to send. The
 * message names the channel, the method and, for a PDU, its length and first bytes in hex; the PDU's bytes are kept
 * in {@link #pdu()}, the codec's exception is the cause. Unchecked, as the codec's own exceptions are.
 */
public class PayloadCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String channel;
    private final String method;
    private final byte[] pdu;

    public PayloadCodecException(String message, String channel, String method, byte[] pdu, Throwable cause) {
        super(message, cause);
        this.channel = channel;
        this.method = method;
        this.pdu = pdu == null ? null : pdu.clone();
    }

    /** The channel interface's simple name. */
    public String channel() {
        return channel;
    }

    /** The interface method whose codec failed. */
    public String method() {
        return method;
    }

    /** A copy of the received PDU the codec could not decode; null where encoding failed. */
    public byte[] pdu() {
        return pdu == null ? null : Arrays.copyOf(pdu, pdu.length);
    }
}
