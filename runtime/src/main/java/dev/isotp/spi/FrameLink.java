package dev.isotp.spi;

/** One attachment to an interface of a {@link FrameBus}: sends frames, and is closed when its channel closes. */
public interface FrameLink extends AutoCloseable {
    /** The interface's index (as getsockname(2) reports it), greater than 0. */
    int ifindex();

    /**
     * Puts one frame on the bus and returns once it has left (the transmit confirmation the kernel calls the echo).
     * Must not block on the delivery to receivers: the ISO-TP engine calls it while it holds its own state.
     *
     * @throws FrameLinkException ENETDOWN if the interface is down, ENXIO if it went away, ENOBUFS if its queue is full
     */
    void send(CanFrame frame) throws FrameLinkException;

    /** Detaches: no frame is delivered after this returns. Idempotent. */
    @Override
    void close();
}
