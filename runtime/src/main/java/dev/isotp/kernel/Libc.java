package dev.isotp.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.Buffer;

/**
 * The C library calls the socket needs, bound by JNA direct mapping: primitive and Buffer arguments only, no
 * varargs, so a call costs one JNI transition and allocates nothing. Buffers are passed at their position.
 * A failing call throws {@link LastErrorException} carrying errno.
 */
final class Libc {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Libc() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Buffer value, int length) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, Buffer value, Buffer length) throws LastErrorException;

    static native int bind(int fd, Buffer address, int length) throws LastErrorException;

    static native int getsockname(int fd, Buffer address, Buffer length) throws LastErrorException;

    static native long send(int fd, Buffer data, long length, int flags) throws LastErrorException;

    static native long send(int fd, byte[] data, long length, int flags) throws LastErrorException;

    static native long recv(int fd, Buffer data, long length, int flags) throws LastErrorException;

    static native int poll(Buffer fds, long count, int timeoutMillis) throws LastErrorException;

    static native int eventfd(int initialValue, int flags) throws LastErrorException;

    static native long write(int fd, Buffer data, long length) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** ioctl(2) with one pointer argument (SIOCGSTAMPNS). */
    static native int ioctl(int fd, long request, Buffer argument) throws LastErrorException;

    /** Returns 0 when there is no such interface; errno is then read with {@link Native#getLastError()}. */
    static native int if_nametoindex(String name);
}
