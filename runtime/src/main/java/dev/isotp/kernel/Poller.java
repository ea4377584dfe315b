package dev.isotp.kernel;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One epoll instance and one daemon thread that serve every socket of the process whose waiter must not block a
 * thread: a virtual thread registers its socket (one-shot) and parks, leaving its carrier free; the poller unparks
 * it when the socket is readable or has an error. So a thousand channels waiting cost a thousand parked virtual
 * threads and one platform thread, not a thousand blocked platform threads. The model is the JDK's own poller for
 * its sockets. A waiter may also be a callback (an asynchronous receive that holds no thread): the poller runs it
 * once, on its own thread, so it must only hand the work off.
 */
final class Poller {
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    private static final int MAX_EVENTS = 64;

    private static volatile Poller instance;

    private final NativeBinding c;
    private final int epfd;
    /**
     * The waiter of each descriptor, by descriptor number (only one receiver per socket waits at a time): a thread to
     * unpark, or a one-shot callback to run. Grown under this poller's lock; see {@link #grow} for why a waiter is
     * never lost while it grows.
     */
    private volatile AtomicReferenceArray<Object> waiters = new AtomicReferenceArray<>(1024);

    private Poller(NativeBinding c, int epfd) {
        this(c, epfd, true);
    }

    /** A poller whose thread is started only if {@code start} (tests look at its table of waiters alone). */
    Poller(NativeBinding c, int epfd, boolean start) {
        this.c = c;
        this.epfd = epfd;
        if (start) {
            Thread t = new Thread(this::run, "isotp-poller");
            t.setDaemon(true);
            t.start();
        }
    }

    /** True on a virtual thread (JDK 21+); false on every thread of older JDKs. */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17-20: no virtual threads
        }
    }

    /** The process's poller, started on first use; minus errno as a failure if epoll cannot be had. */
    static Poller get() throws dev.isotp.internal.carrier.CarrierException {
        Poller p = instance;
        if (p != null) {
            return p;
        }
        synchronized (Poller.class) {
            if (instance == null) {
                NativeBinding c = NativeBinding.get();
                int epfd = c.epollCreate();
                if (epfd < 0) {
                    throw new dev.isotp.internal.carrier.CarrierException(-epfd);
                }
                instance = new Poller(c, epfd);
            }
            return instance;
        }
    }

    /**
     * Arms {@code fd} for one readiness report (EPOLLIN and errors) to {@code waiter}, a {@link Thread} to unpark or
     * a {@link Runnable} to run: {@code added} says whether the descriptor is already in the set (then it is
     * re-armed). Returns 0 or minus errno.
     */
    int arm(int fd, Object waiter, boolean added, ByteBuffer event) {
        AtomicReferenceArray<Object> w = waiters;
        if (fd >= w.length()) {
            w = grow(fd);
        }
        w.set(fd, waiter);
        if (waiters != w) {
            // grown meanwhile: the copy may have taken this slot before it was written
            synchronized (this) {
                waiters.set(fd, waiter);
            }
        }
        event.putInt(0, KernelAbi.EPOLLIN | KernelAbi.EPOLLONESHOT).putLong(4, fd);
        int r = c.epollCtl(epfd, added ? KernelAbi.EPOLL_CTL_MOD : KernelAbi.EPOLL_CTL_ADD, fd, event);
        if (r == -KernelAbi.ENOENT && added) {
            r = c.epollCtl(epfd, KernelAbi.EPOLL_CTL_ADD, fd, event);
        } else if (r == -KernelAbi.EEXIST && !added) {
            r = c.epollCtl(epfd, KernelAbi.EPOLL_CTL_MOD, fd, event);
        }
        return r;
    }

    /** Forgets the waiter of {@code fd} (the descriptor leaves the epoll set by itself when it is closed). */
    void disarm(int fd, Object waiter) {
        AtomicReferenceArray<Object> w = waiters;
        if (fd < w.length()) {
            w.compareAndSet(fd, waiter, null);
        }
    }

    /**
     * A larger table, published before the old entries are copied into it: a waiter that writes into the old table
     * meanwhile sees the new one and writes again under the lock (after the copy), and the poller thread, finding no
     * waiter, looks again under the lock. Without this a waiter armed during a copy was lost, and its receive never
     * woke (a thousand channel pairs on virtual threads hung: descriptors past 1024 grow the table while others arm).
     */
    private synchronized AtomicReferenceArray<Object> grow(int fd) {
        AtomicReferenceArray<Object> old = waiters;
        if (fd < old.length()) {
            return old;
        }
        AtomicReferenceArray<Object> bigger = new AtomicReferenceArray<>(Math.max(fd + 1, old.length() * 2));
        waiters = bigger;
        for (int i = 0; i < old.length(); i++) {
            Object t = old.get(i);
            if (t != null) {
                bigger.compareAndSet(i, null, t);
            }
        }
        return bigger;
    }

    /** The thread or callback armed on {@code fd}, or null. */
    Object waiterOf(int fd) {
        AtomicReferenceArray<Object> w = waiters;
        Object t = fd < w.length() ? w.get(fd) : null;
        if (t == null) {
            synchronized (this) { // a copy may be running: its end shows every waiter
                w = waiters;
                t = fd < w.length() ? w.get(fd) : null;
            }
        }
        return t;
    }

    private void run() {
        ByteBuffer events = Structs.allocate(MAX_EVENTS * KernelAbi.EPOLL_EVENT_SIZE);
        long address = c.address(events);
        Object state = c.newCallState();
        for (;;) {
            int n = c.epollWait(state, epfd, address, MAX_EVENTS, -1);
            for (int i = 0; i < n; i++) {
                int fd = (int) events.getLong(i * KernelAbi.EPOLL_EVENT_SIZE + 4);
                Object t = waiterOf(fd);
                if (t instanceof Thread) {
                    LockSupport.unpark((Thread) t);
                } else if (t instanceof Runnable) {
                    try { // the callback is one-shot itself: a stale or repeated report finds nothing to run
                        ((Runnable) t).run();
                    } catch (RuntimeException | Error e) {
                        // a callback's failure must not stop the poller that every socket of the process shares
                        System.getLogger("dev.isotp.channel").log(System.Logger.Level.ERROR, "readiness callback failed", e);
                    }
                }
            }
            java.lang.ref.Reference.reachabilityFence(events);
        }
    }
}
