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
    /** The bytes of one PDU (1 byte or more) that carry {@code value}. */
    byte[] encode(T value);

    /** The value one received PDU carries; throws an unchecked exception where the bytes do not form a {@code T}. */
    T decode(byte[] payload);
}
