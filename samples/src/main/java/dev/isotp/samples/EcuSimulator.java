package dev.isotp.samples;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsRequestCodec;
import dev.isotp.samples.uds.UdsResponse;
import dev.isotp.samples.uds.UdsResponseCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The ECU's channel, the mirror of {@link DiagnosticTester}: the ECU is address 0x10 and answers the tester at 0xF1
 * (receives 0x18DA10F1, transmits 0x18DAF110). Like many real ECUs it pads its frames to 8 bytes with 0xCC.
 */
@IsoTpChannel(iface = "vcan0", mode = AddressingMode.NORMAL_FIXED_29, targetAddress = 0xF1, sourceAddress = 0x10,
        txPadding = 0xCC, codecs = {UdsRequestCodec.class, UdsResponseCodec.class})
public interface EcuSimulator extends AutoCloseable {
    /** The next request, or empty when none came within {@code timeout}. */
    Optional<UdsRequest> poll(Duration timeout);

    void reply(UdsResponse response) throws IOException;

    /** The next request as raw bytes, waiting at most {@code timeout}. */
    byte[] receiveRaw(Duration timeout) throws IOException;

    @Override
    void close();
}
