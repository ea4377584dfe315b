package dev.isotp.processor.kerneltest;

import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpChannel;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Methods declaring only some exceptions: those come as themselves, other IO failures as UncheckedIOException. */
@IsoTpChannel(iface = "vcan0", rxid = 0x6CA, txid = 0x6C2)
public interface Declaring extends AutoCloseable {
    byte[] receive(Duration timeout) throws SocketTimeoutException;

    void send(byte[] payload) throws FlowControlTimeoutException;

    void sendBuffer(ByteBuffer payload);

    byte[] request(byte[] request, Duration timeout) throws SocketTimeoutException, FlowControlTimeoutException;

    @Override
    void close();
}
