package dev.isotp;

import java.io.IOException;

/**
 * A failure reported by the kernel's ISO-TP socket. It carries the errno and its symbolic name, and its message
 * says what happened and what to do. Subclasses name the failures a caller can act on.
 */
public class IsoTpException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The kernel's error number; 0 where the failure was found before any system call. */
    private final int errno;
    /** The errno's symbolic name; empty where {@link #errno} is 0. */
    private final String errnoName;

    /**
     * Creates the exception; the socket creates it with the one wording of each failure.
     *
     * @param message what happened and what to do
     * @param errno the kernel's error number, or 0 for a failure found before any system call
     * @param errnoName the errno's symbolic name, e.g. "ECOMM"; empty where {@code errno} is 0
     */
    public IsoTpException(String message, int errno, String errnoName) {
        super(message);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** {@return the kernel's error number (e.g. 70 for ECOMM); 0 where the failure was found before any system call} */
    public int errno() {
        return errno;
    }

    /** {@return the errno's symbolic name, e.g. "ECOMM"; empty where {@link #errno()} is 0} */
    public String errnoName() {
        return errnoName;
    }
}
