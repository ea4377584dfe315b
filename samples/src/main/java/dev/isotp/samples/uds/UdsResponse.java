package dev.isotp.samples.uds;

import java.util.Arrays;

/**
 * A UDS (ISO 14229) response: positive (the request's service id + 0x40, then data) or negative
 * (0x7F, the request's service id, a negative response code).
 */
public final class UdsResponse {
    public static final int NEGATIVE = 0x7F;
    public static final int POSITIVE_OFFSET = 0x40;
    /** NRC 0x11: the ECU does not know the service. */
    public static final int SERVICE_NOT_SUPPORTED = 0x11;
    /** NRC 0x13: wrong length or format of the request. */
    public static final int INCORRECT_MESSAGE_LENGTH = 0x13;
    /** NRC 0x31: e.g. a data identifier the ECU does not have. */
    public static final int REQUEST_OUT_OF_RANGE = 0x31;
    /** requestCorrectlyReceived-ResponsePending: the ECU needs longer and will answer. */
    public static final int RESPONSE_PENDING = 0x78;

    private final byte[] bytes;

    private UdsResponse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an empty PDU is no UDS response");
        }
        this.bytes = bytes;
    }

    public static UdsResponse fromBytes(byte[] pdu) {
        return new UdsResponse(pdu.clone());
    }

    /** The positive response to {@code serviceId}: serviceId + 0x40, then {@code data}. */
    public static UdsResponse positive(int serviceId, byte[] data) {
        byte[] b = new byte[1 + data.length];
        b[0] = (byte) (serviceId + POSITIVE_OFFSET);
        System.arraycopy(data, 0, b, 1, data.length);
        return new UdsResponse(b);
    }

    /** The negative response 0x7F, serviceId, code. */
    public static UdsResponse negative(int serviceId, int code) {
        return new UdsResponse(new byte[] {NEGATIVE, (byte) serviceId, (byte) code});
    }

    public boolean isNegative() {
        return (bytes[0] & 0xFF) == NEGATIVE;
    }

    /** True where this is the positive response to {@code serviceId}. */
    public boolean isPositiveFor(int serviceId) {
        return (bytes[0] & 0xFF) == serviceId + POSITIVE_OFFSET;
    }

    /** The negative response code (NRC), or -1 for a positive response. */
    public int negativeResponseCode() {
        return isNegative() && bytes.length >= 3 ? bytes[2] & 0xFF : -1;
    }

    /** The bytes after the response's service id. */
    public byte[] data() {
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdsResponse r && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Hex.of(bytes);
    }
}
