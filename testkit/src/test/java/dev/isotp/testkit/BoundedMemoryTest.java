package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The frame log and the request history keep what their bounds say, and count the rest. */
@ExtendWith(VirtualCanBusExtension.class)
class BoundedMemoryTest {
    private static final IsoTpConfig TESTER =
            IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(5000).build();

    @Test
    void aStormKeepsTheLatestOnly(VirtualCanBus bus) throws Exception {
        assertEquals(FrameLog.DEFAULT_CAPACITY, bus.frames().capacity());
        bus.frames().keepAtMost(100);
        int n = 3000;
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).keepRequests(10)
                        .otherwise(r -> new byte[] {0x7E, r[1]}).start();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            for (int i = 0; i < n; i++) {
                tester.send(ByteBuffer.allocate(5).put((byte) 0x3E).putInt(i).array());
                tester.receive();
            }
            assertEquals(n, ecu.requestCount());
            List<byte[]> kept = ecu.requests();
            assertEquals(10, kept.size());
            assertArrayEquals(ByteBuffer.allocate(5).put((byte) 0x3E).putInt(n - 1).array(), kept.get(9));
        }
        bus.awaitIdle(Duration.ofSeconds(5));
        assertEquals(2L * n, bus.frames().total());
        assertEquals(100, bus.frames().all().size());
        assertEquals(2L * n - 100, bus.frames().forgotten());
        bus.frames().keepAtMost(0);                                         // off
        assertEquals(0, bus.frames().all().size());
        assertThrows(IllegalArgumentException.class, () -> bus.frames().keepAtMost(-1));
    }

    @Test
    void noRequestsKept(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).keepRequests(0)
                        .otherwise(r -> new byte[] {0x7E, 0x00}).start();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            tester.send(new byte[] {0x3E, 0x00});
            tester.receive();
            assertEquals(List.of(), ecu.requests());
            assertEquals(1, ecu.requestCount());
        }
        assertThrows(IllegalArgumentException.class, () -> SimulatedEcu.mirroring(bus, TESTER).keepRequests(-1));
    }
}
