package dev.isotp;

/** The kernel has no ISO-TP socket: the can-isotp module (Linux 5.10+) is not loaded, or CAN is missing (EPROTONOSUPPORT, EAFNOSUPPORT). */
public class KernelSupportMissingException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public KernelSupportMissingException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
