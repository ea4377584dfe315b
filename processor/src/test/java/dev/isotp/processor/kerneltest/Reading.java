package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import dev.isotp.PayloadCodec;
import java.io.IOException;
import java.time.Duration;

/** A typed receive whose codec refuses PDUs that are not a positive ReadDataByIdentifier answer. */
@IsoTpChannel(iface = "vcan0", rxid = 0x6CC, txid = 0x6C4)
public interface Reading extends AutoCloseable {
    @IsoTpChannel.Codec(PositiveAnswerCodec.class)
    String read(Duration timeout) throws IOException;

    void send(byte[] payload) throws IOException;

    @Override
    void close();

    /** 62 DID DID data... as the data in hex; anything else is refused. */
    final class PositiveAnswerCodec implements PayloadCodec<String> {
        @Override
        public byte[] encode(String value) {
            throw new UnsupportedOperationException("only decodes");
        }

        @Override
        public String decode(byte[] payload) {
            if (payload[0] != 0x62) {
                throw new IllegalArgumentException("not a positive answer to ReadDataByIdentifier: SID 0x"
                        + Integer.toHexString(payload[0] & 0xFF));
            }
            return java.util.HexFormat.of().formatHex(payload, 3, payload.length);
        }
    }
}
