package dev.isotp;

/** The CAN interface does not exist, or is not a CAN interface (ENODEV at bind). */
public class NoSuchInterfaceException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public NoSuchInterfaceException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
