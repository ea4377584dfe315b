package dev.isotp.spi;

/** Receives what a {@link FrameLink}'s interface carries. Called from the bus's thread, one call at a time. */
public interface FrameReceiver {
    /** A frame another node put on the interface. Must not block. */
    void frame(CanFrame frame);

    /** The interface failed: ENETDOWN (100, it went down) or ENODEV (19, it went away). */
    void linkError(int errno);
}
