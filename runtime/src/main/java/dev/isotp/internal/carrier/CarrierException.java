package dev.isotp.internal.carrier;

/**
 * A carrier's call failed with {@link #errno()}, the number the kernel's ISO-TP socket gives for the same fault;
 * the socket above the seam turns it into the typed exception and its words. Carries no stack trace: it never
 * reaches users, and the socket creates the exception they see where the call was made.
 */
public final class CarrierException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public CarrierException(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }

    /**
     * A failure that is not the kernel's: {@code cause} (e.g. what a frame bus threw) ended the call's transfer; the
     * socket reports it under {@code errno} (EIO) with {@code cause} as its cause.
     */
    public CarrierException(int errno, Throwable cause) {
        super("errno " + errno, cause, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
