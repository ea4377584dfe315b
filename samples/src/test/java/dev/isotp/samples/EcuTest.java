package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsRequestCodec;
import dev.isotp.samples.uds.UdsResponse;
import dev.isotp.samples.uds.UdsResponseCodec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The simulated ECU's answers and the UDS codecs, without a socket. */
class EcuTest {
    private static UdsResponse answer(int... pdu) {
        byte[] bytes = new byte[pdu.length];
        for (int i = 0; i < pdu.length; i++) {
            bytes[i] = (byte) pdu[i];
        }
        return Ecu.answer(UdsRequest.fromBytes(bytes)).orElseThrow();
    }

    @Test
    void theVinIsSeventeenAsciiBytesAfterThePositiveResponse() {
        UdsResponse vin = answer(0x22, 0xF1, 0x90);
        assertEquals("62 F1 90 31 48 47 43 4D 38 32 36 33 33 41 30 30 34 33 35 32", vin.toString());
        assertEquals(3 + 17, vin.length());
    }

    @Test
    void theMemoryBlockNeedsManyConsecutiveFrames() {
        UdsResponse block = answer(0x22, 0xFD, 0x00);
        assertEquals(3 + Ecu.MEMORY_BLOCK_SIZE, block.length());
        assertTrue(Demo.classicFrames(block.length()) > 400, "frames: " + Demo.classicFrames(block.length()));
        assertEquals(1, Demo.classicFrames(7));
        assertEquals(2, Demo.classicFrames(8));
        assertEquals(2, Demo.classicFrames(13));
        assertEquals(3, Demo.classicFrames(14));
    }

    @Test
    void anUnknownIdentifierGetsRequestOutOfRange() {
        assertEquals("7F 22 31", answer(0x22, 0xBE, 0xEF).toString());
        assertEquals(UdsResponse.REQUEST_OUT_OF_RANGE, answer(0x22, 0x12, 0x34).negativeResponseCode());
    }

    @Test
    void malformedAndUnknownRequestsGetNegativeResponses() {
        assertEquals("7F 22 13", answer(0x22, 0xF1).toString());
        assertEquals("7F 2E 11", answer(0x2E, 0x01, 0x02, 0x03).toString());
        assertEquals("7F 31 31", answer(0x31, 0x01, 0x02, 0x03).toString(), "a routine this ECU does not have");
    }

    @Test
    void testerPresentIsAnsweredUnlessSuppressed() {
        assertEquals("7E 00", answer(0x3E, 0x00).toString());
        assertEquals(Optional.empty(), Ecu.answer(UdsRequest.fromBytes(new byte[] {0x3E, (byte) 0x80})));
    }

    @Test
    void theCodecsRoundTrip() {
        UdsRequest request = UdsRequest.readDataByIdentifier(0xF190);
        byte[] bytes = new UdsRequestCodec().encode(request);
        assertEquals("22 F1 90", UdsRequest.fromBytes(bytes).toString());
        assertEquals(request, new UdsRequestCodec().decode(bytes));
        UdsResponse response = UdsResponse.negative(0x22, 0x31);
        assertEquals(response, new UdsResponseCodec().decode(new UdsResponseCodec().encode(response)));
        assertTrue(response.isNegative());
        assertTrue(UdsResponse.positive(0x22, new byte[] {1}).isPositiveFor(0x22));
    }
}
