package dev.isotp.benchmarks;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpChannel;
import java.io.IOException;

/** Channel B of the benchmark as a generated client: the other end of {@link BenchChannelA}. */
@IsoTpChannel(iface = "vcan0", txid = 0x701, rxid = 0x700, bs = 0, stmin = 0,
        frameTxTimeNanos = GeneralOptions.FRAME_TX_TIME_ZERO, receiveTimeoutMillis = 2000)
public interface BenchChannelB extends AutoCloseable {
    void send(byte[] payload) throws IOException;

    byte[] receive() throws IOException;

    @Override
    void close();
}
