package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import dev.isotp.spi.FrameReceiver;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The kernel's CAN interfaces through CAN_RAW sockets: what the user-space ISO-TP engine runs over on a kernel
 * without can-isotp ({@code dev.isotp.Backend.canRaw()}). Each link is one CAN_RAW socket bound to its interface
 * (CAN FD frames enabled where the interface carries them) with a reader thread that hands every received frame to
 * the engine. A frame counts as sent (the engine's transmit confirmation) once write(2) has queued it.
 */
public final class RawCanBus implements FrameBus {
    /** The one instance: the kernel's interfaces. */
    public static final RawCanBus INSTANCE = new RawCanBus();

    private static final int SOCK_RAW = KernelAbi.SOCK_RAW;
    private static final int CAN_RAW = KernelAbi.CAN_RAW;
    private static final int SOL_CAN_RAW = KernelAbi.SOL_CAN_RAW;
    private static final int CAN_RAW_FD_FRAMES = KernelAbi.CAN_RAW_FD_FRAMES;
    private static final int CAN_FRAME_SIZE = KernelAbi.CAN_MTU;
    private static final int CANFD_FRAME_SIZE = KernelAbi.CANFD_MTU;
    private static final int EINTR = KernelAbi.EINTR;
    private static final int SOL_SOCKET = KernelAbi.SOL_SOCKET;
    private static final int CANFD_FDF = KernelAbi.CANFD_FDF;
    private static final long SIOCGSTAMPNS = KernelAbi.SIOCGSTAMPNS;
    private static final int SO_RCVBUF = KernelAbi.SO_RCVBUF;
    private static final int SO_RCVBUFFORCE = KernelAbi.SO_RCVBUFFORCE;
    /**
     * The receive buffer asked for: a burst of consecutive frames (the kernel sends them 50 µs apart) must not
     * overflow the default buffer (about 280 frames) while the reader thread is descheduled.
     */
    private static final int RECEIVE_BUFFER_BYTES = 8 << 20;

    private RawCanBus() {
    }

    private static volatile boolean supported;

    /**
     * 0 where this kernel has CAN_RAW sockets, else the errno of socket(2) (EAFNOSUPPORT: no CAN at all): asked once a
     * carrier opens, as the kernel's ISO-TP socket is created before it binds, so that a kernel without CAN is not
     * reported as a missing interface.
     */
    public static int supportErrno() {
        if (supported) {
            return 0;
        }
        try {
            Libc.close(Libc.socket(KernelAbi.AF_CAN, SOCK_RAW | KernelAbi.SOCK_CLOEXEC, CAN_RAW));
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
        supported = true;
        return 0;
    }

    /**
     * How many frames the CAN_RAW socket of {@code link} dropped for want of room in its receive queue: the socket's
     * sk_drops (what SO_RXQ_OVFL reports), read with getsockopt(SO_MEMINFO). A recording node proves with it that it
     * lost frames.
     *
     * @param link a link of this bus, still open
     * @return the count, or -1 for a link of another bus, a closed link, or a kernel that does not tell
     */
    public static long receiveQueueDrops(FrameLink link) {
        if (!(link instanceof RawLink) || ((RawLink) link).closed) {
            return -1;
        }
        int size = KernelAbi.SK_MEMINFO_VARS * 4;
        ByteBuffer value = Structs.allocate(size);
        ByteBuffer length = Structs.allocate(4).putInt(0, size);
        try {
            Libc.getsockopt(((RawLink) link).fd, SOL_SOCKET, KernelAbi.SO_MEMINFO, value, length);
        } catch (LastErrorException e) {
            return -1;
        }
        return length.getInt(0) < size ? -1 : Integer.toUnsignedLong(value.getInt(KernelAbi.SK_MEMINFO_DROPS * 4));
    }

    @Override
    public FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException {
        // the socket first: a kernel without CAN (EAFNOSUPPORT) is told apart from a missing interface, as with
        // the kernel's ISO-TP socket, whose socket(2) comes before bind
        int fd;
        try {
            fd = Libc.socket(KernelAbi.AF_CAN, SOCK_RAW | KernelAbi.SOCK_CLOEXEC, CAN_RAW);
        } catch (LastErrorException e) {
            throw new FrameLinkException(e.getErrorCode(), "socket(AF_CAN, SOCK_RAW, CAN_RAW) failed");
        }
        int index = KernelSocket.interfaceIndex(iface);
        if (index < 0) {
            Libc.close(fd);
            throw new FrameLinkException(-index, "no interface " + iface);
        }
        int mtu = KernelInfo.mtu(iface);
        if (canFd && mtu >= 0 && mtu < KernelAbi.CANFD_MTU) {
            Libc.close(fd);
            throw new FrameLinkException(Errno.EINVAL.number(), iface + " has MTU " + mtu + ", CAN FD needs 72");
        }
        int wakeFd = -1;
        try {
            if (mtu == KernelAbi.CANFD_MTU || canFd) {
                ByteBuffer on = Structs.allocate(4).putInt(0, 1);
                Libc.setsockopt(fd, SOL_CAN_RAW, CAN_RAW_FD_FRAMES, on, 4);
            }
            ByteBuffer size = Structs.allocate(4).putInt(0, RECEIVE_BUFFER_BYTES);
            try {
                Libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4); // beyond rmem_max, with CAP_NET_ADMIN
            } catch (LastErrorException e) {
                Libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4); // up to net.core.rmem_max
            }
            // the first SIOCGSTAMPNS turns arrival stamps on (ENOENT until a frame came): every frame read later
            // then has its own (with SO_TIMESTAMP* the stamp would go to a control message, not to SIOCGSTAMPNS)
            try {
                Libc.ioctl(fd, SIOCGSTAMPNS, Structs.allocate(16));
            } catch (LastErrorException expected) {
                // ENOENT: no frame yet, which is the point
            }
            ByteBuffer address = Structs.socketAddress(index, 0, 0);
            Libc.bind(fd, address, KernelAbi.SOCKADDR_CAN_SIZE);
            wakeFd = Libc.eventfd(0, KernelAbi.EFD_CLOEXEC | KernelAbi.EFD_NONBLOCK);
        } catch (LastErrorException e) {
            Libc.close(fd);
            throw new FrameLinkException(e.getErrorCode(), "setting up a CAN_RAW socket on " + iface + " failed");
        }
        return new RawLink(iface, fd, wakeFd, index, receiver);
    }

    @Override
    public List<String> interfaces() {
        return KernelInfo.canInterfaces();
    }

    @Override
    public int mtu(String iface) {
        return KernelInfo.interfaceExists(iface) ? Math.max(0, KernelInfo.mtu(iface)) : -1;
    }

    @Override
    public String howToAddInterface() {
        return KernelInfo.FACTS.howToAdd();
    }

    @Override
    public String toString() {
        return "CAN_RAW";
    }

    /** One CAN_RAW socket and its reader thread. */
    private static final class RawLink implements FrameLink {
        private final String iface;
        private final int fd;
        private final int wakeFd;
        private final int ifindex;
        private final FrameReceiver receiver;
        private final ByteBuffer out = Structs.allocate(CANFD_FRAME_SIZE);
        private final ByteBuffer in = Structs.allocate(CANFD_FRAME_SIZE);
        private final ByteBuffer stamp = Structs.allocate(16);
        private final ByteBuffer pollFds = Structs.allocate(2 * KernelAbi.POLLFD_SIZE);
        private final Object deliver = new Object();
        private volatile boolean closed;
        private final Thread reader;

        RawLink(String iface, int fd, int wakeFd, int ifindex, FrameReceiver receiver) {
            this.iface = iface;
            this.fd = fd;
            this.wakeFd = wakeFd;
            this.ifindex = ifindex;
            this.receiver = receiver;
            pollFds.putInt(0, fd).putShort(4, KernelAbi.POLLIN);
            pollFds.putInt(KernelAbi.POLLFD_SIZE, wakeFd).putShort(KernelAbi.POLLFD_SIZE + 4, KernelAbi.POLLIN);
            reader = new Thread(this::read, "isotp-can-raw-" + iface);
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public int ifindex() {
            return ifindex;
        }

        @Override
        public void send(CanFrame frame) throws FrameLinkException {
            synchronized (out) {
                if (closed) {
                    throw new FrameLinkException(Errno.ENXIO.number(), "link closed");
                }
                int size = frame.isFd() ? CANFD_FRAME_SIZE : CAN_FRAME_SIZE;
                for (int i = 0; i < size; i++) {
                    out.put(i, (byte) 0);
                }
                byte[] data = frame.data();
                out.putInt(0, frame.id()).put(4, (byte) data.length);
                if (frame.isFd()) {
                    out.put(5, (byte) frame.fdFlags());
                }
                out.put(8, data);
                try {
                    Libc.send(fd, out, size, 0);
                } catch (LastErrorException e) {
                    throw new FrameLinkException(e.getErrorCode(), "write to " + iface + " failed");
                }
            }
        }

        private void read() {
            try {
                while (!closed) {
                    pollFds.putShort(6, (short) 0).putShort(KernelAbi.POLLFD_SIZE + 6, (short) 0);
                    try {
                        Libc.poll(pollFds, 2, -1);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() == EINTR) {
                            continue;
                        }
                        throw e;
                    }
                    if (closed || pollFds.getShort(KernelAbi.POLLFD_SIZE + 6) != 0) {
                        return;
                    }
                    long n = NonThrowingLibc.recv(fd, in, CANFD_FRAME_SIZE, KernelAbi.MSG_DONTWAIT);
                    if (n < 0) {
                        int errno = Native.getLastError();
                        if (errno == Errno.EAGAIN.number() || errno == EINTR) {
                            continue;
                        }
                        synchronized (deliver) {
                            if (!closed) {
                                receiver.linkError(errno);
                            }
                        }
                        if (errno != Errno.ENETDOWN.number()) {
                            return;
                        }
                        continue;
                    }
                    int id = in.getInt(0);
                    if ((id & (KernelAbi.CAN_RTR_FLAG | KernelAbi.CAN_ERR_FLAG)) != 0) {
                        continue;
                    }
                    boolean fdFrame = n == CANFD_FRAME_SIZE;
                    int len = Math.min(in.get(4) & 0xFF, fdFrame ? 64 : 8);
                    byte[] data = new byte[len];
                    in.get(8, data);
                    long when = 0;
                    try {
                        Libc.ioctl(fd, SIOCGSTAMPNS, stamp);
                        when = stamp.getLong(0) * 1_000_000_000L + stamp.getLong(8);
                    } catch (LastErrorException e) {
                        // no timestamp: 0 says unknown
                    }
                    // CANFD_FDF (0x04, set by newer kernels on every CAN FD frame) is what isFd() says already
                    int flags = fdFrame ? in.get(5) & ~CANFD_FDF & 0xFF : 0;
                    CanFrame frame = new CanFrame(id, data, fdFrame, flags, when);
                    synchronized (deliver) {
                        if (!closed) {
                            receiver.frame(frame);
                        }
                    }
                }
            } finally {
                synchronized (out) { // a send in progress finishes before its descriptor goes
                    closed = true;
                    Libc.close(fd);
                    Libc.close(wakeFd);
                }
            }
        }

        @Override
        public void close() {
            synchronized (deliver) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            try {
                Libc.write(wakeFd, Structs.allocate(8).putLong(0, 1L), 8);
            } catch (LastErrorException ignored) {
                // a wake-up is already pending
            }
        }

        @Override
        public String toString() {
            return "CAN_RAW link on " + iface;
        }
    }
}
