package dev.isotp.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a {@link SimulatedEcu} commits, and what the channel under test then gets: the exception the kernel's
 * ISO-TP socket gives for the same frames on a real bus.
 *
 * <table>
 * <caption>Faults and their outcome at the tester</caption>
 * <tr><th>fault</th><th>what the ECU does</th><th>the tester gets</th></tr>
 * <tr><td>{@link #noFlowControl()}</td><td>never answers a first frame</td><td>a multi-frame send fails with
 *     {@code FlowControlTimeoutException} after 1 s (N_Bs)</td></tr>
 * <tr><td>{@link #overflow()}</td><td>answers a first frame with flow status OVERFLOW</td><td>the send fails with
 *     {@code PeerOverflowException}</td></tr>
 * <tr><td>{@link #waitFrames(int, Duration)}</td><td>sends that many WAIT flow controls before each clear-to-send</td>
 *     <td>the send succeeds, later (the kernel accepts any number of WAIT frames)</td></tr>
 * <tr><td>{@link #wrongSequenceNumber()}</td><td>skips a sequence number in the first consecutive frame of each
 *     answer</td><td>the receive fails with {@code SequenceNumberException}</td></tr>
 * <tr><td>{@link #badPadding()}</td><td>pads its frames with another byte than its configured padding</td><td>with
 *     {@code rxPadding} and {@code checkPaddingData}: {@code BadMessageException}</td></tr>
 * <tr><td>{@link #cutOffAfter(int)}</td><td>stops an answer after that many consecutive frames</td><td>the receive
 *     fails with {@code ConsecutiveFrameTimeoutException} after 1 s (N_Cr)</td></tr>
 * <tr><td>{@link #delay(Duration)}</td><td>answers that much later</td><td>a receive with a shorter timeout ends
 *     with {@code SocketTimeoutException}</td></tr>
 * </table>
 */
public final class Fault {
    enum Kind { NO_FLOW_CONTROL, OVERFLOW, WAIT_FRAMES, WRONG_SEQUENCE_NUMBER, BAD_PADDING, CUT_OFF, DELAY }

    final Kind kind;
    final int count;
    final Duration duration;

    private Fault(Kind kind, int count, Duration duration) {
        this.kind = kind;
        this.count = count;
        this.duration = duration;
    }

    /** Sends no flow control: the tester's multi-frame request ends in FlowControlTimeoutException. */
    public static Fault noFlowControl() {
        return new Fault(Kind.NO_FLOW_CONTROL, 0, Duration.ZERO);
    }

    /** Answers every first frame with OVERFLOW: PeerOverflowException. */
    public static Fault overflow() {
        return new Fault(Kind.OVERFLOW, 0, Duration.ZERO);
    }

    /**
     * Sends {@code count} WAIT flow controls, {@code interval} apart, before each clear-to-send.
     *
     * @throws IllegalArgumentException if count is not 1-255 or the interval not 0-900 ms (below N_Bs)
     */
    public static Fault waitFrames(int count, Duration interval) {
        if (count < 1 || count > 255 || interval.isNegative() || interval.toMillis() > 900) {
            throw new IllegalArgumentException("waitFrames takes 1-255 frames, 0-900 ms apart (the peer's N_Bs is 1 s)");
        }
        return new Fault(Kind.WAIT_FRAMES, count, interval);
    }

    /** Puts a wrong sequence number in the first consecutive frame of each answer: SequenceNumberException. */
    public static Fault wrongSequenceNumber() {
        return new Fault(Kind.WRONG_SEQUENCE_NUMBER, 0, Duration.ZERO);
    }

    /** Pads with the complement of its padding byte: BadMessageException at a tester that checks padding data. */
    public static Fault badPadding() {
        return new Fault(Kind.BAD_PADDING, 0, Duration.ZERO);
    }

    /**
     * Drops every consecutive frame of an answer after the first {@code frames}: ConsecutiveFrameTimeoutException.
     *
     * @throws IllegalArgumentException if frames is negative
     */
    public static Fault cutOffAfter(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("cutOffAfter takes 0 or more consecutive frames, not " + frames);
        }
        return new Fault(Kind.CUT_OFF, frames, Duration.ZERO);
    }

    /** Answers {@code delay} later than it would. */
    public static Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay is not negative: " + delay);
        }
        return new Fault(Kind.DELAY, 0, delay);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault && ((Fault) o).kind == kind && ((Fault) o).count == count
                && ((Fault) o).duration.equals(duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, count, duration);
    }

    @Override
    public String toString() {
        switch (kind) {
            case WAIT_FRAMES:
                return "waitFrames(" + count + ", " + duration.toMillis() + " ms)";
            case CUT_OFF:
                return "cutOffAfter(" + count + ")";
            case DELAY:
                return "delay(" + duration.toMillis() + " ms)";
            default:
                return kind.name();
        }
    }
}
