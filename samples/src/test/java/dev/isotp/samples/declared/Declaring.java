package dev.isotp.samples.declared;

import dev.isotp.IsoTpChannel;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** A channel whose methods declare no IOException, or only SocketTimeoutException. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, requestTimeoutMillis = 2000)
public interface Declaring extends AutoCloseable {
    byte[] request(byte[] request, Duration timeout);

    byte[] ask(byte[] request, Duration timeout) throws SocketTimeoutException;

    byte[] receive(Duration timeout) throws SocketTimeoutException;

    Optional<byte[]> poll(Duration timeout);

    void send(byte[] payload);

    @Override
    void close();
}
