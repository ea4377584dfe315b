package dev.isotp.spi;

import dev.isotp.internal.abi.KernelAbi;
import java.util.List;

/**
 * A source of CAN interfaces that the runtime's user-space ISO-TP engine runs over: the extension point through
 * which a CAN bus other than the kernel's (the in-memory bus of {@code isotp-testkit}, or another adapter) carries a
 * channel. A channel chooses it with {@code dev.isotp.Backend.engine(bus)}; everything above it (validation,
 * exceptions and their words, generated clients) is the same as on the kernel's ISO-TP socket.
 *
 * <p>An implementation reports a failure as {@link FrameLinkException} with the errno the kernel gives for the same
 * fault (the exception's constants say which).
 */
public interface FrameBus {
    /** The MTU of a classic CAN interface (CAN_MTU, the size of a struct can_frame). */
    int CAN_MTU = KernelAbi.CAN_MTU;
    /** The MTU of a CAN FD interface (CANFD_MTU, the size of a struct canfd_frame). */
    int CANFD_MTU = KernelAbi.CANFD_MTU;

    /**
     * Attaches to interface {@code iface}: from now on every frame that others put on it is handed to
     * {@code receiver}, one at a time, in the order of the bus (a CAN FD interface also carries classic frames).
     *
     * @param iface the interface's name, e.g. {@code vcan0}
     * @param canFd true if the caller will send CAN FD frames (the interface must carry them, else EINVAL)
     * @param receiver where the interface's frames go, from the bus's thread; errors of the link go to its
     *        {@link FrameReceiver#linkError}
     * @return the attachment, to send with and to close when done
     * @throws FrameLinkException ENODEV if there is no such interface, EINVAL for CAN FD on a classic interface
     */
    FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException;

    /**
     * The interfaces there are, for error messages.
     *
     * @return the names of the interfaces of this bus, sorted; empty if there are none
     */
    List<String> interfaces();

    /**
     * The MTU of an interface, as Linux reports a CAN interface's. The engine takes a negative value as
     * "no such interface" (a bind then fails with {@code NoSuchInterfaceException}).
     *
     * @param iface the interface's name
     * @return {@value #CAN_MTU} (classic CAN) or {@value #CANFD_MTU} (CAN FD); -1 if there is no such interface
     */
    int mtu(String iface);

    /**
     * How a user creates a missing interface on this bus, quoted in the message of a bind to an interface that does
     * not exist.
     *
     * @return a short instruction, e.g. {@code bus.addInterface("vcan0")}
     */
    String howToAddInterface();

    /**
     * Reports an error that a carrier met on one of its own threads (a timer task, a delivery) and that no call
     * was waiting to receive. The default does nothing; a test bus records it so that the test fails.
     *
     * @param where what was running, e.g. "engine timer of vcan0 0x7E0->0x7E8"
     * @param error what it threw
     */
    default void reportError(String where, Throwable error) {
    }
}
