package dev.isotp;

/**
 * The ECU's final negative response ({@code 7F <SID> <NRC>}) to a request of a {@link UdsChannel}. Its message
 * names the code and the request in ISO 14229-1's words, e.g. "0x31 requestOutOfRange: the ECU refused 0x22
 * ReadDataByIdentifier F1 90 (vcan0, EngineEcu)". Not thrown for "response pending" (0x78), which the channel waits
 * out, nor for busyRepeatRequest (0x21) until its repeats are used up.
 */
public class NegativeResponseException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    private final int serviceId;
    private final int responseCode;

    /**
     * Created by the channel with the words of {@code dev.isotp.internal.failure.UdsWords}.
     *
     * @param message what the ECU refused and why
     * @param serviceId the refused service's identifier, 0x00-0xFF
     * @param responseCode the negative response code, 0x00-0xFF
     */
    public NegativeResponseException(String message, int serviceId, int responseCode) {
        super(message, 0, "");
        this.serviceId = serviceId;
        this.responseCode = responseCode;
    }

    /** {@return the identifier of the service the ECU refused, e.g. 0x22} */
    public int serviceId() {
        return serviceId;
    }

    /** {@return the negative response code, e.g. 0x31 (requestOutOfRange)} */
    public int responseCode() {
        return responseCode;
    }
}
