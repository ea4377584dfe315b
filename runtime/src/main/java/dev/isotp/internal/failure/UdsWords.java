package dev.isotp.internal.failure;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The names ISO 14229-1 gives UDS services and negative response codes, for messages: "0x22 ReadDataByIdentifier",
 * "0x31 requestOutOfRange". Codes the standard reserves or leaves to manufacturers are named by number.
 */
public final class UdsWords {
    /** Bytes of a request shown after its service name. */
    private static final int BYTES_SHOWN = 8;
    private static final String[] SERVICES = new String[256];
    private static final String[] CODES = new String[256];

    static {
        service(0x10, "DiagnosticSessionControl");
        service(0x11, "ECUReset");
        service(0x14, "ClearDiagnosticInformation");
        service(0x19, "ReadDTCInformation");
        service(0x22, "ReadDataByIdentifier");
        service(0x23, "ReadMemoryByAddress");
        service(0x24, "ReadScalingDataByIdentifier");
        service(0x27, "SecurityAccess");
        service(0x28, "CommunicationControl");
        service(0x29, "Authentication");
        service(0x2A, "ReadDataByPeriodicIdentifier");
        service(0x2C, "DynamicallyDefineDataIdentifier");
        service(0x2E, "WriteDataByIdentifier");
        service(0x2F, "InputOutputControlByIdentifier");
        service(0x31, "RoutineControl");
        service(0x34, "RequestDownload");
        service(0x35, "RequestUpload");
        service(0x36, "TransferData");
        service(0x37, "RequestTransferExit");
        service(0x38, "RequestFileTransfer");
        service(0x3D, "WriteMemoryByAddress");
        service(0x3E, "TesterPresent");
        service(0x83, "AccessTimingParameter");
        service(0x84, "SecuredDataTransmission");
        service(0x85, "ControlDTCSetting");
        service(0x86, "ResponseOnEvent");
        service(0x87, "LinkControl");

        code(0x10, "generalReject");
        code(0x11, "serviceNotSupported");
        code(0x12, "subFunctionNotSupported");
        code(0x13, "incorrectMessageLengthOrInvalidFormat");
        code(0x14, "responseTooLong");
        code(0x21, "busyRepeatRequest");
        code(0x22, "conditionsNotCorrect");
        code(0x24, "requestSequenceError");
        code(0x25, "noResponseFromSubnetComponent");
        code(0x26, "failurePreventsExecutionOfRequestedAction");
        code(0x31, "requestOutOfRange");
        code(0x33, "securityAccessDenied");
        code(0x34, "authenticationRequired");
        code(0x35, "invalidKey");
        code(0x36, "exceedNumberOfAttempts");
        code(0x37, "requiredTimeDelayNotExpired");
        code(0x50, "certificateVerificationFailedInvalidTimePeriod");
        code(0x51, "certificateVerificationFailedInvalidSignature");
        code(0x52, "certificateVerificationFailedInvalidChainOfTrust");
        code(0x53, "certificateVerificationFailedInvalidType");
        code(0x54, "certificateVerificationFailedInvalidFormat");
        code(0x55, "certificateVerificationFailedInvalidContent");
        code(0x56, "certificateVerificationFailedInvalidScope");
        code(0x57, "certificateVerificationFailedInvalidCertificate");
        code(0x58, "ownershipVerificationFailed");
        code(0x59, "challengeCalculationFailed");
        code(0x5A, "settingAccessRightsFailed");
        code(0x5B, "sessionKeyCreationDerivationFailed");
        code(0x5C, "configurationDataUsageFailed");
        code(0x5D, "deAuthenticationFailed");
        code(0x70, "uploadDownloadNotAccepted");
        code(0x71, "transferDataSuspended");
        code(0x72, "generalProgrammingFailure");
        code(0x73, "wrongBlockSequenceCounter");
        code(0x78, "requestCorrectlyReceived-ResponsePending");
        code(0x7E, "subFunctionNotSupportedInActiveSession");
        code(0x7F, "serviceNotSupportedInActiveSession");
        code(0x81, "rpmTooHigh");
        code(0x82, "rpmTooLow");
        code(0x83, "engineIsRunning");
        code(0x84, "engineIsNotRunning");
        code(0x85, "engineRunTimeTooLow");
        code(0x86, "temperatureTooHigh");
        code(0x87, "temperatureTooLow");
        code(0x88, "vehicleSpeedTooHigh");
        code(0x89, "vehicleSpeedTooLow");
        code(0x8A, "throttle/PedalTooHigh");
        code(0x8B, "throttle/PedalTooLow");
        code(0x8C, "transmissionRangeNotInNeutral");
        code(0x8D, "transmissionRangeNotInGear");
        code(0x8F, "brakeSwitch(es)NotClosed");
        code(0x90, "shifterLeverNotInPark");
        code(0x91, "torqueConverterClutchLocked");
        code(0x92, "voltageTooHigh");
        code(0x93, "voltageTooLow");
        code(0x94, "resourceTemporarilyNotAvailable");
    }

    private UdsWords() {
    }

    private static void service(int sid, String name) {
        SERVICES[sid] = name;
    }

    private static void code(int nrc, String name) {
        CODES[nrc] = name;
    }

    /**
     * Whether ISO 14229-1 gives a service a sub-function (0x10, 0x11, 0x19, 0x27, 0x28, 0x29, 0x2C, 0x31, 0x3E, 0x83,
     * 0x85, 0x86, 0x87): bit 7 of its second byte is then suppressPosRspMsgIndicationBit.
     *
     * @param sid the service identifier, 0x00-0xFF
     * @return true for the services with a sub-function
     */
    public static boolean hasSubFunction(int sid) {
        switch (sid & 0xFF) {
            case 0x10: case 0x11: case 0x19: case 0x27: case 0x28: case 0x29: case 0x2C: case 0x31: case 0x3E:
            case 0x83: case 0x85: case 0x86: case 0x87:
                return true;
            default:
                return false;
        }
    }

    /**
     * The name ISO 14229-1 gives a service.
     *
     * @param sid the service identifier, 0x00-0xFF
     * @return e.g. "ReadDataByIdentifier"; null for a service the standard does not name
     */
    public static String serviceName(int sid) {
        return SERVICES[sid & 0xFF];
    }

    /**
     * The name ISO 14229-1 gives a negative response code.
     *
     * @param nrc the code, 0x00-0xFF
     * @return e.g. "requestOutOfRange"; null for a reserved code
     */
    public static String responseCodeName(int nrc) {
        int code = nrc & 0xFF;
        return code >= 0xF0 && code <= 0xFE ? "vehicleManufacturerSpecificConditionsNotCorrect" : CODES[code];
    }

    /**
     * A negative response code as messages write it.
     *
     * @param nrc 0x00-0xFF
     * @return "0x31 requestOutOfRange", "0xF5 vehicleManufacturerSpecificConditionsNotCorrect" (the range 0xF0-0xFE);
     *         "0x45 (reserved for extended data-link security)", "0xA0 (reserved by ISO 14229-1)" for codes the
     *         standard reserves
     */
    public static String responseCode(int nrc) {
        String name = CODES[nrc & 0xFF];
        if (name != null) {
            return hex(nrc) + " " + name;
        }
        if (nrc >= 0xF0 && nrc <= 0xFE) {
            return hex(nrc) + " vehicleManufacturerSpecificConditionsNotCorrect"; // ISO 14229-1 names the range
        }
        return hex(nrc) + (nrc >= 0x38 && nrc <= 0x4F ? " (reserved for extended data-link security)"
                : " (reserved by ISO 14229-1)");
    }

    /**
     * A request as messages write it: its service and its first bytes after the service identifier.
     *
     * @param request a request PDU, 1 or more bytes
     * @return "0x22 ReadDataByIdentifier F1 90", "0xBA 01 02" for a service the standard does not name
     */
    public static String request(byte[] request) {
        int sid = request[0] & 0xFF;
        String name = SERVICES[sid];
        StringBuilder s = new StringBuilder(hex(sid));
        if (name != null) {
            s.append(' ').append(name);
        }
        int shown = Math.min(request.length - 1, BYTES_SHOWN);
        if (shown > 0) {
            s.append(' ').append(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(request, 1, 1 + shown));
            if (request.length - 1 > shown) {
                s.append(" ...");
            }
        }
        return s.toString();
    }

    private static String hex(int b) {
        return String.format(Locale.ROOT, "0x%02X", b & 0xFF);
    }
}
