package dev.isotp.support;

import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One asynchronous exchange of a channel, and the future its caller holds: it waits for its turn in the channel's
 * {@link Turns} without a thread, then sends (if it is a request or a send) on {@link AsyncThreads#EXECUTOR}, then
 * arms the socket's readiness report ({@link IsoTpSocket#armReadable}) and its timeout on {@link
 * AsyncThreads#TIMER}, and takes the answer on the executor when the report comes. No thread waits for the answer.
 *
 * <p>Whatever ends it first wins: the answer (or the failure of taking it), the timeout, or the future completed from
 * outside (cancel, or the channel closed). An exchange that ends while it waits for the answer gives the turn on at
 * once, and no longer takes anything from the socket: an answer that comes later stays queued (a request drops it
 * before it sends, and counts it, as after a synchronous request that timed out). One that ends before its turn or
 * while its send runs gives the turn on when its turn comes or its send returns: a send cannot be called back.
 *
 * <p>The turn is given on before the future completes, so that what the caller chains on it may use the channel.
 */
final class AsyncExchange<T> extends CompletableFuture<T> {
    /** The part before the wait: drop late answers, send, await the send's end. Throws as the sync calls do. */
    interface Send {
        void run() throws IOException;
    }

    private enum Phase { QUEUED, SENDING, WAITING, FINISHED }

    private final IsoTpSocket socket;
    private final Turns turns;
    private final Send send;
    /** Whether the exchange waits for a PDU after its send; false for a plain send. */
    private final boolean receives;
    private final long timeoutMillis;
    private final Function<byte[], T> answer;
    private final Callable<T> timedOut;
    private final Runnable readyReport = () -> AsyncThreads.EXECUTOR.execute(this::attempt);

    private Phase phase = Phase.QUEUED;
    private ScheduledFuture<?> timer;
    /** A UDS request's judge; null for an exchange that takes the first PDU. */
    private UdsExchange uds;
    /** The request again, without the keep-alive check: a repeat after busyRepeatRequest. */
    private Send repeat;
    /** Takes a PDU that is not the answer (counted and logged by the channel). */
    private java.util.function.Consumer<byte[]> notOurs;

    /**
     * @param send what comes before the wait; null for a receive
     * @param receives whether a PDU is awaited after the send
     * @param timeoutMillis how long the PDU is awaited, counted from when the send part ended; 0: without limit
     * @param answer makes the result of the PDU (a codec's decode; may throw)
     * @param timedOut gives the result, or throws the exception, when the time has passed
     */
    AsyncExchange(IsoTpSocket socket, Turns turns, Send send, boolean receives, long timeoutMillis,
            Function<byte[], T> answer, Callable<T> timedOut) {
        this.socket = socket;
        this.turns = turns;
        this.send = send;
        this.receives = receives;
        this.timeoutMillis = timeoutMillis;
        this.answer = answer;
        this.timedOut = timedOut;
        // a future completed from outside (cancel(), completeExceptionally() by close()) abandons the exchange
        whenComplete((value, failure) -> abandon());
    }

    /**
     * Makes this a UDS request: each PDU is judged by {@code uds} (the answer, another's PDU, response pending,
     * busyRepeatRequest), and its time comes from it. Before {@link #begin()}.
     */
    AsyncExchange<T> judgedBy(UdsExchange uds, Send repeat, java.util.function.Consumer<byte[]> notOurs) {
        this.uds = uds;
        this.repeat = repeat;
        this.notOurs = notOurs;
        return this;
    }

    /**
     * Queues the exchange for its turn; returns at once. A receive whose turn is free starts on the calling thread:
     * it only looks for a PDU and arms the report, and may complete the future there if one is queued already.
     */
    AsyncExchange<T> begin() {
        turns.takeLater(this::start, send == null);
        return this;
    }

    /** Runs on the executor once the turn is this exchange's. */
    private void start() {
        boolean skip;
        boolean sending;
        synchronized (this) {
            skip = isDone();
            sending = !skip && send != null;
            if (skip) {
                phase = Phase.FINISHED;
            } else if (sending) {
                phase = Phase.SENDING;
            } else {
                waitForPdu();
            }
        }
        if (skip) {
            turns.release();
            return;
        }
        if (sending) {
            try {
                send.run();
            } catch (IOException | RuntimeException | Error e) {
                end(e);
                return;
            }
            afterSend();
            return;
        }
        attempt();
    }

    /** The send part has returned: the wait for the PDU begins, or the exchange ends. */
    private void afterSend() {
        boolean over;
        synchronized (this) {
            over = isDone() || !receives;
            if (over) {
                phase = Phase.FINISHED;
            } else {
                waitForPdu();
            }
        }
        if (over) {
            turns.release();
            complete(null); // a send's result; nothing if the future was completed from outside meanwhile
            return;
        }
        attempt();
    }

    /** With the lock held: the wait for the PDU begins, its time with it. */
    private void waitForPdu() {
        phase = Phase.WAITING;
        long millis = timeoutMillis;
        if (uds != null) {
            long now = System.nanoTime();
            uds.sent(now);
            millis = Math.max(1, uds.waitMillis(now));
        }
        if (millis > 0) {
            scheduleTimeUp(millis);
        }
    }

    private void scheduleTimeUp(long millis) {
        timer = AsyncThreads.TIMER.schedule(() -> AsyncThreads.EXECUTOR.execute(this::timeUp), millis,
                TimeUnit.MILLISECONDS);
    }

    /** Takes the PDU if one is there, or arms the readiness report again; on the executor. */
    private void attempt() {
        byte[] pdu = null;
        Throwable failure = null;
        synchronized (this) {
            if (phase != Phase.WAITING) {
                return;
            }
            try {
                while (true) {
                    Optional<byte[]> queued = socket.receiveQueued();
                    if (queued.isEmpty()) {
                        socket.armReadable(readyReport);
                        return;
                    }
                    pdu = queued.get();
                    if (uds == null) {
                        break;
                    }
                    UdsExchange.Step step = uds.judge(pdu, System.nanoTime());
                    if (step == UdsExchange.Step.ANSWER) {
                        break;
                    }
                    if (step == UdsExchange.Step.NOT_OURS) {
                        notOurs.accept(pdu);
                    } else if (step == UdsExchange.Step.REPEAT) {
                        repeatLater();
                        return;
                    } // PENDING: the timer, when it fires, finds the later deadline and waits on
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
            finishWaiting();
        }
        turns.release();
        if (failure != null) {
            completeExceptionally(failure);
            return;
        }
        try {
            complete(answer.apply(pdu));
        } catch (RuntimeException | Error e) {
            completeExceptionally(e);
        }
    }

    private void timeUp() {
        long now = System.nanoTime();
        synchronized (this) {
            if (phase != Phase.WAITING) {
                return;
            }
            if (uds != null && uds.waitMillis(now) > 0) {
                scheduleTimeUp(uds.waitMillis(now)); // a response pending moved the deadline
                return;
            }
            finishWaiting();
        }
        turns.release();
        try {
            complete(uds != null ? answer.apply(uds.timedOut(now)) : timedOut.call());
        } catch (Exception | Error e) {
            completeExceptionally(e);
        }
    }

    /** With the lock held: a busyRepeatRequest; the request is sent again after the delay, on the executor. */
    private void repeatLater() {
        finishWaiting();
        phase = Phase.SENDING;
        AsyncThreads.TIMER.schedule(() -> AsyncThreads.EXECUTOR.execute(this::sendAgain), uds.repeatDelayMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sendAgain() {
        boolean skip;
        synchronized (this) {
            skip = isDone();
            if (skip) {
                phase = Phase.FINISHED;
            }
        }
        if (skip) {
            turns.release();
            return;
        }
        try {
            repeat.run();
        } catch (IOException | RuntimeException | Error e) {
            end(e);
            return;
        }
        afterSend();
    }

    /** The future was completed (by anyone): an exchange that waits for its PDU ends now. */
    private void abandon() {
        synchronized (this) {
            if (phase != Phase.WAITING) {
                return; // queued or sending: ends when its turn comes or its send returns; finished: nothing to do
            }
            finishWaiting();
        }
        turns.release();
    }

    /** With the lock held: no more taking, no timer, no report. */
    private void finishWaiting() {
        phase = Phase.FINISHED;
        if (timer != null) {
            timer.cancel(false);
        }
        socket.disarmReadable();
    }

    /** The send part failed: the exchange ends with its failure. */
    private void end(Throwable failure) {
        synchronized (this) {
            phase = Phase.FINISHED;
        }
        turns.release();
        completeExceptionally(failure);
    }
}
