package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PduTooLargeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One receive call per PDU loses nothing: a PDU longer than the room given stays there for the next receive, whole
 * and in order, whichever method takes it next; byte[] receives grow their buffer to the PDUs that come.
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
}
