package dev.isotp.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure rules of requests: the default timeout, its range, the words of dropped PDUs (late errors: ErrorMapperTest). */
class RequestRulesTest {
    @Test
    void theRequestTimeoutDefaultsToP2StarAndIsJudgedByTheValidator() {
        IsoTpConfig config = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).build();
        assertEquals(Duration.ofMillis(5000), config.requestTimeout());
        assertEquals(Duration.ZERO, config.receiveTimeout(), "the receive timeout keeps its own default");
        assertEquals(Duration.ofMillis(250),
                config.toBuilder().requestTimeoutMillis(250).build().requestTimeout());
        List<Problem> problems = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0)
                .requestTimeoutMillis(-1).validate();
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Attribute.REQUEST_TIMEOUT_MILLIS, problems.get(0).attribute());
        assertEquals("requestTimeoutMillis -1 is out of range: use 0-2147483647 ms (0 waits without limit)",
                problems.get(0).message());
    }

    @Test
    void aDroppedOrUndecodablePduIsShownByItsFirstBytes() {
        assertEquals("62 F1 90", ChannelSupport.hexStart(new byte[] {0x62, (byte) 0xF1, (byte) 0x90}));
        byte[] long20 = new byte[20];
        long20[0] = 0x7F;
        assertEquals("7F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ...", ChannelSupport.hexStart(long20));
    }
}
