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
 * {@link NativeBinding} through the Foreign Function &amp; Memory API (final in JDK 22): the C library's calls, linked
 * once, errno captured by the linker into the caller's state segment ({@link #newCallState()}, one per thread of use;
 * under C2 the capture allocates nothing). Pointers on the send and receive path are passed as {@code long} (the same
 * register on LP64), so no call builds a MemorySegment; the other calls wrap their small buffers. Loaded by
 * {@link NativeBinding#get()} on JDK 22+ only (META-INF/versions/22 of the jar), the same on every architecture.
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
    private static final MethodHandle EPOLL_CREATE1 = link("epoll_create1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle EPOLL_CTL = link("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = link("epoll_wait", FunctionDescriptor.of(INT, INT, LONG, INT, INT));
    private static final MethodHandle EVENTFD = link("eventfd", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WRITE = link("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(INT, INT));

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
    public Object newCallState() {
        return allocateState();
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
        MemorySegment s = (MemorySegment) state;
        try {
            return result((long) SEND.invokeExact(s, fd, address, length, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recv(Object state, int fd, long address, long length, int flags) {
        MemorySegment s = (MemorySegment) state;
        try {
            return result((long) RECV.invokeExact(s, fd, address, length, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recvmsg(Object state, int fd, long msghdr, int flags) {
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

    /** The segment of a direct buffer from index 0 to its capacity. */
    private static MemorySegment whole(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct.duplicate().clear());
    }
}
