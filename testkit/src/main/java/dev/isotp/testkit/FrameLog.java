package dev.isotp.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The frames a {@link VirtualCanBus} carried, in bus order; safe to read while the bus runs. */
public final class FrameLog {
    private final List<LoggedFrame> frames = new ArrayList<>();

    FrameLog() {
    }

    synchronized void add(LoggedFrame frame) {
        frames.add(frame);
        notifyAll();
    }

    /** A copy of every frame so far. */
    public synchronized List<LoggedFrame> all() {
        return new ArrayList<>(frames);
    }

    /** The frames with this CAN id (CAN_EFF_FLAG included for 29-bit ids). */
    public List<LoggedFrame> withId(int id) {
        return matching(f -> f.id() == id);
    }

    /** The frames that match. */
    public synchronized List<LoggedFrame> matching(Predicate<LoggedFrame> filter) {
        return frames.stream().filter(filter).collect(Collectors.toList());
    }

    /** Forgets every frame so far. */
    public synchronized void clear() {
        frames.clear();
    }

    /**
     * Waits until at least {@code count} frames match, and returns them.
     *
     * @throws AssertionError if they did not come within {@code timeout}, listing what came
     */
    public synchronized List<LoggedFrame> await(Predicate<LoggedFrame> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<LoggedFrame> found = matching(filter);
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " matching frames within " + timeout.toMillis()
                        + " ms, got " + found.size() + "; the bus carried:\n" + this);
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for frames");
            }
        }
    }

    /** One frame a line, as candump writes them. */
    @Override
    public synchronized String toString() {
        return frames.stream().map(LoggedFrame::toString).collect(Collectors.joining("\n"));
    }
}
