package dev.isotp;

/** A PDU being received stopped: no consecutive frame within 1 s (ETIMEDOUT). */
public class ConsecutiveFrameTimeoutException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public ConsecutiveFrameTimeoutException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
