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

    /**
     * Every frame so far.
     *
     * @return a copy, oldest first; later frames do not appear in it
     */
    public synchronized List<LoggedFrame> all() {
        return new ArrayList<>(frames);
    }

    /**
     * The frames with one CAN id.
     *
     * @param id the CAN id, with CAN_EFF_FLAG ({@code CanFrame.EFF_FLAG}) for a 29-bit id
     * @return a copy of the frames with that id so far, oldest first
     */
    public List<LoggedFrame> withId(int id) {
        return matching(f -> f.id() == id);
    }

    /**
     * The frames that match a filter.
     *
     * @param filter which frames to take; called on the caller's thread while the log is locked
     * @return a copy of the matching frames so far, oldest first
     */
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
     * @param filter which frames count
     * @param count how many must match; 0 or less returns at once
     * @param timeout how long to wait at most
     * @return every matching frame so far (at least {@code count}), oldest first
     * @throws AssertionError if they did not come within {@code timeout} (the message lists every frame the bus
     *         carried), or if the thread was interrupted while waiting (its interrupt status is set again)
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
