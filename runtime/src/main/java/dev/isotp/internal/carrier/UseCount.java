package dev.isotp.internal.carrier;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls using a carrier's resources, and whether it was closed: what makes {@link PduCarrier#close()} safe from
 * any thread. A carrier releases what it holds when {@link #close()} finds no call in progress, or when the last call
 * out after it ({@link #exit()}) says so, never while a call still uses it.
 */
public final class UseCount {
    private static final int CLOSED_BIT = 0x4000_0000;

    /** Count of calls in progress, plus CLOSED_BIT once closed. */
    private final AtomicInteger users = new AtomicInteger();

    /** {@return true if a call may begin (then pair it with {@link #exit()}); false once closed} */
    public boolean enter() {
        for (;;) {
            int u = users.get();
            if ((u & CLOSED_BIT) != 0) {
                return false;
            }
            if (users.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** {@return true if this was the last call out after {@link #close()}: the resources may be released now} */
    public boolean exit() {
        return users.decrementAndGet() == CLOSED_BIT;
    }

    /** {@return true once {@link #close()} was called} */
    public boolean isClosed() {
        return (users.get() & CLOSED_BIT) != 0;
    }

    /**
     * Marks closed.
     *
     * @return -1 if it was closed already; else the number of calls still in progress (0: release now)
     */
    public int close() {
        int u;
        do {
            u = users.get();
            if ((u & CLOSED_BIT) != 0) {
                return -1;
            }
        } while (!users.compareAndSet(u, u | CLOSED_BIT));
        return u;
    }
}
