package dev.isotp.samples.functional;

import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpChannel.Responder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** An OBD tester: one functional request to 0x7DF, answers from the ECUs 0x7E8, 0x7E9 and 0x7EA. */
@IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, responders = {
        @Responder(rxid = 0x7E8, txid = 0x7E0),
        @Responder(rxid = 0x7E9, txid = 0x7E1),
        @Responder(rxid = 0x7EA, txid = 0x7E2)})
public interface Obd extends AutoCloseable {
    Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;

    @Override
    void close();
}
