package dev.isotp.kernel;

import java.nio.ByteBuffer;

/**
 * The C library calls the kernel carrier makes, behind one interface with two implementations: {@link JnaBinding}
 * (JNA direct mapping, JDK 17-21) and {@code FfmBinding} (the Foreign Function &amp; Memory API, JDK 22+, in the
 * jar's META-INF/versions/22). {@link #get()} picks one once per process.
 *
 * <p>One convention for both: a call returns its result (0 or more), or minus errno when it failed; nothing throws
 * and the calls on the send and receive path allocate nothing. Those take raw addresses ({@link #address} of a
 * direct buffer, computed once per buffer by the caller) so that no call builds a pointer object; the caller keeps
 * the buffer reachable across the call. {@code state} is the caller's {@link #newCallState()}, where the binding
 * keeps errno; one per thread of use (the socket keeps one for its sender, one for its receiver).
 *
 * <p>System properties, read once, choose the path (the kernel tests run each, {@code NativePathsTest}):
 * {@code dev.isotp.binding=jna} takes JNA on any JDK; {@code dev.isotp.binding=ffm} fails where FFM cannot be loaded
 * instead of falling back to JNA; {@code dev.isotp.ffm.libcOnly=true} makes the FFM binding call the C library with
 * errno captured instead of its x86-64 syscall stubs (what it does by itself on other architectures, or where no
 * executable memory can be had).
 */
public interface NativeBinding {
    /** "ffm" or "jna": what {@link #get()} chose, for reports and tests. */
    String name();

    /** {@link #name()} with how the send and receive path reaches the kernel, for reports. */
    default String description() {
        return name();
    }

    /** A holder for errno of the calls of one thread at a time. */
    Object newCallState();

    /** The address of index 0 of a direct buffer. */
    long address(ByteBuffer direct);

    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, ByteBuffer value, int length);

    int getsockopt(int fd, int level, int name, ByteBuffer value, ByteBuffer length);

    int bind(int fd, ByteBuffer address, int length);

    int getsockname(int fd, ByteBuffer address, ByteBuffer length);

    /** The index of an interface, or minus errno (ENODEV when there is none). */
    int interfaceIndex(String name);

    long send(Object state, int fd, long address, long length, int flags);

    long recv(Object state, int fd, long address, long length, int flags);

    long recvmsg(Object state, int fd, long msghdr, int flags);

    int epollCreate();

    int epollCtl(int epfd, int op, int fd, ByteBuffer event);

    int epollWait(Object state, int epfd, long events, int maxEvents, int timeoutMillis);

    int eventfd(int initialValue, int flags);

    long write(int fd, ByteBuffer data, int length);

    int close(int fd);

    /** The binding of this process: FFM on JDK 22+ where its classes are there, JNA otherwise. */
    static NativeBinding get() {
        return Holder.BINDING;
    }

    /** Loads the binding once, on first use. */
    final class Holder {
        static final NativeBinding BINDING = choose();

        private Holder() {
        }

        private static NativeBinding choose() {
            String wanted = System.getProperty("dev.isotp.binding", "");
            if (!wanted.equals("jna") && Runtime.version().feature() >= 22) {
                try {
                    // in META-INF/versions/22 of the multi-release jar: only a JDK 22+ sees (and can link) it
                    return (NativeBinding) Class.forName("dev.isotp.kernel.FfmBinding").getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    if (wanted.equals("ffm")) {
                        throw new IllegalStateException("the FFM binding was asked for (dev.isotp.binding=ffm) but cannot be loaded: " + e, e);
                    }
                }
            }
            return new JnaBinding();
        }
    }
}
