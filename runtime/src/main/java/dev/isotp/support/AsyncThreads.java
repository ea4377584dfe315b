package dev.isotp.support;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of every asynchronous method of the process, however many channels and pending futures there are: a
 * fixed pool that runs the sends and takes the answers the poller reports, and one timer thread for the timeouts.
 * A pending future holds none of them while it waits.
 */
final class AsyncThreads {
    /** Threads of {@link #EXECUTOR}: the processors, at least 2; idle ones end after {@link #IDLE_SECONDS}. */
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final long IDLE_SECONDS = 30;

    /** Runs sends (each holds its thread while the kernel transmits, as a synchronous send does) and receives. */
    static final ThreadPoolExecutor EXECUTOR = executor();
    /** Runs timeouts; a task only hands its work to {@link #EXECUTOR}. */
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private AsyncThreads() {
    }

    private static ThreadPoolExecutor executor() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("isotp-async-"));
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemons("isotp-async-timer-"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
