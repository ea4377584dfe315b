package dev.isotp.kernel;

import dev.isotp.Address;
import dev.isotp.IsoTpException;
import dev.isotp.internal.carrier.InterfaceFacts;
import java.util.List;

/**
 * Turns the errno of a failed call into the exception a caller can act on. The same errno means different things
 * at different moments (ENODEV at bind: no such interface; later: the interface went away), so each phase has its
 * own mapping.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    /** socket(2) failed. */
    public static IsoTpException forOpen(int errno) {
        if (errno == Errno.EPROTONOSUPPORT.number()) {
            return Failure.NO_ISOTP_MODULE.exception(errno, KernelInfo.release());
        }
        if (errno == Errno.EAFNOSUPPORT.number()) {
            return Failure.NO_CAN_SUPPORT.exception(errno, KernelInfo.release());
        }
        return Failure.UNEXPECTED.exception(errno, "opening an ISO-TP socket", "this system");
    }

    /** bind(2) or the interface lookup before it failed. */
    public static IsoTpException forBind(int errno, String iface, boolean canFd) {
        return forBind(errno, iface, canFd, KernelInfo.FACTS);
    }

    /** bind failed on a carrier whose interfaces {@code facts} describes (the kernel's, or a frame bus's). */
    public static IsoTpException forBind(int errno, String iface, boolean canFd, InterfaceFacts facts) {
        if (errno == Errno.ENODEV.number() || errno == Errno.ENXIO.number()) {
            boolean exists = facts.exists(iface);
            return (exists ? Failure.NOT_A_CAN_INTERFACE : Failure.NO_SUCH_INTERFACE)
                    .exception(errno, iface, describeCanInterfaces(facts.canInterfaces(), facts.howToAdd()));
        }
        if (errno == Errno.EAFNOSUPPORT.number()) {
            return Failure.NO_CAN_SUPPORT.exception(errno, KernelInfo.release());
        }
        if (errno == Errno.EINVAL.number() && canFd) {
            int mtu = facts.mtu(iface);
            if (mtu != KernelAbi.CANFD_MTU) {
                return Failure.INTERFACE_MTU_TOO_SMALL.exception(errno, iface, mtu < 0 ? "unknown" : Integer.toString(mtu));
            }
        }
        if (errno == Errno.ENETDOWN.number()) {
            return Failure.NETWORK_DOWN.exception(errno, iface);
        }
        return Failure.UNEXPECTED.exception(errno, "binding to the interface", iface);
    }

    /**
     * A call on a bound socket failed: setting or reading an option, sending or receiving. Errors of a transfer
     * surface on whichever call comes next, so they are mapped the same for every operation. {@code address} is the
     * address the socket is bound to (null before bind): messages name its ids and address bytes.
     */
    public static IsoTpException forTransfer(int errno, String operation, String iface, Address address) {
        Errno known = find(errno);
        if (known == null) {
            return Failure.UNEXPECTED.exception(errno, operation, iface);
        }
        switch (known) {
            case ECOMM:
                return noFlowControl(errno, iface, address);
            case EILSEQ:
                return Failure.WRONG_SEQUENCE_NUMBER.exception(errno, iface);
            case EBADMSG:
                return Failure.BAD_MESSAGE.exception(errno, iface);
            case ETIMEDOUT:
                return Failure.CONSECUTIVE_FRAME_TIMEOUT.exception(errno, iface);
            case EMSGSIZE:
                return Failure.PEER_OVERFLOW.exception(errno, iface);
            case ENETDOWN:
                return Failure.NETWORK_DOWN.exception(errno, iface);
            case ENODEV:
            case ENXIO:
            case EADDRNOTAVAIL: // the kernel unbinds a socket whose interface was unregistered
                return Failure.DEVICE_GONE.exception(errno, iface);
            default:
                return Failure.UNEXPECTED.exception(errno, operation, iface);
        }
    }

    /** ECOMM: names where the first frame went and where the flow control was awaited, as the kernel was bound. */
    private static IsoTpException noFlowControl(int errno, String iface, Address address) {
        if (address == null) {
            return Failure.UNEXPECTED.exception(errno, "sending", iface);
        }
        boolean extended = address.mode().extendedIds();
        String sent = Failure.endpoint(address.txid(), extended, address.txAddressByte().orElse(-1));
        String awaited = Failure.endpoint(address.rxid(), extended, address.rxAddressByte().orElse(-1));
        return Failure.NO_FLOW_CONTROL.exception(errno, iface, sent, awaited);
    }

    /**
     * The real cause of an ECOMM on a bound socket whose interface went down or away: a transfer cut short that way
     * also ends in ECOMM (the echo of its frames never comes), which overwrites the ENETDOWN or ENODEV the kernel
     * reported first, so a blocked send would otherwise blame a missing flow control. Null where the interface is up,
     * or for any other errno.
     */
    public static IsoTpException forTransferCutByInterface(int errno, String iface) {
        if (errno != Errno.ECOMM.number() || iface.isEmpty()) {
            return null;
        }
        if (!KernelInfo.interfaceExists(iface)) {
            return Failure.DEVICE_GONE.exception(errno, iface);
        }
        // flags that cannot be read leave the kernel's word (no flow control) standing
        if (!KernelInfo.interfaceUp(iface).orElse(true)) {
            return Failure.NETWORK_DOWN.exception(errno, iface);
        }
        return null;
    }

    /**
     * True for the errors only a transmission can cause: no flow control (ECOMM, also a missing transmit echo) and the
     * peer's overflow (EMSGSIZE). Without waitTxDone the kernel reports them on whichever call comes next; a receive
     * that meets one is not the failing call.
     */
    public static boolean transmitOnly(int errno) {
        return errno == Errno.ECOMM.number() || errno == Errno.EMSGSIZE.number();
    }

    /** A {@link #transmitOnly} error of an earlier send, reported on a later send with words that say so. */
    public static IsoTpException forEarlierSend(int errno, String iface, Address address) {
        if (errno == Errno.EMSGSIZE.number()) {
            return Failure.PEER_OVERFLOW.exceptionOfEarlierSend(errno, iface);
        }
        boolean extended = address.mode().extendedIds();
        return Failure.NO_FLOW_CONTROL.exceptionOfEarlierSend(errno, iface,
                Failure.endpoint(address.txid(), extended, address.txAddressByte().orElse(-1)),
                Failure.endpoint(address.rxid(), extended, address.rxAddressByte().orElse(-1)));
    }

    /** True for the errors after which the socket is unbound for good. */
    public static boolean leavesSocketUnbound(int errno) {
        return errno == Errno.ENODEV.number() || errno == Errno.ENXIO.number()
                || errno == Errno.EADDRNOTAVAIL.number();
    }

    static String describeCanInterfaces(List<String> names) {
        return describeCanInterfaces(names, KernelInfo.FACTS.howToAdd());
    }

    static String describeCanInterfaces(List<String> names, String howToAdd) {
        if (names.isEmpty()) {
            return "this system has no CAN interface at all; " + howToAdd;
        }
        return "the CAN interfaces here are " + String.join(", ", names);
    }

    private static Errno find(int errno) {
        for (Errno e : Errno.values()) {
            if (e.number() == errno) {
                return e;
            }
        }
        return null;
    }
}
