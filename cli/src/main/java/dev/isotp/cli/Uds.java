package dev.isotp.cli;

import dev.isotp.UdsNames;
import java.util.Locale;
import java.util.Map;

/**
 * Names UDS (ISO 14229) services, responses and negative response codes, where a PDU looks like one: in the runtime's
 * words ({@link UdsNames}), and the common data identifiers.
 */
final class Uds {
    private static final Map<Integer, String> DATA_IDENTIFIERS = Map.ofEntries(
            Map.entry(0xF186, "ActiveDiagnosticSession"),
            Map.entry(0xF187, "SparePartNumber"),
            Map.entry(0xF188, "ECUSoftwareNumber"),
            Map.entry(0xF18A, "SystemSupplierIdentifier"),
            Map.entry(0xF18C, "ECUSerialNumber"),
            Map.entry(0xF190, "VIN"),
            Map.entry(0xF191, "ECUHardwareNumber"),
            Map.entry(0xF195, "SystemSupplierECUSoftwareVersion"));

    private Uds() {
    }

    /** What the PDU is as UDS, e.g. "ReadDataByIdentifier F190 (VIN)"; empty where the first byte is no service. */
    static String describe(byte[] pdu) {
        if (pdu.length == 0) {
            return "";
        }
        int first = pdu[0] & 0xFF;
        if (first == 0x7F && pdu.length >= 3) {
            String service = UdsNames.service(pdu[1]).orElse(String.format(Locale.ROOT, "service 0x%02X", pdu[1] & 0xFF));
            String code = UdsNames.responseCode(pdu[2]).orElse("code");
            return String.format(Locale.ROOT, "negative response to %s: %s (0x%02X)", service, code, pdu[2] & 0xFF);
        }
        String request = UdsNames.service(first).orElse(null);
        if (request != null) {
            return request + identifier(first, pdu);
        }
        String answered = first >= 0x40 ? UdsNames.service(first - 0x40).orElse(null) : null;
        if (answered != null) {
            return answered + " positive response" + identifier(first - 0x40, pdu);
        }
        return "";
    }

    /** " F190 (VIN)" for the data identifier services, else "". */
    private static String identifier(int service, byte[] pdu) {
        if ((service != 0x22 && service != 0x2E) || pdu.length < 3) {
            return "";
        }
        int id = (pdu[1] & 0xFF) << 8 | (pdu[2] & 0xFF);
        String name = DATA_IDENTIFIERS.get(id);
        return String.format(Locale.ROOT, " %04X", id) + (name == null ? "" : " (" + name + ")");
    }
}
