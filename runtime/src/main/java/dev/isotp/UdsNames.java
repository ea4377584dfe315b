package dev.isotp;

import dev.isotp.internal.failure.UdsWords;
import java.util.Optional;

/**
 * The names ISO 14229-1 gives UDS services and negative response codes, the words of {@link
 * NegativeResponseException}'s messages, and which services have a sub-function: for tools that show or simulate UDS
 * (a sniffer, a simulated ECU).
 */
public final class UdsNames {
    private UdsNames() {
    }

    /**
     * The name of a service.
     *
     * @param serviceId the service identifier of a request, 0x00-0xFF (other bits are ignored)
     * @return e.g. "ReadDataByIdentifier" for 0x22; empty for a service the standard does not name
     */
    public static Optional<String> service(int serviceId) {
        return Optional.ofNullable(UdsWords.serviceName(serviceId));
    }

    /**
     * Whether ISO 14229-1 gives a service a sub-function, whose bit 7 is suppressPosRspMsgIndicationBit.
     *
     * @param serviceId the service identifier, 0x00-0xFF (other bits are ignored)
     * @return true for 0x10, 0x11, 0x19, 0x27, 0x28, 0x29, 0x2C, 0x31, 0x3E, 0x83, 0x85, 0x86 and 0x87
     */
    public static boolean hasSubFunction(int serviceId) {
        return UdsWords.hasSubFunction(serviceId);
    }

    /**
     * The name of a negative response code.
     *
     * @param responseCode the code of a {@code 7F <SID> <NRC>} response, 0x00-0xFF (other bits are ignored)
     * @return e.g. "requestOutOfRange" for 0x31, "vehicleManufacturerSpecificConditionsNotCorrect" for 0xF0-0xFE; empty
     *         for a code ISO 14229-1 reserves
     */
    public static Optional<String> responseCode(int responseCode) {
        return Optional.ofNullable(UdsWords.responseCodeName(responseCode));
    }
}
