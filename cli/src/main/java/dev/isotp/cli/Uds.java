package dev.isotp.cli;

import java.util.Locale;
import java.util.Map;

/** Names UDS (ISO 14229) services, responses and negative response codes, where a PDU looks like one. */
final class Uds {
    private static final Map<Integer, String> SERVICES = Map.ofEntries(
            Map.entry(0x10, "DiagnosticSessionControl"),
            Map.entry(0x11, "ECUReset"),
            Map.entry(0x14, "ClearDiagnosticInformation"),
            Map.entry(0x19, "ReadDTCInformation"),
            Map.entry(0x22, "ReadDataByIdentifier"),
            Map.entry(0x23, "ReadMemoryByAddress"),
            Map.entry(0x24, "ReadScalingDataByIdentifier"),
            Map.entry(0x27, "SecurityAccess"),
            Map.entry(0x28, "CommunicationControl"),
            Map.entry(0x29, "Authentication"),
            Map.entry(0x2A, "ReadDataByPeriodicIdentifier"),
            Map.entry(0x2C, "DynamicallyDefineDataIdentifier"),
            Map.entry(0x2E, "WriteDataByIdentifier"),
            Map.entry(0x2F, "InputOutputControlByIdentifier"),
            Map.entry(0x31, "RoutineControl"),
            Map.entry(0x34, "RequestDownload"),
            Map.entry(0x35, "RequestUpload"),
            Map.entry(0x36, "TransferData"),
            Map.entry(0x37, "RequestTransferExit"),
            Map.entry(0x38, "RequestFileTransfer"),
            Map.entry(0x3D, "WriteMemoryByAddress"),
            Map.entry(0x3E, "TesterPresent"),
            Map.entry(0x83, "AccessTimingParameter"),
            Map.entry(0x84, "SecuredDataTransmission"),
            Map.entry(0x85, "ControlDTCSetting"),
            Map.entry(0x86, "ResponseOnEvent"),
            Map.entry(0x87, "LinkControl"));

    private static final Map<Integer, String> NEGATIVE_RESPONSE_CODES = Map.ofEntries(
            Map.entry(0x10, "generalReject"),
            Map.entry(0x11, "serviceNotSupported"),
            Map.entry(0x12, "subFunctionNotSupported"),
            Map.entry(0x13, "incorrectMessageLengthOrInvalidFormat"),
            Map.entry(0x14, "responseTooLong"),
            Map.entry(0x21, "busyRepeatRequest"),
            Map.entry(0x22, "conditionsNotCorrect"),
            Map.entry(0x24, "requestSequenceError"),
            Map.entry(0x25, "noResponseFromSubnetComponent"),
            Map.entry(0x26, "failurePreventsExecutionOfRequestedAction"),
            Map.entry(0x31, "requestOutOfRange"),
            Map.entry(0x33, "securityAccessDenied"),
            Map.entry(0x35, "invalidKey"),
            Map.entry(0x36, "exceedNumberOfAttempts"),
            Map.entry(0x37, "requiredTimeDelayNotExpired"),
            Map.entry(0x70, "uploadDownloadNotAccepted"),
            Map.entry(0x71, "transferDataSuspended"),
            Map.entry(0x72, "generalProgrammingFailure"),
            Map.entry(0x73, "wrongBlockSequenceCounter"),
            Map.entry(0x78, "requestCorrectlyReceived-ResponsePending"),
            Map.entry(0x7E, "subFunctionNotSupportedInActiveSession"),
            Map.entry(0x7F, "serviceNotSupportedInActiveSession"));

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
            String service = SERVICES.getOrDefault(pdu[1] & 0xFF, String.format(Locale.ROOT, "service 0x%02X", pdu[1] & 0xFF));
            String code = NEGATIVE_RESPONSE_CODES.getOrDefault(pdu[2] & 0xFF, "code");
            return String.format(Locale.ROOT, "negative response to %s: %s (0x%02X)", service, code, pdu[2] & 0xFF);
        }
        String request = SERVICES.get(first);
        if (request != null) {
            return request + identifier(first, pdu);
        }
        String answered = first >= 0x40 ? SERVICES.get(first - 0x40) : null;
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
