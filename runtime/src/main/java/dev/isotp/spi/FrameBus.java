package dev.isotp.spi;

import java.util.List;

/**
 * A source of CAN interfaces that the runtime's user-space ISO-TP engine runs over: the extension point through
 * which a CAN bus other than the kernel's (the in-memory bus of {@code isotp-testkit}, or another adapter) carries a
 * channel. A channel chooses it with {@code dev.isotp.Backend.engine(bus)}; everything above it (validation,
 * exceptions and their words, generated clients) is the same as on the kernel's ISO-TP socket.
 *
 * <p>An implementation reports a failure as {@link FrameLinkException} with the errno the kernel gives for the same
 * fault: ENODEV (19) for an interface that does not exist, EINVAL (22) for CAN FD on a classic interface, ENETDOWN
 * (100) for an interface that is down, ENXIO (6) for an interface that went away.
 */
public interface FrameBus {
    /**
     * Attaches to interface {@code iface}: from now on every frame that others put on it is handed to
     * {@code receiver}, one at a time, in the order of the bus (a CAN FD interface also carries classic frames).
     *
     * @param canFd true if the caller will send CAN FD frames (the interface must carry them, else EINVAL)
     * @throws FrameLinkException ENODEV if there is no such interface, EINVAL for CAN FD on a classic interface
     */
    FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException;

    /** The names of the interfaces of this bus, sorted, for error messages. */
    List<String> interfaces();

    /** The MTU of an interface: 16 (classic CAN) or 72 (CAN FD); -1 if there is no such interface. */
    int mtu(String iface);

    /** What to create when an interface is missing, for error messages, e.g. {@code bus.addInterface("vcan0")}. */
    String howToAddInterface();
}
