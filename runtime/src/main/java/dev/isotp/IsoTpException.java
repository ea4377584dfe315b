package dev.isotp;

import java.io.IOException;

/**
 * A failure reported by the kernel's ISO-TP socket. It carries the errno and its symbolic name, and its message
 * says what happened and what to do. Subclasses name the failures a caller can act on.
 */
public class IsoTpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;

    public IsoTpException(String message, int errno, String errnoName) {
        super(message);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** The kernel's error number (e.g. 70 for ECOMM); 0 where the failure was found before any system call. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. "ECOMM"; empty where {@link #errno()} is 0. */
    public String errnoName() {
        return errnoName;
    }
}
