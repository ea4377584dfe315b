package dev.isotp.support;

import dev.isotp.NegativeResponseException;
import dev.isotp.UdsTimeoutException;
import dev.isotp.internal.failure.Failure;
import dev.isotp.internal.failure.UdsWords;
import java.util.concurrent.TimeUnit;

/**
 * One request of a UDS channel, judged as ISO 14229 says: which PDU answers it, how long to wait for it, what a
 * "response pending", a busyRepeatRequest and a negative response do. Pure logic over the clock it is given, shared
 * by the synchronous requests (a loop of receives) and the asynchronous ones (readiness reports and a timer); not
 * thread-safe: its caller holds the channel's turn.
 */
final class UdsExchange {
    /** What the caller does with a PDU that came while it waited. */
    enum Step {
        /** The PDU is the final positive answer: return it. */
        ANSWER,
        /** The PDU answers something else: drop it (logged, counted) and wait on until {@link #waitNanos}. */
        NOT_OURS,
        /** A "response pending": wait on until {@link #waitNanos}, now with P2*. */
        PENDING,
        /** A busyRepeatRequest with repeats left: send the request again after {@link #repeatDelayMillis()}. */
        REPEAT
    }

    private static final int NEGATIVE_RESPONSE = 0x7F;
    private static final int RESPONSE_PENDING = 0x78;
    private static final int BUSY_REPEAT_REQUEST = 0x21;
    /** A PDU of 0 bytes: what a request with suppressPosRspMsgIndicationBit returns when no negative answer came. */
    static final byte[] NO_POSITIVE_ANSWER = new byte[0];

    private final UdsSession session;
    private final byte[] request;
    private final int sid;
    /** How many bytes after the service identifier the positive response echoes (sub-function, DID, routine). */
    private final int echoed;
    /** Whether bit 7 of the first echoed byte is suppressPosRspMsgIndicationBit (compare bits 0-6 only). */
    private final boolean subFunction;
    private boolean suppressed;
    private final long capMillis;
    private final String iface;
    private final String channel;
    /** The responder of a functional channel whose answers this judges (its rxid), or {@link UdsSession#PHYSICAL}. */
    private final int responder;
    /** Whether busyRepeatRequest repeats the request (not for one responder of a functional request). */
    private boolean repeatsAllowed = true;
    /** P2 and P2* of this call ({@link dev.isotp.UdsTiming}), or -1: the session's. */
    private long p2Override = -1;
    private long p2StarOverride = -1;
    private int pendingAnswers;
    private int repeats;
    /** Whether a final negative response is the answer (returned) rather than thrown. */
    private boolean negativeAsAnswer;
    private long capDeadline = Long.MAX_VALUE;
    private long waitDeadline = Long.MAX_VALUE;

    /**
     * @param capMillis the cap of the whole call, counted from when the request first left; 0: none
     */
    UdsExchange(UdsSession session, byte[] request, long capMillis, String iface, String channel, int responder) {
        this.responder = responder;
        this.session = session;
        this.request = request;
        this.sid = request[0] & 0xFF;
        this.subFunction = session.subFunction(sid) && request.length >= 2;
        this.echoed = echoed(sid, subFunction);
        this.suppressed = subFunction && (request[1] & 0x80) != 0;
        this.capMillis = capMillis;
        this.iface = iface;
        this.channel = channel;
    }

    /** The bytes after the SID that a positive response repeats (ISO 14229-1; shared/UDS-FACTS.md's table). */
    private static int echoed(int sid, boolean subFunction) {
        switch (sid) {
            case 0x22: case 0x24: case 0x2E: case 0x2F:
                return 2; // the (first) DID
            case 0x31:
                return 3; // routineControlType and the routine id
            case 0x36: case 0x38:
                return 1; // blockSequenceCounter, modeOfOperation
            default:
                return subFunction ? 1 : 0;
        }
    }

    /**
     * For one responder of a functional request: busyRepeatRequest is not repeated (the request went to every ECU),
     * and a final negative response is that responder's answer.
     */
    UdsExchange forResponder() {
        repeatsAllowed = false;
        negativeAsAnswer = true;
        return this;
    }

    /** P2 and P2* of this call in place of the session's. */
    UdsExchange timing(long p2Millis, long p2StarMillis) {
        p2Override = p2Millis;
        p2StarOverride = p2StarMillis;
        return this;
    }

    private long p2() {
        return p2Override >= 0 ? p2Override : session.p2Millis(responder);
    }

    private long p2Star() {
        return p2StarOverride >= 0 ? p2StarOverride : session.p2StarMillis(responder);
    }

    /** A final negative response is returned as the answer, not thrown. */
    UdsExchange negativeAsAnswer() {
        negativeAsAnswer = true;
        return this;
    }

    /** {@return whether the request asks for no positive answer (suppressPosRspMsgIndicationBit)} */
    boolean suppressed() {
        return suppressed;
    }

    /** The request has left the bus (the first time or after a repeat): the wait for its answer starts. */
    void sent(long now) {
        if (capDeadline == Long.MAX_VALUE && capMillis > 0) {
            capDeadline = now + TimeUnit.MILLISECONDS.toNanos(capMillis);
        }
        waitDeadline = now + TimeUnit.MILLISECONDS.toNanos(p2() + session.allowanceMillis());
    }

    /** {@return how long to wait from {@code now} for the next PDU, in whole ms rounded up; 0 or less: the time is up} */
    long waitMillis(long now) {
        long left = Math.min(waitDeadline, capDeadline) - now;
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left + 999_999);
    }

    /** {@return the wait before the request is sent again after a busyRepeatRequest} */
    long repeatDelayMillis() {
        return session.busyRepeatDelayMillis();
    }

    /**
     * Judges a PDU that came while the request waited.
     *
     * @throws NegativeResponseException for a final negative answer
     * @throws UdsTimeoutException for one "response pending" more than maxPendingAnswers allows
     */
    Step judge(byte[] pdu, long now) throws NegativeResponseException, UdsTimeoutException {
        if (pdu.length >= 3 && (pdu[0] & 0xFF) == NEGATIVE_RESPONSE && (pdu[1] & 0xFF) == sid) {
            int nrc = pdu[2] & 0xFF;
            if (nrc == RESPONSE_PENDING) {
                pendingAnswers++;
                suppressed = false; // after a 78 the server sends its final answer even if suppressed
                long max = session.maxPendingAnswers();
                if (max > 0 && pendingAnswers > max) {
                    throw new UdsTimeoutException(Failure.UDS_TOO_MANY_PENDING.message(UdsWords.request(request), iface,
                            max, channel), pendingAnswers);
                }
                waitDeadline = now + TimeUnit.MILLISECONDS.toNanos(p2Star() + session.allowanceMillis());
                session.pending(sid, pendingAnswers);
                return Step.PENDING;
            }
            if (nrc == BUSY_REPEAT_REQUEST && repeatsAllowed && repeats < session.busyRepeats()) {
                repeats++;
                return Step.REPEAT;
            }
            if (negativeAsAnswer) {
                return Step.ANSWER;
            }
            throw new NegativeResponseException(Failure.UDS_NEGATIVE_RESPONSE.message(UdsWords.responseCode(nrc),
                    UdsWords.request(request), iface, channel), pdu);
        }
        if ((pdu[0] & 0xFF) == sid + 0x40 && echoes(pdu)) {
            session.answered(request, pdu, responder);
            return Step.ANSWER;
        }
        return Step.NOT_OURS;
    }

    /** Whether the positive response repeats what it echoes of the request (as far as the request has it). */
    private boolean echoes(byte[] pdu) {
        int n = Math.min(echoed, request.length - 1);
        if (pdu.length < 1 + n) {
            return false;
        }
        for (int i = 1; i <= n; i++) {
            int mask = i == 1 && subFunction ? 0x7F : 0xFF;
            if ((pdu[i] & mask) != (request[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The time is up ({@link #waitMillis} gave 0): the result of a suppressed request that drew no negative answer,
     * or the timeout.
     *
     * @return {@link #NO_POSITIVE_ANSWER} for a request with suppressPosRspMsgIndicationBit
     * @throws UdsTimeoutException otherwise, saying which time passed and how many pending answers came
     */
    byte[] timedOut(long now) throws UdsTimeoutException {
        if (suppressed) {
            session.suppressedAccepted(request);
            return NO_POSITIVE_ANSWER;
        }
        String what = UdsWords.request(request);
        String message;
        if (now >= capDeadline && capDeadline < waitDeadline) {
            message = pendingAnswers == 0 ? Failure.NO_ANSWER_WITHIN.message(iface, capMillis, channel)
                    : p2Override >= 0 ? Failure.UDS_TIMING_TIMEOUT.message(what, iface, capMillis, pendingAnswers, channel)
                    : Failure.UDS_REQUEST_TIMEOUT.message(what, iface, capMillis, pendingAnswers, channel);
        } else if (pendingAnswers == 0) {
            message = Failure.UDS_NO_ANSWER.message(what, iface, p2() + session.allowanceMillis(), p2(),
                    session.allowanceMillis(), channel);
        } else {
            message = Failure.UDS_NO_FINAL_ANSWER.message(what, iface, p2Star() + session.allowanceMillis(), p2Star(),
                    session.allowanceMillis(), pendingAnswers, channel);
        }
        return throwTimeout(message);
    }

    private byte[] throwTimeout(String message) throws UdsTimeoutException {
        throw new UdsTimeoutException(message, pendingAnswers);
    }

    /**
     * {@return System.nanoTime() until which the answer is awaited after a response pending: P2* and the allowance
     * from when it came}
     */
    long pendingDeadline() {
        return waitDeadline;
    }

    /** {@return what the request is, for messages about PDUs dropped while it waited} */
    String describe() {
        return UdsWords.request(request);
    }
}
