package dev.isotp.samples;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.UdsChannel;
import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsRequestCodec;
import dev.isotp.samples.uds.UdsResponse;
import dev.isotp.samples.uds.UdsResponseCodec;
import java.io.IOException;
import java.time.Duration;

/**
 * The diagnostic tester's channel: 29-bit normal fixed addressing (ISO 15765-2), the tester is source address 0xF1
 * and talks to the ECU at target address 0x10. It transmits on 0x18DA10F1 and receives on 0x18DAF110, the ids an
 * OBD tester uses for the first engine ECU on a 29-bit bus. It speaks UDS ({@code @UdsChannel}): its requests take the
 * answer that belongs to them and wait out "response pending". Requests and responses are typed through codecs. While
 * receiving a long response it asks the ECU for a flow control after every 16 consecutive frames ({@code bs}).
 */
@IsoTpChannel(iface = "vcan0", mode = AddressingMode.NORMAL_FIXED_29, targetAddress = 0x10, sourceAddress = 0xF1,
        bs = 16, stmin = 0, receiveTimeoutMillis = 5_000, codecs = {UdsRequestCodec.class, UdsResponseCodec.class})
@UdsChannel
public interface DiagnosticTester extends AutoCloseable {
    /**
     * Sends the request and waits at most {@code timeout} for the ECU's final response: "response pending" is waited
     * out, and a negative response is an answer here, decoded like a positive one.
     */
    @UdsChannel.NegativeResponseAsAnswer
    UdsResponse request(UdsRequest request, Duration timeout) throws IOException;

    /** Sends a request without waiting for an answer (e.g. TesterPresent with its answer suppressed). */
    void send(UdsRequest request) throws IOException;

    @Override
    void close();
}
