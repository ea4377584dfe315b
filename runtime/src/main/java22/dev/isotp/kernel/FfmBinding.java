package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * {@link NativeBinding} through the Foreign Function &amp; Memory API (final in JDK 22): downcalls linked once, errno
 * captured by the linker into the caller's state segment. Pointers on the send and receive path are passed as
 * {@code long} (the same register on LP64), so no call builds a MemorySegment; the other calls wrap their small
 * buffers. Loaded by {@link NativeBinding#get()} on JDK 22+ only (META-INF/versions/22 of the jar).
 */
final class FfmBinding implements NativeBinding {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final long STATE_SIZE = Linker.Option.captureStateLayout().byteSize();

    private static final MethodHandle SOCKET = link("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle SETSOCKOPT = link("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    private static final MethodHandle GETSOCKOPT = link("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, ADDRESS));
    private static final MethodHandle BIND = link("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle GETSOCKNAME = link("getsockname", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS));
    private static final MethodHandle IF_NAMETOINDEX = link("if_nametoindex", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle SEND = link("send", FunctionDescriptor.of(LONG, INT, LONG, LONG, INT));
    private static final MethodHandle RECV = link("recv", FunctionDescriptor.of(LONG, INT, LONG, LONG, INT));
    private static final MethodHandle RECVMSG = link("recvmsg", FunctionDescriptor.of(LONG, INT, LONG, INT));
    private static final MethodHandle MMAP = link("mmap", FunctionDescriptor.of(ADDRESS, LONG, LONG, INT, INT, INT, LONG));
    private static final MethodHandle MPROTECT = link("mprotect", FunctionDescriptor.of(INT, ADDRESS, LONG, INT));
    private static final MethodHandle EPOLL_CREATE1 = link("epoll_create1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle EPOLL_CTL = link("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = link("epoll_wait", FunctionDescriptor.of(INT, INT, LONG, INT, INT));
    private static final MethodHandle EVENTFD = link("eventfd", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WRITE = link("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(INT, INT));

    /**
     * The send and receive path as raw x86-64 Linux syscalls that return minus errno themselves: no errno to capture
     * and no libc wrapper. The linker's capture allocates 40 bytes per call until C2 has compiled the caller (the
     * interpreter and C1 box the state; measured on JDK 25: 40 B per call over the first thousands of calls, and for
     * good under C1 only), so without these a socket's first PDUs, and every PDU of a short-lived or C1-only JVM,
     * allocate; under C2 the two ways allocate nothing and the stubs save about 5% of a send + recvmsg pair. Null
     * where they cannot be had (another architecture, no executable memory, or {@code -Ddev.isotp.ffm.libcOnly=true}):
     * the libc calls with errno captured are used then.
     */
    private static final Stubs RAW = Stubs.make();
    // constants for the JIT (a handle read from an object's field is not): null when RAW is
    private static final MethodHandle RAW_SENDTO = RAW == null ? null : RAW.sendto;
    private static final MethodHandle RAW_RECVFROM = RAW == null ? null : RAW.recvfrom;
    private static final MethodHandle RAW_RECVFROM_NOW = RAW == null ? null : RAW.recvfromNow;
    private static final MethodHandle RAW_RECVMSG = RAW == null ? null : RAW.recvmsg;
    private static final MethodHandle RAW_RECVMSG_NOW = RAW == null ? null : RAW.recvmsgNow;
    private static final MethodHandle RAW_EPOLL_WAIT = RAW == null ? null : RAW.epollWait;

    /** For the calls that are not on the hot path: errno of one call at a time per thread. */
    private static final ThreadLocal<MemorySegment> COLD_STATE = ThreadLocal.withInitial(FfmBinding::allocateState);

    private static MethodHandle link(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        // errno is captured into a segment passed first; the handle's first parameter is that segment
        return LINKER.downcallHandle(symbol, descriptor, ERRNO);
    }

    private static MemorySegment allocateState() {
        return Arena.ofAuto().allocate(STATE_SIZE);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_VALUE.get(state, 0L);
    }

    private static int result(int r, MemorySegment state) {
        return r >= 0 ? r : -errno(state);
    }

    private static long result(long r, MemorySegment state) {
        return r >= 0 ? r : -errno(state);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public String description() {
        return "ffm (send and receive: " + hotPath() + ")";
    }

    @Override
    public Object newCallState() {
        return RAW != null ? null : allocateState(); // the raw calls return errno themselves
    }

    @Override
    public long address(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct.duplicate().clear()).address();
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) SOCKET.invokeExact(state, domain, type, protocol), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int setsockopt(int fd, int level, int name, ByteBuffer value, int length) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) SETSOCKOPT.invokeExact(state, fd, level, name, whole(value), length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int getsockopt(int fd, int level, int name, ByteBuffer value, ByteBuffer length) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) GETSOCKOPT.invokeExact(state, fd, level, name, whole(value), whole(length)), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int bind(int fd, ByteBuffer address, int length) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) BIND.invokeExact(state, fd, whole(address), length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int getsockname(int fd, ByteBuffer address, ByteBuffer length) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) GETSOCKNAME.invokeExact(state, fd, whole(address), whole(length)), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int interfaceIndex(String name) {
        MemorySegment state = COLD_STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            int index = (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            if (index > 0) {
                return index;
            }
            int errno = errno(state);
            return -(errno == 0 ? Errno.ENODEV.number() : errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long send(Object state, int fd, long address, long length, int flags) {
        if (RAW != null) {
            try {
                return (long) RAW_SENDTO.invokeExact(fd, address, length, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        MemorySegment s = (MemorySegment) state;
        try {
            return result((long) SEND.invokeExact(s, fd, address, length, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recv(Object state, int fd, long address, long length, int flags) {
        if (RAW != null) {
            try {
                return (flags & KernelAbi.MSG_DONTWAIT) != 0
                        ? (long) RAW_RECVFROM_NOW.invokeExact(fd, address, length, flags)
                        : (long) RAW_RECVFROM.invokeExact(fd, address, length, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        MemorySegment s = (MemorySegment) state;
        try {
            return result((long) RECV.invokeExact(s, fd, address, length, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recvmsg(Object state, int fd, long msghdr, int flags) {
        if (RAW != null) {
            try {
                return (flags & KernelAbi.MSG_DONTWAIT) != 0
                        ? (long) RAW_RECVMSG_NOW.invokeExact(fd, msghdr, flags)
                        : (long) RAW_RECVMSG.invokeExact(fd, msghdr, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        MemorySegment s = (MemorySegment) state;
        try {
            return result((long) RECVMSG.invokeExact(s, fd, msghdr, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollCreate() {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) EPOLL_CREATE1.invokeExact(state, KernelAbi.EPOLL_CLOEXEC), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, ByteBuffer event) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) EPOLL_CTL.invokeExact(state, epfd, op, fd, whole(event)), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollWait(Object state, int epfd, long events, int maxEvents, int timeoutMillis) {
        if (RAW != null) {
            try {
                return (int) (long) RAW_EPOLL_WAIT.invokeExact(epfd, events, maxEvents, timeoutMillis);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        MemorySegment s = (MemorySegment) state;
        try {
            return result((int) EPOLL_WAIT.invokeExact(s, epfd, events, maxEvents, timeoutMillis), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) EVENTFD.invokeExact(state, initialValue, flags), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long write(int fd, ByteBuffer data, int length) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((long) WRITE.invokeExact(state, fd, whole(data), (long) length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(int fd) {
        MemorySegment state = COLD_STATE.get();
        try {
            return result((int) CLOSE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Four syscall stubs in one page of executable memory (written, then made read + execute). Each loads the
     * syscall number, moves the 4th argument from rcx (SysV) to r10 (the kernel's), zeroes the unused address
     * arguments of sendto/recvfrom, and returns what the kernel returns: the result, or minus errno.
     */
    private static final class Stubs {
        private static final byte[] SENDTO = stub(KernelAbi.SYS_SENDTO, 4, true);
        private static final byte[] RECVFROM = stub(KernelAbi.SYS_RECVFROM, 4, true);
        private static final byte[] RECVMSG = stub(KernelAbi.SYS_RECVMSG, 3, false);
        private static final byte[] EPOLL_WAIT = stub(KernelAbi.SYS_EPOLL_WAIT, 4, false);

        final MethodHandle sendto;
        final MethodHandle recvfrom;
        /** For MSG_DONTWAIT: never blocks, so called without a thread-state transition. */
        final MethodHandle recvfromNow;
        final MethodHandle recvmsg;
        final MethodHandle recvmsgNow;
        final MethodHandle epollWait;

        private Stubs(MemorySegment code) {
            FunctionDescriptor four = FunctionDescriptor.of(LONG, INT, LONG, LONG, INT);
            FunctionDescriptor three = FunctionDescriptor.of(LONG, INT, LONG, INT);
            FunctionDescriptor wait = FunctionDescriptor.of(LONG, INT, LONG, INT, INT);
            Linker.Option critical = Linker.Option.critical(false);
            sendto = LINKER.downcallHandle(code.asSlice(0), four);
            recvfrom = LINKER.downcallHandle(code.asSlice(32), four);
            recvfromNow = LINKER.downcallHandle(code.asSlice(32), four, critical);
            recvmsg = LINKER.downcallHandle(code.asSlice(64), three);
            recvmsgNow = LINKER.downcallHandle(code.asSlice(64), three, critical);
            epollWait = LINKER.downcallHandle(code.asSlice(96), wait);
        }

        static Stubs make() {
            if (!System.getProperty("os.arch", "").equals("amd64") || Boolean.getBoolean("dev.isotp.ffm.libcOnly")) {
                return null;
            }
            MemorySegment state = allocateState();
            try {
                long page = KernelAbi.PAGE_SIZE;
                int protRw = KernelAbi.PROT_READ | KernelAbi.PROT_WRITE;
                int protRx = KernelAbi.PROT_READ | KernelAbi.PROT_EXEC;
                int mapPrivateAnonymous = KernelAbi.MAP_PRIVATE | KernelAbi.MAP_ANONYMOUS;
                MemorySegment code = ((MemorySegment) MMAP.invokeExact(state, 0L, page, protRw, mapPrivateAnonymous, -1, 0L))
                        .reinterpret(page);
                if (code.address() == -1L) {
                    return null;
                }
                code.asSlice(0).copyFrom(MemorySegment.ofArray(SENDTO));
                code.asSlice(32).copyFrom(MemorySegment.ofArray(RECVFROM));
                code.asSlice(64).copyFrom(MemorySegment.ofArray(RECVMSG));
                code.asSlice(96).copyFrom(MemorySegment.ofArray(EPOLL_WAIT));
                if ((int) MPROTECT.invokeExact(state, code, page, protRx) != 0) {
                    return null; // no executable memory here (e.g. a policy against it): libc with errno captured
                }
                Stubs stubs = new Stubs(code);
                // proven before use: a receive on descriptor -1 must come back as minus EBADF
                long r = (long) stubs.recvfrom.invokeExact(-1, 0L, 0L, KernelAbi.MSG_DONTWAIT);
                return r == -Errno.EBADF.number() ? stubs : null;
            } catch (Throwable t) {
                return null;
            }
        }

        /** mov rax, nr; [mov r10, rcx]; [xor r8d, r8d; xor r9d, r9d]; syscall; ret */
        private static byte[] stub(int nr, int args, boolean noAddress) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(new byte[] {0x48, (byte) 0xC7, (byte) 0xC0, (byte) nr, (byte) (nr >> 8), 0, 0});
            if (args >= 4) {
                b.writeBytes(new byte[] {0x49, (byte) 0x89, (byte) 0xCA});
            }
            if (noAddress) {
                b.writeBytes(new byte[] {0x45, 0x31, (byte) 0xC0, 0x45, 0x31, (byte) 0xC9});
            }
            b.writeBytes(new byte[] {0x0F, 0x05, (byte) 0xC3});
            return b.toByteArray();
        }
    }

    /** Which way the send and receive path goes: "raw syscalls" or "libc, errno captured". */
    static String hotPath() {
        return RAW != null ? "raw syscalls" : "libc, errno captured";
    }

    /** The segment of a direct buffer from index 0 to its capacity. */
    private static MemorySegment whole(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct.duplicate().clear());
    }
}
