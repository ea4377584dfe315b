package dev.isotp;

import java.util.Arrays;

/**
 * A {@link PayloadCodec} of a channel failed: it threw while decoding a received PDU or encoding a value to send. The
 * message names the channel, the method and, for a PDU, its length and first bytes in hex; the PDU's bytes are kept
 * in {@link #pdu()}, the codec's exception is the cause. Unchecked, as the codec's own exceptions are.
 */
public class PayloadCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The channel interface's simple name. */
    private final String channel;
    /** The interface method whose codec failed. */
    private final String method;
    /** The PDU the codec could not decode, a copy; null where encoding failed. */
    private final byte[] pdu;

    /**
     * Says that the codec of {@code channel.method} failed.
     *
     * @param message the whole message: channel, method and, for a PDU, its length and first bytes in hex
     * @param channel the channel interface's simple name
     * @param method the interface method whose codec failed
     * @param pdu the PDU the codec could not decode (copied), or null where encoding failed
     * @param cause the codec's exception
     */
    public PayloadCodecException(String message, String channel, String method, byte[] pdu, Throwable cause) {
        super(message, cause);
        this.channel = channel;
        this.method = method;
        this.pdu = pdu == null ? null : pdu.clone();
    }

    /** {@return the channel interface's simple name} */
    public String channel() {
        return channel;
    }

    /** {@return the interface method whose codec failed} */
    public String method() {
        return method;
    }

    /** {@return a copy of the received PDU the codec could not decode; null where encoding failed} */
    public byte[] pdu() {
        return pdu == null ? null : Arrays.copyOf(pdu, pdu.length);
    }
}
