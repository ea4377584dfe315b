package dev.isotp.testkit;

import dev.isotp.IsoTpConfig;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An ECU that speaks UDS (ISO 14229) on a {@link VirtualCanBus}, for tests of {@code @UdsChannel} clients and of
 * code built on them. It runs on a {@link ScriptedEcu} and answers as a server does:
 *
 * <ul>
 *   <li>DiagnosticSessionControl ({@code 10 xx}) enters the default session or one of {@link Builder#sessions} and
 *       answers {@code 50 xx} with the P2 and P2* of {@link Builder#timing}; other sessions get {@code 7F 10 12}.</li>
 *   <li>A non-default session ends after S3 ({@link Builder#s3}, default 5000 ms) without a request: TesterPresent
 *       ({@code 3E 00}, or {@code 3E 80} without an answer) keeps it, as any request does. A service declared for a
 *       session ({@link Builder#inSession}) is refused outside it with {@code 7F <SID> 7F}.</li>
 *   <li>ECUReset ({@code 11 xx}) answers {@code 51 xx} and returns to the default session.</li>
 *   <li>ReadDataByIdentifier ({@code 22}) answers the identifiers of {@link Builder#data}, {@code 7F 22 31} for any
 *       other; RoutineControl startRoutine ({@code 31 01}) of a {@link Builder#routine} sends its "response pending"
 *       answers ({@code 7F 31 78}), then {@code 71 01 <id> <result>}.</li>
 *   <li>{@link Builder#refuse} and {@link Builder#busy} script negative answers; every other service gets
 *       {@code 7F <SID> 11}.</li>
 *   <li>suppressPosRspMsgIndicationBit is honoured for the services with a sub-function; a functionally addressed
 *       request draws no answer with codes 0x11, 0x12, 0x31, 0x7E and 0x7F (ISO 14229-1).</li>
 * </ul>
 *
 * <p>Like a real server it handles one request at a time: while a routine sends its pending answers, later requests
 * wait. What it records (the session, S3 expiries, when each TesterPresent came) is read with {@link #session()},
 * {@link #sessionExpiries()} and {@link #testerPresentTimes()}, and {@link #assertTesterPresentSpacing} checks a
 * client's keep-alive. An exception in its own code is recorded on the bus ({@link VirtualCanBus#reportError}), so the
 * test fails, and the ECU goes on. Thread-safe.
 */
public final class SimulatedUdsEcu implements AutoCloseable {
    /** How many TesterPresent times are kept. */
    public static final int KEPT_TESTER_PRESENTS = 10_000;
    private static final int DEFAULT_SESSION = 0x01;
    private static final int NEGATIVE = 0x7F;
    /** Codes a server does not send in answer to a functionally addressed request (ISO 14229-1). */
    private static final Set<Integer> SILENT_WHEN_FUNCTIONAL = Set.of(0x11, 0x12, 0x31, 0x7E, 0x7F);

    private final ScriptedEcu ecu;
    private final Builder script;
    private final Thread worker;
    private final ArrayDeque<Long> testerPresents = new ArrayDeque<>();
    private final Map<String, Integer> busyLeft = new HashMap<>();
    private int session = DEFAULT_SESSION;
    private long lastRequest = System.nanoTime();
    private int expiries;

    private SimulatedUdsEcu(ScriptedEcu ecu, Builder script) {
        this.ecu = ecu;
        this.script = script;
        for (Map.Entry<byte[], Integer> busy : script.busy.entrySet()) {
            busyLeft.put(Arrays.toString(busy.getKey()), busy.getValue());
        }
        this.worker = new Thread(this::serve, "simulated-uds-ecu-" + ecu.address());
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * The ECU a UDS tester with {@code testerConfig} talks to, as {@link ScriptedEcu#mirroring}.
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the configuration of the channel under test
     * @return a builder to script the ECU with
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException for a functional tester with responders: use {@link #responder}
     */
    public static Builder mirroring(VirtualCanBus bus, IsoTpConfig testerConfig) {
        return new Builder(ScriptedEcu.mirroring(bus, testerConfig));
    }

    /**
     * One responder of a functional UDS tester, as {@link ScriptedEcu#responder}: it listens on the functional id
     * and on {@code txid}, and answers on {@code rxid}.
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the functional channel under test
     * @param rxid the responder's {@code rxid}
     * @param txid the responder's {@code txid}
     * @return a builder to script the ECU with
     * @throws NullPointerException if {@code bus} or {@code testerConfig} is null
     * @throws IllegalArgumentException as {@link ScriptedEcu#responder}
     */
    public static Builder responder(VirtualCanBus bus, IsoTpConfig testerConfig, int rxid, int txid) {
        return new Builder(ScriptedEcu.responder(bus, testerConfig, rxid, txid));
    }

    /** {@return the diagnostic session the ECU is in now: 0x01 (default) until a client entered another} */
    public synchronized int session() {
        expireSession(System.nanoTime());
        return session;
    }

    /** {@return how many times a non-default session ended because S3 passed without a request} */
    public synchronized int sessionExpiries() {
        expireSession(System.nanoTime());
        return expiries;
    }

    /**
     * {@return when each TesterPresent request ({@code 3E 00} or {@code 3E 80}) was received whole, as System.nanoTime()
     * values, oldest first; the latest {@value #KEPT_TESTER_PRESENTS}}
     */
    public synchronized List<Long> testerPresentTimes() {
        return List.copyOf(testerPresents);
    }

    /**
     * Checks a client's keep-alive: at least two TesterPresent requests came, and every gap between consecutive ones is
     * within the bounds. Times are those of the virtual bus (when each request was whole), so keep the bounds
     * generous on a busy machine: the lower one is what the client must never undercut.
     *
     * @param atLeast the shortest gap allowed
     * @param atMost the longest gap allowed, e.g. just under the ECU's S3
     * @throws AssertionError naming every gap, if fewer than two came or a gap is out of bounds
     * @throws NullPointerException if an argument is null
     */
    public void assertTesterPresentSpacing(Duration atLeast, Duration atMost) {
        List<Long> times = testerPresentTimes();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
        }
        boolean ok = times.size() >= 2 && gaps.stream().allMatch(g -> g >= atLeast.toMillis() && g <= atMost.toMillis());
        if (!ok) {
            throw new AssertionError("TesterPresent gaps in ms " + gaps + " (" + times.size() + " requests): expected "
                    + "2 or more, each " + atLeast.toMillis() + "-" + atMost.toMillis() + " ms apart");
        }
    }

    /** {@return the scripted ECU underneath: its errors, address and socket} */
    public ScriptedEcu scripted() {
        return ecu;
    }

    private void serve() {
        for (ScriptedEcu.Request request = ecu.nextForWorker(); request != null; request = ecu.nextForWorker()) {
            try {
                handle(request);
            } catch (SocketClosedException e) {
                return;
            } catch (IOException e) {
                if (ecu.isClosed()) {
                    return;
                }
                ecu.bus().reportError("answer of " + this + " to request " + request, e);
            } catch (RuntimeException | Error e) {
                ecu.bus().reportError(this + " on request " + request, e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(ScriptedEcu.Request request) throws IOException, InterruptedException {
        byte[] pdu = request.bytes();
        int sid = pdu[0] & 0xFF;
        long now = System.nanoTime();
        int current;
        synchronized (this) {
            expireSession(now);
            lastRequest = now;
            current = session;
            if (sid == 0x3E) {
                if (testerPresents.size() >= KEPT_TESTER_PRESENTS) {
                    testerPresents.removeFirst();
                }
                testerPresents.addLast(now);
            }
        }
        boolean subFunction = dev.isotp.UdsNames.hasSubFunction(sid) && pdu.length >= 2;
        boolean suppressed = subFunction && (pdu[1] & 0x80) != 0;
        for (Map.Entry<byte[], Integer> refusal : script.refusals.entrySet()) {
            if (startsWith(pdu, refusal.getKey())) {
                negative(request, sid, refusal.getValue());
                return;
            }
        }
        for (byte[] prefix : script.busy.keySet()) {
            if (startsWith(pdu, prefix)) {
                String key = Arrays.toString(prefix);
                synchronized (this) {
                    int left = busyLeft.get(key);
                    if (left > 0) {
                        busyLeft.put(key, left - 1);
                        negative(request, sid, 0x21);
                        return;
                    }
                }
            }
        }
        Integer required = script.sessionOf.get(sid);
        if (required != null && required != current) {
            negative(request, sid, 0x7F); // serviceNotSupportedInActiveSession
            return;
        }
        switch (sid) {
            case 0x10: {
                int wanted = pdu.length == 2 ? pdu[1] & 0x7F : -1;
                if (wanted != DEFAULT_SESSION && !script.sessions.contains(wanted)) {
                    negative(request, sid, pdu.length == 2 ? 0x12 : 0x13);
                    return;
                }
                synchronized (this) {
                    session = wanted;
                }
                long p2 = script.p2.toMillis();
                long p2Star = script.p2Star.toMillis() / 10;
                positive(request, suppressed, new byte[] {0x50, (byte) wanted, (byte) (p2 >> 8), (byte) p2,
                        (byte) (p2Star >> 8), (byte) p2Star});
                return;
            }
            case 0x11: {
                int type = pdu.length == 2 ? pdu[1] & 0x7F : -1;
                if (type < 1 || type > 3) {
                    negative(request, sid, pdu.length == 2 ? 0x12 : 0x13);
                    return;
                }
                synchronized (this) {
                    session = DEFAULT_SESSION; // before the answer: a client that has it sees the new session
                }
                positive(request, suppressed, new byte[] {0x51, (byte) type});
                return;
            }
            case 0x3E:
                if (pdu.length != 2 || (pdu[1] & 0x7F) != 0) {
                    negative(request, sid, pdu.length == 2 ? 0x12 : 0x13);
                    return;
                }
                positive(request, suppressed, new byte[] {0x7E, 0x00});
                return;
            case 0x22:
                readData(request, pdu);
                return;
            case 0x31:
                routine(request, pdu, suppressed);
                return;
            default:
                negative(request, sid, 0x11);
        }
    }

    private void readData(ScriptedEcu.Request request, byte[] pdu) throws IOException {
        if (pdu.length < 3 || (pdu.length - 1) % 2 != 0) {
            negative(request, 0x22, 0x13);
            return;
        }
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        answer.write(0x62);
        for (int i = 1; i < pdu.length; i += 2) {
            int id = (pdu[i] & 0xFF) << 8 | (pdu[i + 1] & 0xFF);
            byte[] value = script.data.get(id);
            if (value == null) {
                negative(request, 0x22, 0x31);
                return;
            }
            answer.write(pdu[i]);
            answer.write(pdu[i + 1]);
            answer.writeBytes(value);
        }
        request.answer(answer.toByteArray());
    }

    private void routine(ScriptedEcu.Request request, byte[] pdu, boolean suppressed)
            throws IOException, InterruptedException {
        Routine r = pdu.length == 4 && (pdu[1] & 0x7F) == 0x01
                ? script.routines.get((pdu[2] & 0xFF) << 8 | (pdu[3] & 0xFF)) : null;
        if (r == null) {
            negative(request, 0x31, pdu.length < 4 ? 0x13 : 0x31);
            return;
        }
        for (int i = 0; i < r.pending; i++) {
            request.answer(new byte[] {NEGATIVE, 0x31, 0x78});
            Thread.sleep(r.interval.toMillis());
        }
        byte[] answer = new byte[4 + r.result.length];
        answer[0] = 0x71;
        answer[1] = 0x01;
        answer[2] = pdu[2];
        answer[3] = pdu[3];
        System.arraycopy(r.result, 0, answer, 4, r.result.length);
        // after a response pending the final answer goes out even where it was suppressed
        positive(request, suppressed && r.pending == 0, answer);
    }

    private static void positive(ScriptedEcu.Request request, boolean suppressed, byte[] answer) throws IOException {
        if (!suppressed) {
            request.answer(answer);
        }
    }

    private static void negative(ScriptedEcu.Request request, int sid, int nrc) throws IOException {
        if (request.functional() && SILENT_WHEN_FUNCTIONAL.contains(nrc)) {
            return;
        }
        request.answer(new byte[] {NEGATIVE, (byte) sid, (byte) nrc});
    }

    /** With the lock held: a non-default session ends once S3 passed since the last request. */
    private void expireSession(long now) {
        if (session != DEFAULT_SESSION && now - lastRequest >= script.s3.toNanos()) {
            session = DEFAULT_SESSION;
            expiries++;
        }
    }

    private static boolean startsWith(byte[] pdu, byte[] prefix) {
        return pdu.length >= prefix.length && Arrays.equals(pdu, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Stops the ECU and closes its channels. */
    @Override
    public void close() {
        ecu.close();
        worker.interrupt();
    }

    @Override
    public String toString() {
        return "SimulatedUdsEcu on " + ecu.address();
    }

    private static final class Routine {
        final int pending;
        final Duration interval;
        final byte[] result;

        Routine(int pending, Duration interval, byte[] result) {
            this.pending = pending;
            this.interval = interval;
            this.result = result;
        }
    }

    /** The script of a {@link SimulatedUdsEcu}: what it has and how it answers. Not thread-safe; use it once. */
    public static final class Builder {
        private final ScriptedEcu.Builder ecu;
        private final Set<Integer> sessions = new HashSet<>(Set.of(0x02, 0x03));
        private final Map<Integer, Integer> sessionOf = new HashMap<>();
        private final Map<Integer, byte[]> data = new HashMap<>();
        private final Map<Integer, Routine> routines = new HashMap<>();
        private final Map<byte[], Integer> refusals = new java.util.LinkedHashMap<>();
        private final Map<byte[], Integer> busy = new java.util.LinkedHashMap<>();
        private Duration p2 = Duration.ofMillis(50);
        private Duration p2Star = Duration.ofMillis(5000);
        private Duration s3 = Duration.ofMillis(5000);

        private Builder(ScriptedEcu.Builder ecu) {
            this.ecu = ecu;
        }

        /**
         * The non-default sessions the ECU enters (default 0x02 programming and 0x03 extendedDiagnostic).
         *
         * @param ids session ids, 0x02-0x7F
         * @return this builder
         * @throws IllegalArgumentException for an id outside 0x02-0x7F
         */
        public Builder sessions(int... ids) {
            sessions.clear();
            for (int id : ids) {
                if (id < 0x02 || id > 0x7F) {
                    throw new IllegalArgumentException("a non-default session is 0x02-0x7F, not 0x"
                            + Integer.toHexString(id));
                }
                sessions.add(id);
            }
            return this;
        }

        /**
         * P2server_max and P2*server_max, as the ECU announces them in its session answers (default 50 ms and 5000 ms).
         *
         * @param p2 0-65535 ms
         * @param p2Star 0-655350 ms, in steps of 10 ms
         * @return this builder
         * @throws IllegalArgumentException for a value a session answer cannot carry
         * @throws NullPointerException if an argument is null
         */
        public Builder timing(Duration p2, Duration p2Star) {
            if (p2.toMillis() < 0 || p2.toMillis() > 0xFFFF || p2Star.toMillis() < 0 || p2Star.toMillis() > 0xFFFF * 10L) {
                throw new IllegalArgumentException("a session answer carries P2 0-65535 ms and P2* 0-655350 ms, not "
                        + p2.toMillis() + " and " + p2Star.toMillis() + " ms");
            }
            this.p2 = p2;
            this.p2Star = p2Star;
            return this;
        }

        /**
         * S3server: a non-default session ends after this long without a request (default 5000 ms).
         *
         * @param s3 positive
         * @return this builder
         * @throws IllegalArgumentException if {@code s3} is not positive
         * @throws NullPointerException if {@code s3} is null
         */
        public Builder s3(Duration s3) {
            if (s3.isNegative() || s3.isZero()) {
                throw new IllegalArgumentException("S3 must be positive, not " + s3);
            }
            this.s3 = s3;
            return this;
        }

        /**
         * Services refused with {@code 7F <SID> 7F} (serviceNotSupportedInActiveSession) outside {@code session}.
         *
         * @param session the session they need
         * @param serviceIds their service identifiers
         * @return this builder
         */
        public Builder inSession(int session, int... serviceIds) {
            for (int sid : serviceIds) {
                sessionOf.put(sid, session);
            }
            return this;
        }

        /**
         * A data identifier ReadDataByIdentifier answers.
         *
         * @param identifier 0x0000-0xFFFF
         * @param value its value, copied
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder data(int identifier, byte[] value) {
            data.put(identifier & 0xFFFF, value.clone());
            return this;
        }

        /**
         * A routine startRoutine ({@code 31 01 <id>}) runs: {@code pending} answers {@code 7F 31 78}, {@code interval}
         * apart, then {@code 71 01 <id> <result>}.
         *
         * @param identifier the routine identifier, 0x0000-0xFFFF
         * @param pending how many "response pending" answers come first, 0 or more
         * @param interval the time after each of them
         * @param result the routine's status record, copied
         * @return this builder
         * @throws IllegalArgumentException if {@code pending} is negative
         * @throws NullPointerException if {@code interval} or {@code result} is null
         */
        public Builder routine(int identifier, int pending, Duration interval, byte[] result) {
            if (pending < 0) {
                throw new IllegalArgumentException("pending answers: 0 or more, not " + pending);
            }
            routines.put(identifier & 0xFFFF, new Routine(pending, Objects.requireNonNull(interval, "interval"),
                    result.clone()));
            return this;
        }

        /**
         * Requests that start with {@code prefix} get {@code 7F <SID> <nrc>}, before any other rule.
         *
         * @param prefix the first bytes of the requests, e.g. {@code 27 01}
         * @param nrc the negative response code, 0x00-0xFF (not 0x78: script pending answers with a routine)
         * @return this builder
         */
        public Builder refuse(byte[] prefix, int nrc) {
            refusals.put(prefix.clone(), nrc & 0xFF);
            return this;
        }

        /**
         * Requests that start with {@code prefix} get busyRepeatRequest ({@code 7F <SID> 21}) the first {@code times}
         * times, then their normal answer.
         *
         * @param prefix the first bytes of the requests
         * @param times how many times, 0 or more
         * @return this builder
         */
        public Builder busy(byte[] prefix, int times) {
            busy.put(prefix.clone(), Math.max(0, times));
            return this;
        }

        /**
         * Opens the ECU's channels and starts answering on a daemon thread.
         *
         * @return the running ECU; close it to stop it
         * @throws IOException if a channel cannot be opened
         */
        public SimulatedUdsEcu start() throws IOException {
            return new SimulatedUdsEcu(ecu.open(), this);
        }
    }
}
