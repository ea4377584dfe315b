package dev.isotp.internal.abi;

/**
 * Numbers of the kernel's user-space interface for CAN and ISO-TP sockets (include/uapi/linux/can.h,
 * include/uapi/linux/can/isotp.h, x86-64 and generic Linux socket constants, include/uapi/asm-generic/errno*.h): the
 * one place they are written. The binding, the engine, the API and the validator all take them from here.
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

    /** can_isotp_options.flags bits (CAN_ISOTP_*); the versions that brought them are on {@code IsoTpFlag}. */
    public static final int CAN_ISOTP_LISTEN_MODE = 0x0001;
    public static final int CAN_ISOTP_EXTEND_ADDR = 0x0002;
    public static final int CAN_ISOTP_TX_PADDING = 0x0004;
    public static final int CAN_ISOTP_RX_PADDING = 0x0008;
    public static final int CAN_ISOTP_CHK_PAD_LEN = 0x0010;
    public static final int CAN_ISOTP_CHK_PAD_DATA = 0x0020;
    public static final int CAN_ISOTP_HALF_DUPLEX = 0x0040;
    public static final int CAN_ISOTP_FORCE_TXSTMIN = 0x0080;
    public static final int CAN_ISOTP_FORCE_RXSTMIN = 0x0100;
    public static final int CAN_ISOTP_RX_EXT_ADDR = 0x0200;
    public static final int CAN_ISOTP_WAIT_TX_DONE = 0x0400;
    public static final int CAN_ISOTP_SF_BROADCAST = 0x0800;
    public static final int CAN_ISOTP_CF_BROADCAST = 0x1000;
    public static final int CAN_ISOTP_DYN_FC_PARMS = 0x2000;
    /** frame_txtime of a new socket (CAN_ISOTP_DEFAULT_FRAME_TXTIME, ns), on kernels that know FRAME_TXTIME_ZERO. */
    public static final long CAN_ISOTP_DEFAULT_FRAME_TXTIME = 50_000;
    /** frame_txtime that means "no gap" (CAN_ISOTP_FRAME_TXTIME_ZERO, Linux 5.18). */
    public static final long CAN_ISOTP_FRAME_TXTIME_ZERO = 0xFFFFFFFFL;

    /** canid_t: the flag bits and the id masks. */
    public static final int CAN_EFF_FLAG = 0x80000000;
    public static final int CAN_RTR_FLAG = 0x40000000;
    public static final int CAN_ERR_FLAG = 0x20000000;
    public static final int CAN_SFF_MASK = 0x7FF;
    public static final int CAN_EFF_MASK = 0x1FFFFFFF;
    /** Data bytes of a classic CAN frame (CAN_MAX_DLEN) and of a CAN FD frame (CANFD_MAX_DLEN). */
    public static final int CAN_MAX_DLEN = 8;
    public static final int CANFD_MAX_DLEN = 64;
    /** Longest interface name with its terminating NUL (IFNAMSIZ). */
    public static final int IFNAMSIZ = 16;

    /** CAN_RAW sockets (include/uapi/linux/can/raw.h), for the engine's frames on a real interface. */
    public static final int SOCK_RAW = 3;
    public static final int CAN_RAW = 1;
    public static final int SOL_CAN_RAW = SOL_CAN_BASE + CAN_RAW;
    public static final int CAN_RAW_FD_FRAMES = 5;
    /** canfd_frame.flags: the frame is a CAN FD frame. */
    public static final int CANFD_FDF = 0x04;
    /** SIOCGSTAMPNS: the arrival time of the last frame read, a struct timespec (the kernel's own timestamp). */
    public static final long SIOCGSTAMPNS = 0x8907;

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
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    /** SO_TIMESTAMPNS (the "old" number, whose struct timespec has the platform's long): stamps in ns. */
    public static final int SO_TIMESTAMPNS = 35;
    /** SO_RCVTIMEO (the "old" number, whose struct timeval has the platform's long): the receive timeout. */
    public static final int SO_RCVTIMEO = 20;
    /** struct timeval (LP64): tv_sec @0, tv_usec @8. */
    public static final int TIMEVAL_SIZE = 16;
    /**
     * SO_RXQ_OVFL: a control message with each PDU received carries the socket's count of PDUs dropped for want of
     * room (sk_drops). ISO-TP sockets send it on Debian's 6.1 and 6.12, not on its 5.10 (isotp_recvmsg() there passes
     * only the timestamp on).
     */
    public static final int SO_RXQ_OVFL = 40;
    /** SO_MEMINFO (4.12+): getsockopt gives {@link #SK_MEMINFO_VARS} u32 counters of the socket's memory. */
    public static final int SO_MEMINFO = 55;
    /** The number of u32 values SO_MEMINFO gives (SK_MEMINFO_VARS). */
    public static final int SK_MEMINFO_VARS = 9;
    /** The index of sk_drops among SO_MEMINFO's values (SK_MEMINFO_DROPS): what SO_RXQ_OVFL reports. */
    public static final int SK_MEMINFO_DROPS = 8;
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

    /** x86-64 syscall numbers, for the FFM binding's syscall stubs (arch/x86/entry/syscalls/syscall_64.tbl). */
    public static final int SYS_SENDTO = 44;
    public static final int SYS_RECVFROM = 45;
    public static final int SYS_RECVMSG = 47;
    public static final int SYS_EPOLL_WAIT = 232;
    /** mmap(2) and mprotect(2), for the page that holds those stubs. */
    public static final long PAGE_SIZE = 4096;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;

    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    /** errno values (x86-64 and generic Linux); {@link Errno} names them. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ECOMM = 70;
    public static final int EBADMSG = 74;
    public static final int EILSEQ = 84;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ETIMEDOUT = 110;

    private KernelAbi() {
    }
}
