package dev.isotp.samples.async;

import dev.isotp.IsoTpChannel;
import dev.isotp.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A channel with every asynchronous shape and a few synchronous ones, for the tests of their shared semantics. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, requestTimeoutMillis = 2000)
public interface AsyncEcu extends AutoCloseable {
    CompletableFuture<byte[]> request(byte[] request);

    CompletableFuture<byte[]> request(byte[] request, Duration timeout);

    CompletableFuture<byte[]> receive();

    CompletableFuture<byte[]> receive(Duration timeout);

    CompletableFuture<Optional<byte[]>> poll(Duration timeout);

    CompletableFuture<Void> send(byte[] payload);

    @IsoTpChannel.Codec(Ascii.class)
    CompletableFuture<String> ask(String question);

    byte[] requestNow(byte[] request, Duration timeout);

    byte[] receiveNow(Duration timeout);

    @Override
    void close();

    /** ASCII text; a PDU starting with 0xFF cannot be decoded. */
    final class Ascii implements PayloadCodec<String> {
        @Override
        public byte[] encode(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String decode(byte[] pdu) {
            if (pdu[0] == (byte) 0xFF) {
                throw new IllegalArgumentException("not ASCII");
            }
            return new String(pdu, StandardCharsets.US_ASCII);
        }
    }
}
