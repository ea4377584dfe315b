package dev.isotp.support;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * One exchange at a time on a channel, first come first served, synchronous calls and asynchronous exchanges in one
 * queue: a thread that calls waits for its turn (parked, uninterruptibly, as {@code ReentrantLock.lock()}); an
 * asynchronous exchange waits without a thread and is started on {@link AsyncThreads#EXECUTOR} when its turn comes.
 * Whoever has the turn gives it on with {@link #release()}.
 */
final class Turns {
    /** A thread waiting for its turn. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean granted;
    }

    /** Waiters and asynchronous starts (Runnable), in arrival order. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean busy;
    /** System.nanoTime() of the last release: when the channel last became idle, for the TesterPresent keep-alive. */
    private volatile long lastRelease = System.nanoTime();

    /** Waits until the calling thread has the turn; pair with {@link #release()}. */
    void take() {
        Waiter me;
        synchronized (this) {
            if (!busy) {
                busy = true;
                return;
            }
            me = new Waiter();
            waiting.add(me);
        }
        boolean interrupted = false;
        while (!me.granted) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code start} on {@link AsyncThreads#EXECUTOR} when the turn is its own, at once if nobody has it; the
     * caller does not wait. {@code start} must call {@link #release()} when its exchange is over.
     *
     * @param inline run {@code start} on the calling thread if the turn is free: for a start that never blocks (a
     *        receive looks and arms the readiness report), which saves a hand-over to the executor
     */
    void takeLater(Runnable start, boolean inline) {
        synchronized (this) {
            if (busy) {
                waiting.add(start);
                return;
            }
            busy = true;
        }
        if (inline) {
            start.run();
        } else {
            AsyncThreads.EXECUTOR.execute(start);
        }
    }

    /**
     * Takes the turn only if nobody has it and nobody waits; never waits.
     *
     * @return true if the caller now has the turn (pair with {@link #release()})
     */
    synchronized boolean tryTake() {
        if (busy) {
            return false;
        }
        busy = true;
        return true;
    }

    /** {@return System.nanoTime() when the turn was last given on or freed} */
    long lastRelease() {
        return lastRelease;
    }

    /** Gives the turn to the next in line, or frees it. */
    void release() {
        lastRelease = System.nanoTime();
        Object next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                busy = false;
                return;
            }
        }
        if (next instanceof Waiter) {
            Waiter w = (Waiter) next;
            w.granted = true;
            LockSupport.unpark(w.thread);
        } else {
            AsyncThreads.EXECUTOR.execute((Runnable) next);
        }
    }
}
