package dev.isotp;

/** The peer sent no flow control in time, or the frame was never echoed by the interface (ECOMM). */
public class FlowControlTimeoutException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public FlowControlTimeoutException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
