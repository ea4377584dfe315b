package dev.isotp.samples.uds;

import dev.isotp.IsoTpChannel;
import dev.isotp.UdsChannel;
import dev.isotp.UdsTiming;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A UDS channel with short timing, for tests on the virtual bus. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, requestTimeoutMillis = 6000)
@UdsChannel(p2Millis = 100, p2StarMillis = 800, transferAllowanceMillis = 200, busyRepeatDelayMillis = 50,
        testerPresentMillis = 400, subFunctionServices = 0xBA)
public interface UdsTester extends AutoCloseable {
    byte[] request(byte[] request) throws IOException;

    byte[] request(byte[] request, Duration timeout) throws IOException;

    CompletableFuture<byte[]> requestAsync(byte[] request);

    byte[] erase(byte[] request, UdsTiming timing) throws IOException;

    @Override
    void close();
}
