package dev.isotp;

/** A CAN FD socket was bound to an interface whose MTU is 16 (classic CAN only) (EINVAL at bind). */
public class InterfaceMtuException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public InterfaceMtuException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
