package dev.isotp.samples.declared;

import dev.isotp.IsoTpChannel;
import dev.isotp.UdsChannel;
import dev.isotp.UdsTiming;
import java.net.SocketTimeoutException;

/** A UDS channel whose requests with their own timing declare no IOException, or only SocketTimeoutException. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, requestTimeoutMillis = 2000)
@UdsChannel(p2Millis = 100, p2StarMillis = 800, transferAllowanceMillis = 100)
public interface UdsDeclaring extends AutoCloseable {
    byte[] erase(byte[] request, UdsTiming timing);

    byte[] eraseOrTimeout(byte[] request, UdsTiming timing) throws SocketTimeoutException;

    @Override
    void close();
}
