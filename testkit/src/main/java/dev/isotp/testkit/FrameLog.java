package dev.isotp.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The frames a {@link VirtualCanBus} carried, in bus order; safe to read while the bus runs. A frame is in the log
 * before any node receives it (whoever received it finds it in the log), and {@link #await} returns a frame only once
 * every node on its interface has received it.
 *
 * <p>The log keeps the latest {@value #DEFAULT_CAPACITY} frames by default (about 10 MB at most); older ones are
 * forgotten and counted in {@link #forgotten()}. {@link #keepAtMost(int)} changes the bound; 0 switches the log off
 * (then {@link #await} finds nothing, but {@link #total()} still counts).
 */
public final class FrameLog {
    /** How many frames a new log keeps. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final ArrayDeque<LoggedFrame> frames = new ArrayDeque<>();
    private int capacity = DEFAULT_CAPACITY;
    private long total;
    private long forgotten;
    private long delivered;

    FrameLog() {
    }

    /** Logs a frame as its delivery begins, so that whoever received it finds it in the log. */
    synchronized void add(LoggedFrame frame) {
        total++;
        frame.sequence = total;
        if (capacity == 0) {
            forgotten++;
            return;
        }
        if (frames.size() >= capacity) {
            frames.removeFirst();
            forgotten++;
        }
        frames.addLast(frame);
    }

    /** Every node has the frames logged so far: waits in {@link #await} may return with them. */
    synchronized void delivered() {
        delivered = total;
        notifyAll();
    }

    /**
     * Keeps at most {@code frames} frames from now on, forgetting the oldest beyond it at once.
     *
     * @param frames the bound, 0 (log nothing) or more
     * @return this log
     * @throws IllegalArgumentException if {@code frames} is negative
     */
    public synchronized FrameLog keepAtMost(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("a frame log keeps 0 (off) or more frames, not " + frames);
        }
        capacity = frames;
        while (this.frames.size() > capacity) {
            this.frames.removeFirst();
            forgotten++;
        }
        return this;
    }

    /**
     * The bound.
     *
     * @return how many frames the log keeps at most ({@value #DEFAULT_CAPACITY} unless changed; 0 = off)
     */
    public synchronized int capacity() {
        return capacity;
    }

    /**
     * Frames the bus carried, those forgotten or cleared included.
     *
     * @return the count since the bus was created
     */
    public synchronized long total() {
        return total;
    }

    /**
     * Frames forgotten because of the bound (not those {@link #clear() cleared}).
     *
     * @return the count since the bus was created
     */
    public synchronized long forgotten() {
        return forgotten;
    }

    /**
     * Every frame kept so far.
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
     * @return a copy of the frames kept with that id so far, oldest first
     */
    public List<LoggedFrame> withId(int id) {
        return matching(f -> f.id() == id);
    }

    /**
     * The frames that match a filter.
     *
     * @param filter which frames to take; called on the caller's thread while the log is locked
     * @return a copy of the matching frames kept so far, oldest first
     * @throws NullPointerException if {@code filter} is null
     */
    public synchronized List<LoggedFrame> matching(Predicate<LoggedFrame> filter) {
        Objects.requireNonNull(filter, "filter");
        return frames.stream().filter(filter).collect(Collectors.toList());
    }

    /** Forgets every frame so far. */
    public synchronized void clear() {
        frames.clear();
    }

    /**
     * Waits until at least {@code count} of the frames kept match, and returns them. When it returns, every node on
     * the bus has received those frames (the bus logs a frame after delivering it).
     *
     * @param filter which frames count
     * @param count how many must match; 0 or less returns at once
     * @param timeout how long to wait at most
     * @return every matching frame kept so far (at least {@code count}), oldest first
     * @throws AssertionError if they did not come within {@code timeout} (the message lists the frames kept), or if
     *         the thread was interrupted while waiting (its interrupt status is set again)
     * @throws NullPointerException if {@code filter} or {@code timeout} is null
     */
    public synchronized List<LoggedFrame> await(Predicate<LoggedFrame> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<LoggedFrame> found = matching(filter);
            if (found.size() >= Math.max(count, 0)
                    && (count <= 0 || found.get(count - 1).sequence <= delivered)) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " matching frames within " + timeout.toMillis()
                        + " ms, got " + found.size() + "; the bus carried:\n" + this);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for frames");
            }
        }
    }

    /** One frame a line, as candump writes them (the frames kept; the last 1000 if there are more). */
    @Override
    public synchronized String toString() {
        int skip = Math.max(0, frames.size() - 1000);
        String head = skip > 0 ? "(" + skip + " earlier frames not shown)\n" : "";
        return head + frames.stream().skip(skip).map(LoggedFrame::toString).collect(Collectors.joining("\n"));
    }
}
