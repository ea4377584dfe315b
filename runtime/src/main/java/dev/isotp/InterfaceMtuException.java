package dev.isotp;

/** A CAN FD socket was bound to an interface whose MTU is 16 (classic CAN only) (EINVAL at bind). */
public class InterfaceMtuException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the socket creates it with the one wording of this failure.
     *
     * @param message what happened and what to do
     * @param errno the kernel's error number, or 0 where the failure was found without one
     * @param errnoName the errno's symbolic name; empty where {@code errno} is 0
     */
    public InterfaceMtuException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
