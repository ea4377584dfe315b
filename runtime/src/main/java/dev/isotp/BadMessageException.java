package dev.isotp;

/** A frame failed the padding check, or a flow control was malformed (EBADMSG). */
public class BadMessageException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public BadMessageException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
