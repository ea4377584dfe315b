package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.TimestampedPdu;
import dev.isotp.kernel.RawCanSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * receiveTimestamped: the kernel's stamp is the arrival of a PDU's last frame, and stamps taken on two sockets put
 * PDUs in the order they happened even when they are received in the other order.
 */
@Tag("kernel")
class ReceiveTimestampTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static IsoTpSocket listening(int rxid, int txid) throws Exception {
        IsoTpSocket socket = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(rxid).txid(txid)
                .listenMode(true).build());
        socket.enableReceiveTimestamps();
        return socket;
    }

    /**
     * Waits until the kernel stamps frames on arrival: it turns stamping on shortly after the first socket asks (until
     * then a PDU carries the time it was taken). Probes with single frames whose stamp must precede their taking.
     */
    private static void awaitKernelStamps(IsoTpSocket socket, RawCanSocket bus, int rxid) throws Exception {
        long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            bus.send(rxid, 0x01, 0x3E);
            Instant sent = Instant.now();
            Kernel.sleep(20);
            if (!socket.receiveTimestamped(WAIT).timestamp().isAfter(sent)) {
                return;
            }
        }
        throw new AssertionError("the kernel did not stamp frames on arrival within " + Kernel.PATIENCE_MILLIS + " ms");
    }

    @Test
    void theStampIsTheArrivalOfTheLastFrame() throws Exception {
        try (IsoTpSocket socket = listening(0x6D1, 0x6D2); RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            awaitKernelStamps(socket, bus, 0x6D1);
            bus.send(0x6D1, 0x10, 0x09, 1, 2, 3, 4, 5, 6);
            Kernel.sleep(300);
            Instant beforeLastFrame = Instant.now();
            bus.send(0x6D1, 0x21, 7, 8, 9);
            Instant afterLastFrame = Instant.now();
            Kernel.sleep(300); // taken from the socket well after it arrived
            TimestampedPdu pdu = socket.receiveTimestamped(WAIT);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, pdu.payload());
            System.out.println("stamp " + pdu.timestamp() + ", last frame sent from " + beforeLastFrame + " to "
                    + afterLastFrame);
            assertTrue(!pdu.timestamp().isBefore(beforeLastFrame), "stamped before its last frame: " + pdu.timestamp());
            assertTrue(!pdu.timestamp().isAfter(afterLastFrame), "stamped when taken, not on arrival: " + pdu.timestamp());
        }
    }

    @Test
    void stampsOfTwoSocketsOrderPdusAsTheyHappenedWhateverOrderTheyAreReceivedIn() throws Exception {
        try (IsoTpSocket requests = listening(0x6E0, 0x6E8); IsoTpSocket answers = listening(0x6E8, 0x6E0);
                RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            awaitKernelStamps(requests, bus, 0x6E0);
            for (int i = 0; i < 20; i++) {
                bus.send(0x6E0, 0x02, 0x10, i);
                bus.send(0x6E8, 0x02, 0x50, i);
                // the answer is received first: its stamp still comes after the request's
                TimestampedPdu answer = answers.receiveTimestamped(WAIT);
                TimestampedPdu request = requests.receiveTimestamped(WAIT);
                assertArrayEquals(new byte[] {0x10, (byte) i}, request.payload());
                assertArrayEquals(new byte[] {0x50, (byte) i}, answer.payload());
                assertTrue(request.epochNanos() < answer.epochNanos(),
                        "request " + request.epochNanos() + " not before its answer " + answer.epochNanos());
            }
        }
    }
}
