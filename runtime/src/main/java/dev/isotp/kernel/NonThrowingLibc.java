package dev.isotp.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.Buffer;

/**
 * The calls whose failure is an expected answer rather than an error: they return -1 and leave errno for
 * {@link Native#getLastError()}, so that "nothing queued yet" (EAGAIN) costs neither an exception nor an allocation.
 */
final class NonThrowingLibc {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private NonThrowingLibc() {
    }

    static native long recv(int fd, Buffer data, long length, int flags);

    /** recvmsg(2): {@code message} holds a struct msghdr ({@link Structs#receiveMessage()}). */
    static native long recvmsg(int fd, Buffer message, int flags);

    static native long send(int fd, Buffer data, long length, int flags);
}
