package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PduTooLargeException;
import dev.isotp.SocketClosedException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One receive call per PDU loses nothing: a PDU longer than the room given stays there for the next receive, whole
 * and in order, whichever method takes it next; byte[] receives grow their buffer to the PDUs that come. A platform
 * thread waits inside that call (SO_RCVTIMEO): each receive waits its own timeout, and close() ends the wait even when
 * it comes just as the receive begins.
 */
@Tag("kernel")
class ReceivePathTest {
    private static final Duration WAIT = Duration.ofMillis(Kernel.PATIENCE_MILLIS);

    private static IsoTpConfig.Builder config(int rxid, int txid) {
        return IsoTpConfig.builder().iface(Kernel.VCAN).rxid(rxid).txid(txid).frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
    }

    @Test
    void anOversizedPduStaysForTheNextReceiveWholeAndInOrder() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(0x6B1, 0x6B0).build());
                IsoTpSocket b = IsoTpSocket.open(config(0x6B0, 0x6B1).build())) {
            byte[] large = Kernel.payload(300, 5);
            byte[] next = Kernel.payload(20, 6);
            a.send(large);
            a.send(next);
            ByteBuffer small = ByteBuffer.allocateDirect(100);
            for (int i = 0; i < 3; i++) { // asking again does not lose it either
                PduTooLargeException e = assertThrows(PduTooLargeException.class, () -> b.receive(small, WAIT));
                assertEquals(0, small.position(), e.getMessage());
            }
            assertArrayEquals(large, b.receive(WAIT), "the oversized PDU, whole, by the byte[] receive");
            assertEquals(20, b.receive(small, WAIT), "then the next one");
            byte[] got = new byte[20];
            small.flip().get(got);
            assertArrayEquals(next, got);
        }
    }

    @Test
    void aByteArrayReceiveGrowsItsBufferToThePdu() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(0x6B3, 0x6B2).build());
                IsoTpSocket b = IsoTpSocket.open(config(0x6B2, 0x6B3).build())) {
            // up to the kernel's largest PDU (8300 on 6.12 without max_pdu_size, 66000 on 5.10 and 6.1)
            int[] sizes = {7, 5000, 64, a.maxPduSize(), 4096, 4097};
            for (int i = 0; i < sizes.length; i++) {
                a.send(Kernel.payload(sizes[i], i));
            }
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(Kernel.payload(sizes[i], i), b.receive(WAIT), "PDU " + i + " of " + sizes[i] + " bytes");
            }
        }
    }

    @Test
    void pdusOfEverySizeIntoOneSmallDirectBufferArriveInOrder() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(0x6B5, 0x6B4).build());
                IsoTpSocket b = IsoTpSocket.open(config(0x6B4, 0x6B5).build())) {
            ByteBuffer small = ByteBuffer.allocateDirect(64);
            ByteBuffer large = ByteBuffer.allocateDirect(2000);
            int[] sizes = {1, 64, 65, 63, 1999, 7, 200};
            for (int i = 0; i < sizes.length; i++) {
                a.send(Kernel.payload(sizes[i], 10 + i));
            }
            for (int i = 0; i < sizes.length; i++) {
                ByteBuffer into = small.clear();
                if (sizes[i] > small.capacity()) {
                    assertThrows(PduTooLargeException.class, () -> b.receive(small.clear(), WAIT));
                    into = large.clear();
                }
                assertEquals(sizes[i], b.receive(into, WAIT));
                byte[] got = new byte[sizes[i]];
                into.flip().get(got);
                assertArrayEquals(Kernel.payload(sizes[i], 10 + i), got, "PDU " + i);
            }
        }
    }

    @Test
    void eachReceiveWaitsItsOwnTimeout() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(0x6B7, 0x6B6).build());
                IsoTpSocket b = IsoTpSocket.open(config(0x6B6, 0x6B7).receiveTimeoutMillis(3000).build())) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> b.receive(Duration.ofMillis(150)));
            long waited = Kernel.millisSince(start);
            assertTrue(waited >= 150, "waited at least its timeout, not " + waited + " ms");
            // the configured 3 s: a PDU sent after 1 s comes within it
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                Kernel.sleep(1000);
                try {
                    a.send(Kernel.payload(9, 1));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            start = System.nanoTime();
            assertArrayEquals(Kernel.payload(9, 1), b.receive(), "the PDU sent after 1 s, within the configured 3 s");
            long received = Kernel.millisSince(start);
            later.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            // back to a short timeout: it is not the 3 s set before (the PDU sent after 2 s must not be received)
            later = CompletableFuture.runAsync(() -> {
                Kernel.sleep(2000);
                try {
                    a.send(Kernel.payload(10, 2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> b.receive(ByteBuffer.allocateDirect(64), Duration.ofMillis(300)));
            long shortWait = Kernel.millisSince(start);
            assertTrue(shortWait >= 300, "waited at least its timeout, not " + shortWait + " ms");
            later.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            assertArrayEquals(Kernel.payload(10, 2), b.receive(WAIT), "the later PDU stayed for the next receive");
            System.out.printf("timeouts: 150 ms waited %d ms; a PDU sent after 1 s came after %d ms; 300 ms waited %d ms%n",
                    waited, received, shortWait);
        }
    }

    @Test
    void closeEndsAReceiveThatIsJustBeginning() throws Exception {
        int rounds = 200;
        double[] millis = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            IsoTpSocket socket = IsoTpSocket.open(config(0x6B9, 0x6B8).build()); // no receive timeout
            long[] ended = new long[1];
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread receiver = new Thread(() -> { // a platform thread: it waits inside its receive call
                try {
                    socket.receive();
                    outcome.complete(new AssertionError("receive returned without a PDU"));
                } catch (Throwable t) {
                    ended[0] = System.nanoTime();
                    outcome.complete(t);
                }
            }, "receiver-" + round);
            receiver.start();
            // from at once to a little later: close() lands before, during and after the receive enters the kernel
            for (int spin = 0; spin < round * 50; spin++) {
                Thread.onSpinWait();
            }
            long closedAt = System.nanoTime();
            socket.close();
            Throwable t;
            try {
                t = outcome.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                t = e.getCause();
            }
            assertTrue(t instanceof SocketClosedException, "round " + round + ": receive ended with " + t);
            millis[round] = (ended[0] - closedAt) / 1e6;
            receiver.join();
        }
        Arrays.sort(millis);
        System.out.printf("close() ended a receive just beginning %d times: median %.2f ms, max %.2f ms%n", rounds,
                millis[rounds / 2], millis[rounds - 1]);
    }
}
