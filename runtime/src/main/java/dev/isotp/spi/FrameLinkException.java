package dev.isotp.spi;

import dev.isotp.internal.abi.KernelAbi;

/** A {@link FrameBus} or {@link FrameLink} failed with {@link #errno()}, the number the kernel gives for the same fault. */
public final class FrameLinkException extends Exception {
    private static final long serialVersionUID = 1L;

    /** ENXIO: the interface went away while attached. */
    public static final int ENXIO = KernelAbi.ENXIO;
    /** ENODEV: there is no such interface. */
    public static final int ENODEV = KernelAbi.ENODEV;
    /** EINVAL: CAN FD asked of, or sent on, a classic interface. */
    public static final int EINVAL = KernelAbi.EINVAL;
    /** ENETDOWN: the interface is down. */
    public static final int ENETDOWN = KernelAbi.ENETDOWN;
    /** ENOBUFS: the interface's transmit queue is full. */
    public static final int ENOBUFS = KernelAbi.ENOBUFS;

    /** The Linux errno of the fault. */
    private final int errno;

    /**
     * A failure with the errno the kernel gives for the same fault.
     *
     * @param errno the Linux errno of the fault, e.g. one of the constants
     * @param message what happened, for logs
     */
    public FrameLinkException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** {@return the Linux errno of the fault, which the engine reports as the kernel's socket would} */
    public int errno() {
        return errno;
    }
}
