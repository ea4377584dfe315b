package dev.isotp;

/** A consecutive frame arrived with the wrong sequence number; the PDU was dropped (EILSEQ). */
public class SequenceNumberException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public SequenceNumberException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
