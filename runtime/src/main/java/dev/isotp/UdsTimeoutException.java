package dev.isotp;

import java.net.SocketTimeoutException;

/**
 * No final answer to a request of a {@link UdsChannel} in time: P2 (or P2* after a "response pending") and the
 * transfer allowance passed, the request timeout passed, or the ECU sent more "response pending" answers than
 * {@code maxPendingAnswers} allows. A {@link SocketTimeoutException}, as on any channel; it also tells how many
 * "response pending" answers came.
 */
public class UdsTimeoutException extends SocketTimeoutException {
    /** Serializable, as every exception. */
    private static final long serialVersionUID = 1L;

    /** How many "response pending" answers came before the request gave up. */
    private final int pendingAnswers;

    /**
     * Created by the channel.
     *
     * @param message what was awaited, for how long, and what to do
     * @param pendingAnswers how many "response pending" answers came, 0 or more
     */
    public UdsTimeoutException(String message, int pendingAnswers) {
        super(message);
        this.pendingAnswers = pendingAnswers;
    }

    /** {@return how many "response pending" ({@code 7F <SID> 78}) answers the request drew before it gave up} */
    public int pendingAnswers() {
        return pendingAnswers;
    }
}
