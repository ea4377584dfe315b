package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The ECU side: listens on 0x7E0, answers on 0x7E8, with padded frames. Opened through its constructor. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E0, txid = 0x7E8, txPadding = 0xCC, stmin = 0, bs = 8,
        receiveTimeoutMillis = 20_000, codecs = TextCodec.class)
public interface Ecu extends AutoCloseable {
    byte[] receive() throws IOException;

    int receiveInto(ByteBuffer into) throws IOException;

    String receiveText();

    void send(byte[] payload) throws IOException;

    void reply(String text);
}
