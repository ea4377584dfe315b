package dev.isotp;

/**
 * The ECU's final negative response ({@code 7F <SID> <NRC>}) to a request of a {@link UdsChannel}. Its message
 * names the code and the request in ISO 14229-1's words, e.g. "0x31 requestOutOfRange: the ECU refused 0x22
 * ReadDataByIdentifier F1 90 (vcan0, EngineEcu)". Not thrown for "response pending" (0x78), which the channel waits
 * out, nor for busyRepeatRequest (0x21) until its repeats are used up.
 */
public class NegativeResponseException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    /** The negative response as received: {@code 7F <SID> <NRC>}, and whatever the ECU added. */
    private final byte[] response;

    /**
     * Created by the channel with the words of {@code dev.isotp.internal.failure.UdsWords}.
     *
     * @param message what the ECU refused and why
     * @param response the negative response, {@code 7F <SID> <NRC> ...}, 3 or more bytes; copied
     * @throws IllegalArgumentException if {@code response} is shorter than 3 bytes or does not start with 0x7F
     */
    public NegativeResponseException(String message, byte[] response) {
        super(message, 0, "");
        if (response.length < 3 || response[0] != 0x7F) {
            throw new IllegalArgumentException("a negative response is 7F <SID> <NRC>, 3 or more bytes");
        }
        this.response = response.clone();
    }

    /** {@return the identifier of the service the ECU refused, e.g. 0x22} */
    public int serviceId() {
        return response[1] & 0xFF;
    }

    /** {@return the negative response code, e.g. 0x31 (requestOutOfRange)} */
    public int responseCode() {
        return response[2] & 0xFF;
    }

    /** {@return the negative response as received, {@code 7F <SID> <NRC>} and any bytes after it; a copy} */
    public byte[] response() {
        return response.clone();
    }
}
