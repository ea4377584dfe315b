package dev.isotp;

/** The peer sent no flow control in time, or the frame was never echoed by the interface (ECOMM). */
public class FlowControlTimeoutException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the socket creates it with the one wording of this failure.
     *
     * @param message what happened and what to do
     * @param errno the kernel's error number, or 0 where the failure was found without one
     * @param errnoName the errno's symbolic name; empty where {@code errno} is 0
     */
    public FlowControlTimeoutException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
