package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How PDUs are printed and what UDS names they get. */
class FormatTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void hexAsciiAndBoth() {
        byte[] pdu = bytes(0x62, 0xF1, 0x90, 0x31, 0x48, 0x00);
        assertEquals("62 F1 90 31 48 00", PduFormat.HEX.format(pdu, 0));
        assertEquals("b..1H.", PduFormat.ASCII.format(pdu, 0));
        assertEquals("62 F1 90 31 48 00  |b..1H.|", PduFormat.BOTH.format(pdu, 0));
        assertEquals("62 F1 ...  |b....|", PduFormat.BOTH.format(pdu, 2));
    }

    @Test
    void udsServicesResponsesAndNegativeResponses() {
        assertEquals("ReadDataByIdentifier F190 (VIN)", Uds.describe(bytes(0x22, 0xF1, 0x90)));
        assertEquals("ReadDataByIdentifier positive response F190 (VIN)", Uds.describe(bytes(0x62, 0xF1, 0x90, 0x31)));
        assertEquals("ReadDataByIdentifier BEEF", Uds.describe(bytes(0x22, 0xBE, 0xEF)));
        assertEquals("negative response to ReadDataByIdentifier: requestOutOfRange (0x31)", Uds.describe(bytes(0x7F, 0x22, 0x31)));
        assertEquals("negative response to service 0xA5: code (0x99)", Uds.describe(bytes(0x7F, 0xA5, 0x99)));
        assertEquals("TesterPresent", Uds.describe(bytes(0x3E, 0x00)));
        assertEquals("TesterPresent positive response", Uds.describe(bytes(0x7E, 0x00)));
        assertEquals("DiagnosticSessionControl positive response", Uds.describe(bytes(0x50, 0x03)));
        assertEquals("", Uds.describe(bytes(0x01, 0x02)));
        assertEquals("", Uds.describe(bytes()));
    }
}
