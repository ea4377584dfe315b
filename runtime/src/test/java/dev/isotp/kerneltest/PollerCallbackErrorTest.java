package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.kernel.RawCanSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A readiness callback that throws on the process's poller thread (the kernel backend's asynchronous receive path)
 * is not lost in the poller: it is logged on {@code dev.isotp.channel} and counted by its socket.
 */
@Tag("kernel")
class PollerCallbackErrorTest {
    @Test
    void aCallbackThatThrowsOnThePollerIsLoggedAndCountedOnItsSocket() throws Exception {
        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.isotp.channel");
        logger.addHandler(handler);
        RuntimeException thrown = new IllegalStateException("a callback's bug");
        try (IsoTpSocket socket = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6E3).txid(0x6E4).build());
                RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            socket.armReadable(() -> {
                throw thrown;
            });
            bus.send(0x6E3, 0x02, 0x50, 0x01);
            long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
            while (socket.unclaimedErrors() == 0 && System.currentTimeMillis() < deadline) {
                Kernel.sleep(10);
            }
            assertEquals(1, socket.unclaimedErrors());
            LogRecord record;
            synchronized (logged) {
                record = logged.stream().filter(r -> r.getThrown() == thrown).findFirst()
                        .orElseThrow(() -> new AssertionError("not logged with its socket: " + logged));
            }
            assertEquals(Level.SEVERE, record.getLevel());
            assertTrue(record.getMessage().contains("on the poller failed and no call was waiting for it"), record.getMessage());
            assertArrayEquals(new byte[] {0x50, 0x01}, socket.receive(Duration.ofSeconds(20)), "the PDU is still there");
        } finally {
            logger.removeHandler(handler);
        }
    }
}
