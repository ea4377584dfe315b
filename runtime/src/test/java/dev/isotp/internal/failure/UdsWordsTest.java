package dev.isotp.internal.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.UdsNames;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ISO 14229-1's names of services and negative response codes, and how messages write a request. */
class UdsWordsTest {
    @Test
    void codesAreNamedAsTheStandardNamesThemAndTheOthersByNumber() {
        assertEquals("0x31 requestOutOfRange", UdsWords.responseCode(0x31));
        assertEquals("0x94 resourceTemporarilyNotAvailable", UdsWords.responseCode(0x94));
        assertEquals("0x78 requestCorrectlyReceived-ResponsePending", UdsWords.responseCode(0x78));
        assertEquals("0x45 (reserved for extended data-link security)", UdsWords.responseCode(0x45));
        assertEquals("0xF5 vehicleManufacturerSpecificConditionsNotCorrect", UdsWords.responseCode(0xF5));
        assertEquals("0xA0 (reserved by ISO 14229-1)", UdsWords.responseCode(0xA0));
        assertEquals("0xFF (reserved by ISO 14229-1)", UdsWords.responseCode(0xFF));
    }

    @Test
    void aRequestIsItsServiceAndItsFirstBytes() {
        assertEquals("0x22 ReadDataByIdentifier F1 90", UdsWords.request(new byte[] {0x22, (byte) 0xF1, (byte) 0x90}));
        assertEquals("0x3E TesterPresent", UdsWords.request(new byte[] {0x3E}));
        assertEquals("0xBA 01 02", UdsWords.request(new byte[] {(byte) 0xBA, 1, 2}));
        assertEquals("0x36 TransferData 01 00 01 02 03 04 05 06 ...",
                UdsWords.request(new byte[] {0x36, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void theServicesWithASubFunctionAreIsosThirteen() {
        java.util.List<Integer> withSubFunction = new java.util.ArrayList<>();
        for (int sid = 0; sid < 256; sid++) {
            if (UdsNames.hasSubFunction(sid)) {
                withSubFunction.add(sid);
            }
        }
        assertEquals(java.util.List.of(0x10, 0x11, 0x19, 0x27, 0x28, 0x29, 0x2C, 0x31, 0x3E, 0x83, 0x85, 0x86, 0x87),
                withSubFunction);
    }

    @Test
    void thePublicNamesAreTheSameWords() {
        assertEquals(Optional.of("ReadDataByIdentifier"), UdsNames.service(0x22));
        assertEquals(Optional.of("requestOutOfRange"), UdsNames.responseCode(0x31));
        assertEquals(Optional.empty(), UdsNames.service(0xBA));
        assertEquals(Optional.empty(), UdsNames.responseCode(0x45));
    }
}
