package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.spi.CanFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes a recording unusable for the comparison: a direction that begins with a consecutive frame. */
class TransferTest {
    @Test
    void aRecordingIsWholeWhenNoDirectionBeginsWithAConsecutiveFrame() {
        assertNull(Transfer.directionStartingWithConsecutiveFrame(
                List.of("7E0#100A010203040506", "7E8#300000", "7E0#2107080910"), false));
        assertNull(Transfer.directionStartingWithConsecutiveFrame(List.of("7E0#0322F190"), false));
    }

    @Test
    void aDirectionThatBeginsWithAConsecutiveFrameIsNamed() {
        assertEquals("7E0", Transfer.directionStartingWithConsecutiveFrame(
                List.of("7E8#300000", "7E0#2107080910"), false));
        assertEquals("7E0", Transfer.directionStartingWithConsecutiveFrame(
                List.of("7E0##02193A3A9A67D8BD83F1798D1"), false)); // CAN FD: one flags digit after ##
        assertEquals("6B2 56", Transfer.directionStartingWithConsecutiveFrame(
                List.of("6B1#AB300000", "6B2#5621070809"), true)); // the address byte comes first
        assertNull(Transfer.directionStartingWithConsecutiveFrame(List.of("6B2#561014030A11181F"), true));
    }

    private static Transfer.Seen seen(long nanos, int id, int... data) {
        byte[] d = new byte[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) data[i];
        }
        return new Transfer.Seen(CanFrame.classic(id, d), nanos);
    }

    @Test
    void aTimerMayBeBlamedOnlyWithAGapOfASecondInTheKernelsStamps() {
        List<Transfer.Seen> stalled = List.of(seen(1_000, 0x7E0, 0x10, 0x0A, 1, 2, 3, 4, 5, 6),
                seen(2_000, 0x7E8, 0x30, 0, 0), seen(1_002_000_000L, 0x7E0, 0x21, 7, 8, 9, 10));
        String proof = Transfer.longestGap(stalled, 1_000_000_000L);
        assertNotNull(proof);
        assertTrue(proof.startsWith("1.002 s between 7E8#300000 and 7E0#210708090A"), proof);
        List<Transfer.Seen> brisk = List.of(seen(1_000, 0x7E0, 0x10, 0x0A, 1, 2, 3, 4, 5, 6),
                seen(2_000, 0x7E8, 0x30, 0, 0), seen(900_000_000L, 0x7E0, 0x21, 7, 8, 9, 10));
        assertNull(Transfer.longestGap(brisk, 1_000_000_000L), "0.9 s is no proof");
        // a frame without the kernel's stamp proves nothing
        assertNull(Transfer.longestGap(List.of(seen(0, 0x7E0, 0x21), seen(2_000_000_000L, 0x7E0, 0x22)), 1_000_000_000L));
    }

    @Test
    void aDeliveryOutOfOrderIsProvenOnlyWhenTheStampsCountUp() {
        // written 1, 2, 3 (the stamps), delivered 2, 1, 3
        List<Transfer.Seen> swapped = List.of(seen(20, 0x7E0, 0x22, 1), seen(10, 0x7E0, 0x21, 1), seen(30, 0x7E0, 0x23, 1));
        String proof = Transfer.deliveredOutOfOrder(swapped, 0x7E0, 0);
        assertNotNull(proof);
        assertTrue(proof.startsWith("received SN 2 where 1 was next"), proof);
        assertEquals(List.of("7E0#2101", "7E0#2201", "7E0#2301"), Transfer.text(Transfer.byStamp(swapped)));
        // in order as received: nothing to prove
        assertNull(Transfer.deliveredOutOfOrder(Transfer.byStamp(swapped), 0x7E0, 0));
        // written out of order too (a wrong sequence number of the sender's): no proof that the delivery swapped them
        assertNull(Transfer.deliveredOutOfOrder(List.of(seen(10, 0x7E0, 0x22, 1), seen(20, 0x7E0, 0x21, 1)), 0x7E0, 0));
    }

    @Test
    void aTransferThatEndedEarlyIsTheKernelsUpToWhereItEnded() {
        List<String> kernel = List.of("7E0#100A010203040506", "7E8#300100", "7E0#2107080910", "7E8#300100");
        assertTrue(Transfer.prefixOfEachDirection(List.of("7E0#100A010203040506", "7E8#300100"), kernel, false));
        assertTrue(Transfer.prefixOfEachDirection(kernel, kernel, false));
        assertTrue(!Transfer.prefixOfEachDirection(List.of("7E0#100A010203040506", "7E0#2207080910"), kernel, false),
                "a wrong sequence number is not the kernel's frame");
        assertTrue(!Transfer.prefixOfEachDirection(List.of("7E8#300100", "7E8#300100", "7E8#300100"), kernel, false),
                "more frames than the kernel's");
    }
}
