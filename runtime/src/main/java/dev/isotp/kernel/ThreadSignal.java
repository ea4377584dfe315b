package dev.isotp.kernel;

import dev.isotp.internal.abi.Structs;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/**
 * Interrupts one thread's blocking system call: the JDK's own way of freeing a thread blocked in channel I/O
 * ({@code sun.nio.ch.NativeThread}), used for a thread blocked in an ISO-TP send. The JDK installs a handler that
 * does nothing, without SA_RESTART, for the signal SIGRTMAX-2; a {@code pthread_kill} with it makes the kernel's
 * interruptible waits return. The signal is sent only after reading back that such a handler is installed (the default
 * action of a real-time signal would end the process), so where anything is missing, {@link #available()} is false and
 * nothing is ever sent.
 */
final class ThreadSignal {
    /** glibc's struct sigaction on x86-64 and aarch64: the handler first, 152 bytes in all; read into more room. */
    private static final int SIGACTION_ROOM = 256;
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;

    private static final int SIGNAL = findSignal();
    /** A platform thread's pthread_t never changes: looked up once per thread (a JNA call costs about 100 ns). */
    private static final ThreadLocal<Long> PLATFORM_SELF = ThreadLocal.withInitial(() -> Pthread.pthread_self());
    /** {@code Thread.isVirtual()} on Java 21+, null before: a virtual thread's carrier may change between sends. */
    private static final java.lang.invoke.MethodHandle IS_VIRTUAL = isVirtualHandle();

    private ThreadSignal() {
    }

    /** Bound apart from {@link Libc}: a C library without one of these symbols must not stop the socket. */
    private static final class Pthread {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native long pthread_self();

        static native int pthread_kill(long thread, int signal);

        static native int sigaction(int signal, ByteBuffer action, ByteBuffer old);

        static native int __libc_current_sigrtmax();
    }

    private static int findSignal() {
        if (!Platform.isLinux()) {
            return 0;
        }
        try {
            // its static initializer installs the handler (a no-op without SA_RESTART)
            Class.forName("sun.nio.ch.NativeThread", true, null);
        } catch (Throwable ignored) {
            // the handler may still be there, e.g. from java.net: read back below
        }
        try {
            int signal = Pthread.__libc_current_sigrtmax() - 2;
            ByteBuffer old = Structs.allocate(SIGACTION_ROOM);
            if (Pthread.sigaction(signal, null, old) != 0) {
                return 0;
            }
            long handler = old.getLong(0);
            return handler == SIG_DFL || handler == SIG_IGN ? 0 : signal;
        } catch (Throwable e) {
            return 0;
        }
    }

    /** True where a thread blocked in a system call can be interrupted. */
    static boolean available() {
        return SIGNAL != 0;
    }

    private static java.lang.invoke.MethodHandle isVirtualHandle() {
        try {
            return java.lang.invoke.MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    java.lang.invoke.MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * The calling thread as pthread_kill names it (a virtual thread: its carrier, which a native call pins); 0 where
     * signals are not {@link #available()}.
     */
    static long self() {
        if (SIGNAL == 0) {
            return 0;
        }
        Thread current = Thread.currentThread();
        if (IS_VIRTUAL != null && isVirtual(current)) {
            return Pthread.pthread_self();
        }
        return PLATFORM_SELF.get();
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return true; // ask the C library: always right
        }
    }

    /**
     * Interrupts the blocking system call {@code thread} is in, if any; a thread running Java code ignores it. 0 and
     * -1 (a thread not started yet) are no threads.
     */
    static void interrupt(long thread) {
        if (SIGNAL != 0 && thread != 0 && thread != -1) {
            Pthread.pthread_kill(thread, SIGNAL);
        }
    }
}
