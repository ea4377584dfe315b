package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A socket sends in one thread while it receives in another (full duplex, both sockets at once), and a socket in
 * listen mode sees a transfer between two others without taking part in it (it sends no flow control).
 */
@Tag("kernel")
class ThreadsAndListenModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eachSocketSendsInOneThreadWhileItReceivesInAnother() throws Exception {
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface(Kernel.VCAN).frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x771).txid(0x770).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x770).txid(0x771).build())) {
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(sender(a, rounds, 1)));
            work.add(pool.submit(sender(b, rounds, 2)));
            work.add(pool.submit(receiver(b, rounds, 1)));
            work.add(pool.submit(receiver(a, rounds, 2)));
            for (Future<?> f : work) {
                f.get(2 * Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Void> sender(IsoTpSocket socket, int rounds, int seed) {
        return () -> {
            for (int i = 0; i < rounds; i++) {
                socket.send(Kernel.payload(1000 + i, seed * 100 + i));
            }
            return null;
        };
    }

    private static Callable<Void> receiver(IsoTpSocket socket, int rounds, int seed) {
        return () -> {
            for (int i = 0; i < rounds; i++) {
                assertArrayEquals(Kernel.payload(1000 + i, seed * 100 + i), socket.receive(WAIT), "PDU " + i);
            }
            return null;
        };
    }

    @Test
    void aListenModeSocketSeesATransferAndSendsNoFlowControl() throws Exception {
        byte[] pdu = Kernel.payload(50, 3);
        try (IsoTpSocket a = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x773).txid(0x772).build());
                IsoTpSocket b = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x772).txid(0x773).build());
                // listens to what a sends; its own tx id is one no one else uses, so any flow control it sent would show
                IsoTpSocket listener = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x772).txid(0x774)
                        .listenMode(true).build());
                CanSniffer sniffer = CanSniffer.start(Kernel.VCAN)) {
            a.send(pdu);
            assertArrayEquals(pdu, b.receive(WAIT), "the addressee");
            assertArrayEquals(pdu, listener.receive(WAIT), "the listener");
            a.send(new byte[] {0x01}); // a last frame: once candump shows it, it has shown all before it
            b.receive(WAIT);
            sniffer.awaitFrame(f -> f.id == 0x772 && f.u8(0) == 0x01 && f.u8(1) == 0x01, "a's last single frame");
            assertEquals(List.of(), sniffer.frames(0x774), "frames from the listener");
            assertEquals(1, sniffer.frames(0x773).size(), "one flow control, from b: " + sniffer.frames(0x773));
        }
    }
}
