package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import java.io.IOException;
import java.time.Duration;

/** A tester asking an ECU on 0x6C0 that answers on 0x6C8; requests wait the default request timeout. */
@IsoTpChannel(iface = "vcan0", rxid = 0x6C8, txid = 0x6C0)
public interface Asker extends AutoCloseable {
    byte[] request(byte[] request) throws IOException;

    byte[] request(byte[] request, Duration timeout) throws IOException;

    @Override
    void close();
}
