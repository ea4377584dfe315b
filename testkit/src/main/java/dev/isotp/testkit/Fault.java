package dev.isotp.testkit;

import java.time.Duration;
import java.util.List;
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
 * <tr><td>{@link #dropConsecutiveFrame(int)}</td><td>leaves out the n-th consecutive frame of an answer</td>
 *     <td>the receive fails with {@code SequenceNumberException} (the next frame's number is wrong), or with
 *     {@code ConsecutiveFrameTimeoutException} after 1 s if it was the last</td></tr>
 * <tr><td>{@link #delay(Duration)}</td><td>answers that much later</td><td>a receive with a shorter timeout ends
 *     with {@code SocketTimeoutException}</td></tr>
 * </table>
 *
 * <p>Where they apply: given to a builder ({@code SimulatedEcu.Builder.fault}, {@code ScriptedEcu.Builder.fault})
 * a fault applies to every transfer. The faults that act on an answer's frames ({@link #wrongSequenceNumber()},
 * {@link #badPadding()}, {@link #cutOffAfter(int)}, {@link #dropConsecutiveFrame(int)}, {@link #delay(Duration)})
 * can also be given for one answer ({@code ScriptedEcu.Request.answer(pdu, faults)}), for the next answer of a
 * simulated ECU ({@code SimulatedEcu.faultNextAnswer}) or for the answers to some requests
 * ({@code SimulatedEcu.Builder.faultWhen}). The others act on the flow control the ECU sends for a request it
 * receives, before it knows the request, and apply to every transfer only.
 */
public final class Fault {
    enum Kind { NO_FLOW_CONTROL, OVERFLOW, WAIT_FRAMES, WRONG_SEQUENCE_NUMBER, BAD_PADDING, CUT_OFF, DELAY, DROP_CF }

    final Kind kind;
    final int count;
    final Duration duration;

    private Fault(Kind kind, int count, Duration duration) {
        this.kind = kind;
        this.count = count;
        this.duration = duration;
    }

    /**
     * Sends no flow control: the tester's multi-frame request ends in {@code FlowControlTimeoutException} once its
     * N_Bs runs out (1 s on the kernel, {@code ISOTP_FC_TIMEOUT} in net/can/isotp.c). Single-frame requests are
     * answered as usual.
     *
     * @return the fault
     */
    public static Fault noFlowControl() {
        return new Fault(Kind.NO_FLOW_CONTROL, 0, Duration.ZERO);
    }

    /**
     * Answers every first frame with flow status OVERFLOW: the tester's multi-frame send fails with
     * {@code PeerOverflowException}.
     *
     * @return the fault
     */
    public static Fault overflow() {
        return new Fault(Kind.OVERFLOW, 0, Duration.ZERO);
    }

    /**
     * Sends {@code count} WAIT flow controls, {@code interval} apart, before each clear-to-send. The kernel's sender
     * accepts any number (each restarts its 1 s N_Bs), so the send succeeds, later; an engine sender with
     * {@code EngineOptions.enforceWftmax} fails once {@code count} exceeds its wftmax.
     *
     * @param count WAIT frames before each clear-to-send, 1-255
     * @param interval the gap between them, 0-900 ms (kept below the sender's 1 s N_Bs)
     * @return the fault
     * @throws IllegalArgumentException if count is not 1-255 or the interval not 0-900 ms
     * @throws NullPointerException if {@code interval} is null
     */
    public static Fault waitFrames(int count, Duration interval) {
        if (count < 1 || count > 255 || interval.isNegative() || interval.toMillis() > 900) {
            throw new IllegalArgumentException("waitFrames takes 1-255 frames, 0-900 ms apart (the peer's N_Bs is 1 s)");
        }
        return new Fault(Kind.WAIT_FRAMES, count, interval);
    }

    /**
     * Puts a wrong sequence number in the first consecutive frame of each multi-frame answer: the tester's receive
     * fails with {@code SequenceNumberException}.
     *
     * @return the fault
     */
    public static Fault wrongSequenceNumber() {
        return new Fault(Kind.WRONG_SEQUENCE_NUMBER, 0, Duration.ZERO);
    }

    /**
     * Pads with the complement of its padding byte: {@code BadMessageException} at a tester that checks padding
     * data ({@code rxPadding} and {@code checkPaddingData}); a tester that does not check receives the answer.
     *
     * @return the fault
     */
    public static Fault badPadding() {
        return new Fault(Kind.BAD_PADDING, 0, Duration.ZERO);
    }

    /**
     * Drops every consecutive frame of an answer after the first {@code frames}: the tester's receive fails with
     * {@code ConsecutiveFrameTimeoutException} once its N_Cr runs out (1 s on the kernel).
     *
     * @param frames consecutive frames sent before the answer stops, 0 or more (0: only the first frame)
     * @return the fault
     * @throws IllegalArgumentException if frames is negative
     */
    public static Fault cutOffAfter(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("cutOffAfter takes 0 or more consecutive frames, not " + frames);
        }
        return new Fault(Kind.CUT_OFF, frames, Duration.ZERO);
    }

    /**
     * Leaves out the {@code n}-th consecutive frame of an answer (counted from 1 over the whole answer, across flow
     * control blocks): the tester's receive fails with {@code SequenceNumberException} when the frame after it
     * arrives, or with {@code ConsecutiveFrameTimeoutException} after its N_Cr (1 s) if it was the last.
     *
     * @param n which consecutive frame, 1 or more
     * @return the fault
     * @throws IllegalArgumentException if n is less than 1
     */
    public static Fault dropConsecutiveFrame(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("dropConsecutiveFrame takes the frame's number, 1 or more, not " + n);
        }
        return new Fault(Kind.DROP_CF, n, Duration.ZERO);
    }

    /** Whether the fault acts on an answer's frames (and may be given for one answer). */
    boolean onAnswer() {
        return kind != Kind.NO_FLOW_CONTROL && kind != Kind.OVERFLOW && kind != Kind.WAIT_FRAMES;
    }

    static List<Fault> forAnswer(Fault... faults) {
        List<Fault> list = new java.util.ArrayList<>(faults.length);
        for (Fault f : faults) {
            Objects.requireNonNull(f, "fault");
            if (!f.onAnswer()) {
                throw new IllegalArgumentException(f + " acts on the flow control the ECU sends for a request, not on "
                        + "an answer: give it to the builder's fault(...) (every transfer); for one answer take "
                        + "wrongSequenceNumber, badPadding, cutOffAfter, dropConsecutiveFrame or delay");
            }
            list.add(f);
        }
        return List.copyOf(list);
    }

    static Duration delayOf(List<Fault> faults) {
        Duration d = Duration.ZERO;
        for (Fault f : faults) {
            if (f.kind == Kind.DELAY) {
                d = d.plus(f.duration);
            }
        }
        return d;
    }

    /**
     * Answers {@code delay} later than it would (the delays of several such faults add up): a tester receiving with
     * a shorter timeout gets {@code SocketTimeoutException}.
     *
     * @param delay how much later, 0 or more (nanosecond precision)
     * @return the fault
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if {@code delay} is null
     */
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
            case DROP_CF:
                return "dropConsecutiveFrame(" + count + ")";
            case DELAY:
                return "delay(" + duration.toMillis() + " ms)";
            default:
                return kind.name();
        }
    }
}
