package dev.isotp;

/** A received PDU is larger than the buffer it was to be received into. */
public class PduTooLargeException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public PduTooLargeException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
