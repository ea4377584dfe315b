package dev.isotp.benchmarks;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpChannel;
import java.io.IOException;

/** Channel A of the benchmark as a generated client: sends on 0x700, receives on 0x701 (see {@link BenchChannelB}). */
@IsoTpChannel(iface = "vcan0", txid = 0x700, rxid = 0x701, bs = 0, stmin = 0,
        frameTxTimeNanos = GeneralOptions.FRAME_TX_TIME_ZERO, receiveTimeoutMillis = 2000)
public interface BenchChannelA extends AutoCloseable {
    void send(byte[] payload) throws IOException;

    byte[] receive() throws IOException;

    /** Sends the request and waits for the answer. */
    byte[] request(byte[] request) throws IOException;

    @Override
    void close();
}
