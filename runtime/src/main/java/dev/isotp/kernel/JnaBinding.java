package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * {@link NativeBinding} through JNA direct mapping (primitive and Buffer arguments only, no varargs): one JNI
 * transition per call, errno kept by JNA per thread and read with {@link Native#getLastError()}.
 */
final class JnaBinding implements NativeBinding {
    @Override
    public String name() {
        return "jna";
    }

    @Override
    public Object newCallState() {
        return null; // JNA keeps errno per thread itself
    }

    @Override
    public long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    private static int result(int r) {
        return r >= 0 ? r : -Native.getLastError();
    }

    private static long result(long r) {
        return r >= 0 ? r : -Native.getLastError();
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return result(C.socket(domain, type, protocol));
    }

    @Override
    public int setsockopt(int fd, int level, int name, ByteBuffer value, int length) {
        return result(C.setsockopt(fd, level, name, value, length));
    }

    @Override
    public int getsockopt(int fd, int level, int name, ByteBuffer value, ByteBuffer length) {
        return result(C.getsockopt(fd, level, name, value, length));
    }

    @Override
    public int bind(int fd, ByteBuffer address, int length) {
        return result(C.bind(fd, address, length));
    }

    @Override
    public int getsockname(int fd, ByteBuffer address, ByteBuffer length) {
        return result(C.getsockname(fd, address, length));
    }

    @Override
    public int interfaceIndex(String name) {
        int index = C.if_nametoindex(name);
        if (index > 0) {
            return index;
        }
        int errno = Native.getLastError();
        return -(errno == 0 ? Errno.ENODEV.number() : errno);
    }

    @Override
    public long send(Object state, int fd, long address, long length, int flags) {
        return result(C.send(fd, address, length, flags));
    }

    @Override
    public long recv(Object state, int fd, long address, long length, int flags) {
        return result(C.recv(fd, address, length, flags));
    }

    @Override
    public long recvmsg(Object state, int fd, long msghdr, int flags) {
        return result(C.recvmsg(fd, msghdr, flags));
    }

    @Override
    public int epollCreate() {
        return result(C.epoll_create1(KernelAbi.EPOLL_CLOEXEC));
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, ByteBuffer event) {
        return result(C.epoll_ctl(epfd, op, fd, event));
    }

    @Override
    public int epollWait(Object state, int epfd, long events, int maxEvents, int timeoutMillis) {
        return result(C.epoll_wait(epfd, events, maxEvents, timeoutMillis));
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        return result(C.eventfd(initialValue, flags));
    }

    @Override
    public long write(int fd, ByteBuffer data, int length) {
        return result(C.write(fd, data, length));
    }

    @Override
    public int close(int fd) {
        return result(C.close(fd));
    }

    /** The C functions. Pointers on the hot path are passed as long (a pointer's register on LP64): no Pointer per call. */
    private static final class C {
        static {
            Native.register(C.class, Platform.C_LIBRARY_NAME);
        }

        private C() {
        }

        static native int socket(int domain, int type, int protocol);

        static native int setsockopt(int fd, int level, int name, Buffer value, int length);

        static native int getsockopt(int fd, int level, int name, Buffer value, Buffer length);

        static native int bind(int fd, Buffer address, int length);

        static native int getsockname(int fd, Buffer address, Buffer length);

        static native int if_nametoindex(String name);

        static native long send(int fd, long address, long length, int flags);

        static native long recv(int fd, long address, long length, int flags);

        static native long recvmsg(int fd, long msghdr, int flags);

        static native int epoll_create1(int flags);

        static native int epoll_ctl(int epfd, int op, int fd, Buffer event);

        static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

        static native int eventfd(int initialValue, int flags);

        static native long write(int fd, Buffer data, long length);

        static native int close(int fd);
    }
}
