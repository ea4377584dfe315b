package dev.isotp.microbenchmarks;

import dev.isotp.PayloadCodec;

/** {@link Reading} as a positive ReadDataByIdentifier answer: 0x62, the identifier (2 bytes, big-endian), the data. */
public final class ReadingCodec implements PayloadCodec<Reading> {
    @Override
    public byte[] encode(Reading reading) {
        byte[] pdu = new byte[3 + reading.data().length];
        pdu[0] = 0x62;
        pdu[1] = (byte) (reading.identifier() >> 8);
        pdu[2] = (byte) reading.identifier();
        System.arraycopy(reading.data(), 0, pdu, 3, reading.data().length);
        return pdu;
    }

    @Override
    public Reading decode(byte[] pdu) {
        if (pdu.length < 3 || pdu[0] != 0x62) {
            throw new IllegalArgumentException("not a ReadDataByIdentifier answer");
        }
        return new Reading((pdu[1] & 0xFF) << 8 | pdu[2] & 0xFF, java.util.Arrays.copyOfRange(pdu, 3, pdu.length));
    }
}
