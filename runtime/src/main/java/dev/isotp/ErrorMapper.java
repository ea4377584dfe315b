package dev.isotp;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.carrier.InterfaceFacts;
import dev.isotp.internal.failure.Failure;
import dev.isotp.kernel.KernelInfo;
import java.util.List;

/**
 * Turns the errno of a failed call into the exception a caller can act on. The same errno means different things
 * at different moments (ENODEV at bind: no such interface; later: the interface went away), so each phase has its
 * own mapping. The one place where a failure becomes its exception type; the words are {@link Failure}'s. Carriers
 * report an errno ({@code CarrierException}) and never create these exceptions.
 */
final class ErrorMapper {

    private ErrorMapper() {
    }

    /** The exception for {@code failure}, its message ending with the errno's name where there is one (errno not 0). */
    static IsoTpException exception(Failure failure, int errno, Object... args) {
        return create(failure, failure.message(args), errno);
    }

    /**
     * The exception for {@code failure} when it belongs to an earlier send and is reported on a later one: same type,
     * with words that say so.
     */
    static IsoTpException exceptionOfEarlierSend(Failure failure, int errno, Object... args) {
        return create(failure, failure.messageOfEarlierSend(args), errno);
    }

    private static IsoTpException create(Failure failure, String message, int errno) {
        String name = errno == 0 ? "" : Errno.nameOf(errno);
        String text = errno == 0 ? message : message + " (" + name + ")";
        switch (failure) {
            case NO_ISOTP_MODULE:
            case NO_CAN_SUPPORT:
            case FEATURE_TOO_NEW:
                return new KernelSupportMissingException(text, errno, name);
            case NO_SUCH_INTERFACE:
            case NOT_A_CAN_INTERFACE:
                return new NoSuchInterfaceException(text, errno, name);
            case INTERFACE_MTU_TOO_SMALL:
                return new InterfaceMtuException(text, errno, name);
            case NO_FLOW_CONTROL:
                return new FlowControlTimeoutException(text, errno, name);
            case WRONG_SEQUENCE_NUMBER:
                return new SequenceNumberException(text, errno, name);
            case BAD_MESSAGE:
                return new BadMessageException(text, errno, name);
            case CONSECUTIVE_FRAME_TIMEOUT:
                return new ConsecutiveFrameTimeoutException(text, errno, name);
            case PEER_OVERFLOW:
                return new PeerOverflowException(text, errno, name);
            case NETWORK_DOWN:
                return new NetworkDownException(text, errno, name);
            case DEVICE_GONE:
                return new DeviceGoneException(text, errno, name);
            case SOCKET_CLOSED:
                return new SocketClosedException(text, errno, name);
            case PDU_TOO_LARGE:
                return new PduTooLargeException(text, errno, name);
            case UNEXPECTED:
            case BUS_FAILED:
                return new IsoTpException(text, errno, name);
            default:
                // the others are refused before any system call with a plain IllegalArgumentException and the like
                throw new IllegalArgumentException(failure + " is not reported as an IsoTpException");
        }
    }

    /** socket(2) failed. */
    static IsoTpException forOpen(int errno) {
        if (errno == Errno.EPROTONOSUPPORT.number()) {
            return exception(Failure.NO_ISOTP_MODULE, errno, KernelInfo.release());
        }
        if (errno == Errno.EAFNOSUPPORT.number()) {
            return exception(Failure.NO_CAN_SUPPORT, errno, KernelInfo.release());
        }
        return exception(Failure.UNEXPECTED, errno, "opening an ISO-TP socket", "this system");
    }

    /** bind(2) or the interface lookup before it failed. */
    static IsoTpException forBind(int errno, String iface, boolean canFd) {
        return forBind(errno, iface, canFd, KernelInfo.FACTS);
    }

    /** bind failed on a carrier whose interfaces {@code facts} describes (the kernel's, or a frame bus's). */
    static IsoTpException forBind(int errno, String iface, boolean canFd, InterfaceFacts facts) {
        if (errno == Errno.ENODEV.number() || errno == Errno.ENXIO.number()) {
            boolean exists = facts.exists(iface);
            return exception(exists ? Failure.NOT_A_CAN_INTERFACE : Failure.NO_SUCH_INTERFACE, errno, iface,
                    describeCanInterfaces(facts.canInterfaces(), facts.howToAdd()));
        }
        if (errno == Errno.EAFNOSUPPORT.number()) {
            return exception(Failure.NO_CAN_SUPPORT, errno, KernelInfo.release());
        }
        if (errno == Errno.EINVAL.number() && canFd) {
            int mtu = facts.mtu(iface);
            if (mtu != KernelAbi.CANFD_MTU) {
                return exception(Failure.INTERFACE_MTU_TOO_SMALL, errno, iface,
                        mtu < 0 ? "unknown" : Integer.toString(mtu));
            }
        }
        if (errno == Errno.ENETDOWN.number()) {
            return exception(Failure.NETWORK_DOWN, errno, iface);
        }
        return exception(Failure.UNEXPECTED, errno, "binding to the interface", iface);
    }

    /**
     * A call on a bound socket failed: setting or reading an option, sending or receiving. Errors of a transfer
     * surface on whichever call comes next, so they are mapped the same for every operation. {@code address} is the
     * address the socket is bound to (null before bind): messages name its ids and address bytes.
     */
    static IsoTpException forTransfer(int errno, String operation, String iface, Address address) {
        Errno known = find(errno);
        if (known == null) {
            return exception(Failure.UNEXPECTED, errno, operation, iface);
        }
        switch (known) {
            case ECOMM:
                return noFlowControl(errno, iface, address);
            case EILSEQ:
                return exception(Failure.WRONG_SEQUENCE_NUMBER, errno, iface);
            case EBADMSG:
                return exception(Failure.BAD_MESSAGE, errno, iface);
            case ETIMEDOUT:
                return exception(Failure.CONSECUTIVE_FRAME_TIMEOUT, errno, iface);
            case EMSGSIZE:
                return exception(Failure.PEER_OVERFLOW, errno, iface);
            case ENETDOWN:
                return exception(Failure.NETWORK_DOWN, errno, iface);
            case ENODEV:
            case ENXIO:
            case EADDRNOTAVAIL: // the kernel unbinds a socket whose interface was unregistered
                return exception(Failure.DEVICE_GONE, errno, iface);
            default:
                return exception(Failure.UNEXPECTED, errno, operation, iface);
        }
    }

    /** ECOMM: names where the first frame went and where the flow control was awaited, as the kernel was bound. */
    private static IsoTpException noFlowControl(int errno, String iface, Address address) {
        if (address == null) {
            return exception(Failure.UNEXPECTED, errno, "sending", iface);
        }
        boolean extended = address.mode().extendedIds();
        String sent = Failure.endpoint(address.txid(), extended, address.txAddressByte().orElse(-1));
        String awaited = Failure.endpoint(address.rxid(), extended, address.rxAddressByte().orElse(-1));
        return exception(Failure.NO_FLOW_CONTROL, errno, iface, sent, awaited);
    }

    /**
     * The real cause of an ECOMM on a bound socket whose interface went down or away: a transfer cut short that way
     * also ends in ECOMM (the echo of its frames never comes), which overwrites the ENETDOWN or ENODEV the kernel
     * reported first, so a blocked send would otherwise blame a missing flow control. Null where the interface is up,
     * or for any other errno.
     */
    static IsoTpException forTransferCutByInterface(int errno, String iface) {
        if (errno != Errno.ECOMM.number() || iface.isEmpty()) {
            return null;
        }
        if (!KernelInfo.interfaceExists(iface)) {
            return exception(Failure.DEVICE_GONE, errno, iface);
        }
        // flags that cannot be read leave the kernel's word (no flow control) standing
        if (!KernelInfo.interfaceUp(iface).orElse(true)) {
            return exception(Failure.NETWORK_DOWN, errno, iface);
        }
        return null;
    }

    /**
     * True for the errors only a transmission can cause: no flow control (ECOMM, also a missing transmit echo) and the
     * peer's overflow (EMSGSIZE). Without waitTxDone the kernel reports them on whichever call comes next; a receive
     * that meets one is not the failing call.
     */
    static boolean transmitOnly(int errno) {
        return errno == Errno.ECOMM.number() || errno == Errno.EMSGSIZE.number();
    }

    /** A {@link #transmitOnly} error of an earlier send, reported on a later send with words that say so. */
    static IsoTpException forEarlierSend(int errno, String iface, Address address) {
        if (errno == Errno.EMSGSIZE.number()) {
            return exceptionOfEarlierSend(Failure.PEER_OVERFLOW, errno, iface);
        }
        boolean extended = address.mode().extendedIds();
        return exceptionOfEarlierSend(Failure.NO_FLOW_CONTROL, errno, iface,
                Failure.endpoint(address.txid(), extended, address.txAddressByte().orElse(-1)),
                Failure.endpoint(address.rxid(), extended, address.rxAddressByte().orElse(-1)));
    }

    /** True for the errors after which the socket is unbound for good. */
    static boolean leavesSocketUnbound(int errno) {
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
