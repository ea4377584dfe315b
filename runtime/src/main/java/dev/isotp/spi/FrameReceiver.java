package dev.isotp.spi;

/** Receives what a {@link FrameLink}'s interface carries. Called from the bus's thread, one call at a time. */
public interface FrameReceiver {
    /**
     * A frame another node put on the interface. Must not block.
     *
     * @param frame the frame, with its arrival time where the bus measures one
     */
    void frame(CanFrame frame);

    /**
     * The interface failed. The engine reports it on its socket's next call; after ENODEV the socket is unbound, as
     * can-isotp's is when its interface is unregistered.
     *
     * @param errno ENETDOWN (100, it went down) or ENODEV (19, it went away)
     */
    void linkError(int errno);
}
