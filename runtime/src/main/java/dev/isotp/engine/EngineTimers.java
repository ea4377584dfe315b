package dev.isotp.engine;

import dev.isotp.spi.FrameBus;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The timer threads of the engines on one frame bus: every engine attached to a bus shares its bus's scheduler, made
 * when the first engine of that bus opens and stopped when the last one closes. So the engines of separate buses
 * (tests that run in parallel, each on its own virtual bus) never share a timer thread, and a bus that is done leaves
 * no thread behind.
 *
 * <p>One thread per bus: the consecutive frames an engine paces with its timers are then written by one thread, as
 * the kernel sends them from one CPU. Written from two threads on two CPUs, Debian's 5.10 delivered them out of
 * order on a vcan (each CPU's receive backlog is processed on its own, the first may wait for ksoftirqd): 7 of 80
 * transfers at STmin 300 µs ended in EILSEQ at the receiver although the kernel stamped the frames in their order.
 */
final class EngineTimers {
    private static final Map<FrameBus, EngineTimers> BY_BUS = new IdentityHashMap<>();

    private final FrameBus bus;
    private final ScheduledThreadPoolExecutor executor;
    private int users;

    private EngineTimers(FrameBus bus) {
        this.bus = bus;
        String name = "isotp-engine-timer of " + bus;
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** The timers of {@code bus}, made if it has none; every call is matched by one {@link #release()}. */
    static EngineTimers acquire(FrameBus bus) {
        synchronized (BY_BUS) {
            EngineTimers timers = BY_BUS.computeIfAbsent(bus, EngineTimers::new);
            timers.users++;
            return timers;
        }
    }

    /** One engine is done with these timers; the last one stops their threads. */
    void release() {
        synchronized (BY_BUS) {
            if (--users == 0) {
                BY_BUS.remove(bus);
                executor.shutdownNow();
            }
        }
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    /** For tests: whether {@code bus} has timers now (an engine of it is open). */
    static boolean running(FrameBus bus) {
        synchronized (BY_BUS) {
            return BY_BUS.containsKey(bus);
        }
    }
}
