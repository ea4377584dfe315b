package dev.isotp.kernel;

/**
 * Numbers of the kernel's user-space interface for CAN and ISO-TP sockets (include/uapi/linux/can.h,
 * include/uapi/linux/can/isotp.h, x86-64 and generic Linux socket constants).
 */
public final class KernelAbi {
    public static final int AF_CAN = 29;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int CAN_ISOTP = 6;
    public static final int SOL_CAN_BASE = 100;
    public static final int SOL_CAN_ISOTP = SOL_CAN_BASE + CAN_ISOTP;

    public static final int CAN_ISOTP_OPTS = 1;
    public static final int CAN_ISOTP_RECV_FC = 2;
    public static final int CAN_ISOTP_TX_STMIN = 3;
    public static final int CAN_ISOTP_RX_STMIN = 4;
    public static final int CAN_ISOTP_LL_OPTS = 5;

    public static final int CAN_EFF_FLAG = (int) dev.isotp.validation.Limits.CAN_EFF_FLAG;
    public static final int CAN_RTR_FLAG = 0x40000000;
    public static final int CAN_ERR_FLAG = 0x20000000;

    public static final int CAN_MTU = 16;
    public static final int CANFD_MTU = 72;
    public static final int CANFD_BRS = 0x01;
    /** IFF_UP in /sys/class/net/IFACE/flags. */
    public static final long IFF_UP = 0x1;
    /** The kernel's default padding byte (txpad_content, rxpad_content) of a new socket. */
    public static final int DEFAULT_PAD_CONTENT = 0xCC;
    /** ARPHRD_CAN: the link type /sys/class/net/IFACE/type shows for CAN interfaces. */
    public static final int ARPHRD_CAN = 280;

    /** Struct sizes the kernel insists on exactly (setsockopt's optlen). */
    public static final int OPTIONS_SIZE = 12;
    public static final int FC_OPTIONS_SIZE = 3;
    public static final int LL_OPTIONS_SIZE = 3;
    public static final int STMIN_SIZE = 4;
    /** sizeof(struct sockaddr_can) with its j1939 tail; the kernel needs at least 16. */
    public static final int SOCKADDR_CAN_SIZE = 24;

    /** Socket-level options (setsockopt level, control message level). */
    public static final int SOL_SOCKET = 1;
    /** SO_TIMESTAMPNS (the "old" number, whose struct timespec has the platform's long): stamps in ns. */
    public static final int SO_TIMESTAMPNS = 35;
    /** SO_RCVTIMEO (the "old" number, whose struct timeval has the platform's long): the receive timeout. */
    public static final int SO_RCVTIMEO = 20;
    /** struct timeval (LP64): tv_sec @0, tv_usec @8. */
    public static final int TIMEVAL_SIZE = 16;
    /** The control message type that carries the SO_TIMESTAMPNS stamp. */
    public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;

    public static final int MSG_PEEK = 0x02;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;

    public static final short POLLIN = 0x001;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;
    public static final int POLLFD_SIZE = 8;

    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLONESHOT = 1 << 30;
    /** struct epoll_event: u32 events; u64 data, packed on x86-64 (12 bytes). */
    public static final int EPOLL_EVENT_SIZE = 12;
    /** struct msghdr (LP64): name @0, namelen @8, iov @16, iovlen @24, control @32, controllen @40, flags @48. */
    public static final int MSGHDR_SIZE = 56;
    /** struct iovec (LP64): base @0, len @8. */
    public static final int IOVEC_SIZE = 16;

    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    private KernelAbi() {
    }
}
