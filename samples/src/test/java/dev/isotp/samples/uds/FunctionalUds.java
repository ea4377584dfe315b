package dev.isotp.samples.uds;

import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpChannel.Responder;
import dev.isotp.UdsChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** A UDS tester's functional channel: one request to 0x7DF, answers from 0x7E8, 0x7E9 and 0x7EA. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, requestTimeoutMillis = 5000,
        responders = {
                @Responder(rxid = 0x7E8, txid = 0x7E0),
                @Responder(rxid = 0x7E9, txid = 0x7E1),
                @Responder(rxid = 0x7EA, txid = 0x7E2)})
@UdsChannel(p2StarMillis = 800, transferAllowanceMillis = 200, testerPresentMillis = 400)
public interface FunctionalUds extends AutoCloseable {
    Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;

    void send(byte[] request) throws IOException;

    @Override
    void close();
}
