package dev.isotp.spi;

/** A {@link FrameBus} or {@link FrameLink} failed with {@link #errno()}, the number the kernel gives for the same fault. */
public final class FrameLinkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno the Linux errno of the fault (e.g. 19 ENODEV, 22 EINVAL, 100 ENETDOWN, 6 ENXIO)
     * @param message what happened, for logs
     */
    public FrameLinkException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
