package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
