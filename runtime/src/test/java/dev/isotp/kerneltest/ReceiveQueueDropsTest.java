package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.kernel.RawCanSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A socket that does not receive while single frames pour in: the kernel keeps what its receive buffer holds (208
 * KiB of socket buffers, a few hundred small PDUs) and drops the rest; {@code receiveQueueDrops()} counts exactly
 * those it dropped, on every kernel (sk_drops through SO_MEMINFO; SO_RXQ_OVFL itself reaches ISO-TP sockets from 6.1
 * on Debian's kernels, not on 5.10).
 */
@Tag("kernel")
class ReceiveQueueDropsTest {
    private static final int SENT = 1500;

    @Test
    void theCountIsEveryPduTheFullQueueDropped() throws Exception {
        try (IsoTpSocket socket = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6E1).txid(0x6E2).build());
                RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            assertEquals(0, socket.receiveQueueDrops());
            for (int i = 0; i < SENT; i++) {
                bus.send(0x6E1, 0x02, 0x5A, i & 0xFF);
            }
            Kernel.sleep(500);
            long drops = socket.receiveQueueDrops();
            int received = 0;
            try {
                while (true) {
                    byte[] pdu = socket.receive(Duration.ofMillis(300));
                    assertArrayEquals(new byte[] {0x5A, (byte) received}, pdu, "the oldest PDUs are kept, in order");
                    received++;
                }
            } catch (SocketTimeoutException drained) {
                // all taken
            }
            System.out.println(System.getProperty("os.version") + ": " + SENT + " single frames to a socket that did not receive: "
                    + received + " queued, " + drops + " dropped");
            assertTrue(received > 0 && received < SENT, received + " received");
            assertEquals(SENT - received, drops);
            bus.send(0x6E1, 0x01, 0x3E);
            assertArrayEquals(new byte[] {0x3E}, socket.receive(Duration.ofSeconds(20)));
            assertEquals(SENT - received, socket.receiveQueueDrops(), "a PDU that fits is not counted");
        }
    }
}
