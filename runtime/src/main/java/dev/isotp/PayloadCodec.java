package dev.isotp;

/**
 * Turns a typed payload into the bytes of one PDU and back. A channel method that sends or receives a {@code T}
 * uses the codec named in {@link IsoTpChannel#codecs()} or {@link IsoTpChannel.Codec}; each generated client
 * creates its own instance through the codec's public no-argument constructor.
 *
 * <pre>{@code
 * public final class VinCodec implements PayloadCodec<Vin> {
 *     public byte[] encode(Vin vin) { return vin.toString().getBytes(StandardCharsets.US_ASCII); }
 *     public Vin decode(byte[] payload) { return Vin.of(new String(payload, StandardCharsets.US_ASCII)); }
 * }
 * }</pre>
 *
 * @param <T> the payload type
 */
public interface PayloadCodec<T> {
    /**
     * Encodes one value for sending.
     *
     * @param value the value to send, as the channel method was given it
     * @return the bytes of one PDU that carry {@code value}: 1 to {@link IsoTpSocket#maxPduSize()} bytes (the send
     *         refuses an empty or longer PDU with {@link IllegalArgumentException})
     */
    byte[] encode(T value);

    /**
     * Decodes one received PDU; throws an unchecked exception of its choice where the bytes do not form a
     * {@code T}, which reaches the caller of the channel method as the cause of a {@link PayloadCodecException}.
     *
     * @param payload the PDU as received, 1 byte or more
     * @return the value the PDU carries
     */
    T decode(byte[] payload);
}
