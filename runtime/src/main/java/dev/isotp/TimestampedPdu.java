package dev.isotp;

import java.time.Instant;

/**
 * A PDU with the time the kernel received it: the arrival of its last CAN frame (SO_TIMESTAMPNS), as returned by
 * {@link IsoTpSocket#receiveTimestamped()}.
 *
 * @param payload the PDU's bytes (1 .. the kernel's largest PDU); the array is the caller's, not copied
 * @param epochNanos the receive time in nanoseconds since 1970-01-01T00:00Z (CLOCK_REALTIME)
 */
public record TimestampedPdu(byte[] payload, long epochNanos) {
    /** {@return the receive time as an {@link Instant} (nanosecond precision)} */
    public Instant timestamp() {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
