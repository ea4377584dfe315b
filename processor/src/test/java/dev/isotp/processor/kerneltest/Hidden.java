package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import java.io.IOException;
import java.time.Duration;

/** Package-private: IsoTpChannels.open finds its client all the same. */
@IsoTpChannel(iface = "vcan0", rxid = 0x6CB, txid = 0x6C3)
interface Hidden extends AutoCloseable {
    void send(byte[] payload) throws IOException;

    byte[] receive(Duration timeout) throws IOException;

    @Override
    void close();
}
