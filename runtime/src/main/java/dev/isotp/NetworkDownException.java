package dev.isotp;

/** The CAN interface is down (ENETDOWN). */
public class NetworkDownException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public NetworkDownException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
