package dev.isotp.support;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.ResponsePendingListener;
import dev.isotp.TesterPresentException;
import dev.isotp.internal.failure.Failure;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Limits;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a UDS channel knows beyond one request: P2 and P2* (as configured, or as the last DiagnosticSessionControl
 * answer said), the diagnostic session the ECU is in, and the TesterPresent keep-alive that holds a non-default
 * session while the channel is idle. Thread-safe.
 *
 * <p>The keep-alive sends {@code 3E 80} (no positive answer wanted) on the channel's own socket, physical or
 * functional as the channel is declared, once the channel has been idle for the TesterPresent interval: after the
 * last exchange ended or the last TesterPresent left. It takes the channel's turn to send, so it never runs during
 * an exchange; a failure stops it and is thrown, once, by the channel's next call.
 */
final class UdsSession {
    private static final System.Logger LOG = System.getLogger("dev.isotp.channel");
    private static final int DEFAULT_SESSION = 0x01;
    private static final byte[] TESTER_PRESENT_SUPPRESSED = {0x3E, (byte) 0x80};

    private final IsoTpSocket socket;
    private final Turns turns;
    private final String channel;
    private final boolean p2Fixed;
    private final boolean p2StarFixed;
    private final long allowanceMillis;
    private final long maxPendingAnswers;
    private final long busyRepeats;
    private final long busyRepeatDelayMillis;
    private final long testerPresentNanos;
    /** Services declared to have a sub-function besides ISO 14229-1's. */
    private final java.util.Set<Integer> subFunctionServices;
    private final List<ResponsePendingListener> listeners = new CopyOnWriteArrayList<>();
    /** The key of the channel's own peer, as opposed to one responder of a functional channel. */
    static final int PHYSICAL = -1;
    /** P2 and P2* of each responder of a functional channel that answered DiagnosticSessionControl, by its rxid. */
    private final java.util.Map<Integer, long[]> responderTiming = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile long p2Millis;
    private volatile long p2StarMillis;
    private volatile int session = DEFAULT_SESSION;
    /** The keep-alive's failure not yet thrown by a call. */
    private volatile IOException keepAliveFailure;
    private ScheduledFuture<?> keepAlive;
    private boolean closed;
    private volatile long lastTesterPresent = System.nanoTime();

    UdsSession(IsoTpConfig config, IsoTpSocket socket, Turns turns, String channel) {
        this.socket = socket;
        this.turns = turns;
        this.channel = channel;
        this.p2Fixed = config.isSet(Attribute.P2_MILLIS);
        this.p2StarFixed = config.isSet(Attribute.P2_STAR_MILLIS);
        this.p2Millis = config.udsSetting(Attribute.P2_MILLIS);
        this.p2StarMillis = config.udsSetting(Attribute.P2_STAR_MILLIS);
        this.allowanceMillis = config.udsSetting(Attribute.TRANSFER_ALLOWANCE_MILLIS);
        this.maxPendingAnswers = config.udsSetting(Attribute.MAX_PENDING_ANSWERS);
        this.busyRepeats = config.udsSetting(Attribute.BUSY_REPEATS);
        this.busyRepeatDelayMillis = config.udsSetting(Attribute.BUSY_REPEAT_DELAY_MILLIS);
        this.testerPresentNanos = TimeUnit.MILLISECONDS.toNanos(config.udsSetting(Attribute.TESTER_PRESENT_MILLIS));
        this.subFunctionServices = config.subFunctionServices();
    }

    /** Whether a service has a sub-function: ISO 14229-1's, or one the channel declares. */
    boolean subFunction(int sid) {
        return dev.isotp.internal.failure.UdsWords.hasSubFunction(sid) || subFunctionServices.contains(sid);
    }

    UdsExchange exchange(byte[] request, long capMillis) {
        return new UdsExchange(this, request, capMillis, socket.iface(), channel, PHYSICAL);
    }

    /** A request of a functional channel, as far as one responder's answers go. */
    UdsExchange exchange(byte[] request, int responder) {
        return new UdsExchange(this, request, 0, socket.iface(), channel, responder);
    }

    long p2Millis() {
        return p2Millis;
    }

    long p2StarMillis() {
        return p2StarMillis;
    }

    /** P2 of one responder of a functional channel: what its last session answer said, else the channel's. */
    long p2Millis(int responder) {
        long[] own = responder == PHYSICAL ? null : responderTiming.get(responder);
        return own == null ? p2Millis : own[0];
    }

    /** P2* of one responder of a functional channel: what its last session answer said, else the channel's. */
    long p2StarMillis(int responder) {
        long[] own = responder == PHYSICAL ? null : responderTiming.get(responder);
        return own == null ? p2StarMillis : own[1];
    }

    long allowanceMillis() {
        return allowanceMillis;
    }

    long maxPendingAnswers() {
        return maxPendingAnswers;
    }

    long busyRepeats() {
        return busyRepeats;
    }

    long busyRepeatDelayMillis() {
        return busyRepeatDelayMillis;
    }

    /** {@return the diagnostic session the ECU was last seen to enter, 0x01 (default) until then} */
    int session() {
        return session;
    }

    void addListener(ResponsePendingListener listener) {
        listeners.add(listener);
    }

    /** A "response pending" came: tell the listeners. */
    void pending(int sid, int count) {
        for (ResponsePendingListener l : listeners) {
            try {
                l.responsePending(sid, count);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, channel + ": a response-pending listener threw", e);
            }
        }
    }

    /**
     * A positive answer came (from {@code responder} of a functional channel, or {@link #PHYSICAL}): a session answer
     * sets the session, P2 and P2* (the responder's own on a functional channel); an ECUReset answer ends the session.
     */
    void answered(byte[] request, byte[] answer, int responder) {
        int sid = request[0] & 0xFF;
        if (sid == 0x10 && answer.length >= 2) {
            if (answer.length >= 6) {
                long p2 = p2Fixed ? p2Millis
                        : Math.max(Limits.P2_FLOOR_MILLIS, ((answer[2] & 0xFF) << 8) | (answer[3] & 0xFF));
                long p2Star = p2StarFixed ? p2StarMillis
                        : Math.max(Limits.P2_STAR_FLOOR_MILLIS, (((answer[4] & 0xFF) << 8) | (answer[5] & 0xFF)) * 10L);
                if (responder == PHYSICAL) {
                    p2Millis = p2;
                    p2StarMillis = p2Star;
                } else {
                    responderTiming.put(responder, new long[] {p2, p2Star});
                }
            }
            enter(answer[1] & 0x7F);
        } else if (sid == 0x11) {
            enter(DEFAULT_SESSION);
        }
    }

    /** A request with suppressPosRspMsgIndicationBit drew no negative answer within P2: it was carried out. */
    void suppressedAccepted(byte[] request) {
        int sid = request[0] & 0xFF;
        if (sid == 0x10 && request.length >= 2) {
            enter(request[1] & 0x7F);
        } else if (sid == 0x11) {
            enter(DEFAULT_SESSION);
        }
    }

    private synchronized void enter(int newSession) {
        session = newSession;
        if (newSession == DEFAULT_SESSION || testerPresentNanos == 0 || closed) {
            stopKeepAlive();
        } else if (keepAlive == null) {
            schedule(testerPresentNanos);
        }
    }

    private void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
    }

    private void schedule(long delayNanos) {
        keepAlive = AsyncThreads.TIMER.schedule(() -> AsyncThreads.EXECUTOR.execute(this::tick), delayNanos,
                TimeUnit.NANOSECONDS);
    }

    /** Sends TesterPresent if the channel has been idle for the interval; otherwise waits until it will have been. */
    private void tick() {
        synchronized (this) {
            if (keepAlive == null || closed) {
                return;
            }
            long due = Math.max(turns.lastRelease(), lastTesterPresent) + testerPresentNanos;
            long now = System.nanoTime();
            if (due - now > 0) {
                schedule(due - now);
                return;
            }
            if (!turns.tryTake()) {
                schedule(testerPresentNanos); // an exchange runs; its end restarts the idle time
                return;
            }
        }
        try {
            socket.send(TESTER_PRESENT_SUPPRESSED);
            lastTesterPresent = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            IOException failure = e instanceof IOException ? (IOException) e : new IOException(e);
            synchronized (this) {
                if (closed) {
                    return; // closed while it was sent: nothing left to keep
                }
                keepAliveFailure = failure;
                stopKeepAlive();
            }
            LOG.log(System.Logger.Level.WARNING, channel + ": TesterPresent failed; the keep-alive stopped", e);
            return;
        } finally {
            turns.release();
        }
        synchronized (this) {
            if (keepAlive != null && !closed) {
                schedule(testerPresentNanos);
            }
        }
    }

    /**
     * Throws the keep-alive's failure, once: what every call of the channel does before it sends.
     *
     * @throws TesterPresentException if the last TesterPresent could not be sent
     */
    void throwIfKeepAliveFailed() throws TesterPresentException {
        IOException failure = keepAliveFailure;
        if (failure == null) {
            return;
        }
        int lost;
        synchronized (this) {
            if (keepAliveFailure == null) {
                return;
            }
            keepAliveFailure = null;
            lost = session;
            session = DEFAULT_SESSION;
        }
        throw new TesterPresentException(Failure.TESTER_PRESENT_FAILED.message(
                String.format(Locale.ROOT, "0x%02X", lost), socket.iface(), channel, failure.getMessage()), failure);
    }

    synchronized void close() {
        closed = true;
        stopKeepAlive();
    }
}
