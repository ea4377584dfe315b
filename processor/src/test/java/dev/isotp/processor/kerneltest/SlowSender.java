package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import java.io.IOException;

/** waitTxDone off, a 1 s request timeout: the time must start when the request has left, not when send returned. */
@IsoTpChannel(iface = "vcan0", rxid = 0x6C9, txid = 0x6C1, waitTxDone = false, requestTimeoutMillis = 1000)
public interface SlowSender extends AutoCloseable {
    byte[] request(byte[] request) throws IOException;

    @Override
    void close();
}
