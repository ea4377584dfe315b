package dev.isotp.processor.kerneltest;

import dev.isotp.IsoTpChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** The tester side: transmits on 0x7E0, listens on 0x7E8. Opened through IsoTpChannels. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, receiveTimeoutMillis = 20_000)
public interface Tester extends AutoCloseable {
    byte[] request(byte[] request, Duration timeout) throws IOException;

    void send(byte[] payload) throws IOException;

    Optional<byte[]> poll(Duration timeout);

    @IsoTpChannel.Codec(TextCodec.class)
    String ask(String question, Duration timeout);

    default byte[] testerPresent() throws IOException {
        return request(new byte[] {0x3E, 0x00}, Duration.ofSeconds(20));
    }

    @Override
    void close();
}
