package dev.isotp.testkit;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A simulated ECU on a {@link VirtualCanBus} that answers by itself: it receives requests on its own ISO-TP channels
 * (a {@link ScriptedEcu} underneath, the same engine as the channel under test) and answers each by exact request or
 * by prefix, committing the {@link Fault}s it was given. For answers the test decides one by one (response pending,
 * several answers, none), use {@link ScriptedEcu}.
 *
 * <pre>{@code
 * try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, IsoTp_DiagnosticTester.CONFIG)
 *         .answer(HexFormat.of().parseHex("22F190"), HexFormat.of().parseHex("62F190313233"))
 *         .answerPrefix(new byte[] {0x3E}, request -> new byte[] {0x7E, 0x00})
 *         .fault(Fault.wrongSequenceNumber())
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A request no rule matches gets no answer. An answer function that throws is recorded on the bus
 * ({@link VirtualCanBus#errors()}: the test fails) and that request gets no answer; the ECU goes on serving. What the
 * ECU received is in {@link #requests()} (the latest {@value #DEFAULT_KEPT_REQUESTS} by default), the errors its own
 * channel met (e.g. the timeout that follows a fault it committed) in {@link #errors()}.
 *
 * <p>Functional requests: {@link #mirroring} a functional tester of a fixed mode gives an ECU that listens on the
 * functional id too; a functional channel with responders ({@code sfBroadcast}, e.g. rxid 0x7E8, txid 0x7DF) is
 * answered by one ECU per declared responder, each made with {@link #responder}.
 */
public final class SimulatedEcu implements AutoCloseable {
    /** How many requests {@link #requests()} keeps unless {@link Builder#keepRequests} says otherwise. */
    public static final int DEFAULT_KEPT_REQUESTS = 1000;

    private final ScriptedEcu ecu;
    private final VirtualCanBus bus;
    private final List<Rule> rules;
    private final List<FaultRule> faultRules;
    private final ArrayDeque<List<Fault>> nextAnswers = new ArrayDeque<>();
    private final int keep;
    private final ArrayDeque<byte[]> requests = new ArrayDeque<>();
    private long requestCount;
    private final Thread worker;
    private final List<IOException> ecuErrors = new ArrayList<>();

    private SimulatedEcu(ScriptedEcu ecu, VirtualCanBus bus, List<Rule> rules, List<FaultRule> faultRules, int keep) {
        this.ecu = ecu;
        this.bus = bus;
        this.rules = rules;
        this.faultRules = faultRules;
        this.keep = keep;
        this.worker = new Thread(this::serve, "simulated-ecu-" + ecu.address());
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * An ECU with exactly this configuration (its rx id is the tester's tx id, and so on). The configuration's backend
     * and receive timeout are not used: the ECU runs on {@code bus} and waits for requests without a timeout.
     *
     * @param bus the bus the ECU is on
     * @param config the ECU's own channel: interface, addresses, link layer, padding, flow control
     * @return a builder to script the ECU with
     * @throws NullPointerException if {@code bus} or {@code config} is null
     * @throws IllegalArgumentException if {@code config} has sfBroadcast or cfBroadcast (see {@link ScriptedEcu#on})
     */
    public static Builder on(VirtualCanBus bus, IsoTpConfig config) {
        return new Builder(ScriptedEcu.on(bus, config));
    }

    /**
     * The ECU a tester with {@code testerConfig} talks to: the same interface, mode, link layer, padding and flow
     * control, with the ids (or target and source address) swapped; a functional tester of a fixed mode is answered
     * physically, and the ECU listens on its functional id too (see {@link ScriptedEcu#mirroring}).
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the configuration of the channel under test
     * @return a builder to script the ECU with
     * @throws NullPointerException if {@code bus} or {@code testerConfig} is null
     * @throws IllegalArgumentException for a functional channel with responders: use {@link #responder}
     */
    public static Builder mirroring(VirtualCanBus bus, IsoTpConfig testerConfig) {
        return new Builder(ScriptedEcu.mirroring(bus, testerConfig));
    }

    /**
     * One responder of a functional tester, with the ids of its {@code @IsoTpChannel.Responder(rxid = ..., txid =
     * ...)} in the same order: it listens on the tester's functional id and on {@code txid}, answers on
     * {@code rxid}, and receives the flow control of a multi-frame answer on {@code txid} (see
     * {@link ScriptedEcu#responder}).
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the functional channel under test
     * @param rxid the responder's {@code rxid}: the id the tester receives its answers on
     * @param txid the responder's {@code txid}: its physical request id
     * @return a builder to script the ECU with
     * @throws NullPointerException if {@code bus} or {@code testerConfig} is null
     * @throws IllegalArgumentException if the tester's mode has no functional requests or an id is not valid
     */
    public static Builder responder(VirtualCanBus bus, IsoTpConfig testerConfig, int rxid, int txid) {
        return new Builder(ScriptedEcu.responder(bus, testerConfig, rxid, txid));
    }

    /**
     * The latest requests received, answered or not (functional ones included).
     *
     * @return a copy, oldest first, of at most the number {@link Builder#keepRequests} set (default
     *         {@value #DEFAULT_KEPT_REQUESTS}); each array is a copy too
     */
    public List<byte[]> requests() {
        synchronized (requests) {
            List<byte[]> copy = new ArrayList<>(requests.size());
            for (byte[] r : requests) {
                copy.add(r.clone());
            }
            return copy;
        }
    }

    /**
     * How many requests the ECU received, those no longer in {@link #requests()} included.
     *
     * @return the count since it started
     */
    public long requestCount() {
        synchronized (requests) {
            return requestCount;
        }
    }

    /**
     * Errors the ECU's own channels met, e.g. the timeout after a flow control it withheld; the ECU goes on serving
     * after each.
     *
     * @return a copy, oldest first (the first 1000)
     */
    public List<IOException> errors() {
        List<IOException> all = new ArrayList<>(ecu.errors());
        synchronized (ecuErrors) {
            all.addAll(ecuErrors.subList(0, Math.min(1000, ecuErrors.size())));
        }
        return all;
    }

    /**
     * The ECU's physical channel, e.g. to read its address. To send an unsolicited PDU, {@code socket().send(pdu)}.
     *
     * @return the ECU's socket, open until {@link #close()}
     */
    public IsoTpSocket socket() {
        return ecu.socket();
    }

    private void serve() {
        for (ScriptedEcu.Request request = ecu.nextForWorker(); request != null; request = ecu.nextForWorker()) {
            byte[] pdu = request.bytes();
            synchronized (requests) {
                requestCount++;
                if (keep > 0) {
                    if (requests.size() >= keep) {
                        requests.removeFirst();
                    }
                    requests.addLast(pdu);
                }
            }
            byte[] answer;
            try {
                answer = answer(pdu);
            } catch (RuntimeException | Error e) {
                bus.reportError("answer function of " + this + " for request " + request, e);
                continue;
            }
            if (answer == null || answer.length == 0) {
                continue;
            }
            List<Fault> faults = new ArrayList<>();
            synchronized (nextAnswers) {
                List<Fault> next = nextAnswers.pollFirst();
                if (next != null) {
                    faults.addAll(next);
                }
            }
            try {
                for (FaultRule rule : faultRules) {
                    if (rule.requests.test(pdu.clone())) {
                        faults.addAll(rule.faults);
                    }
                }
            } catch (RuntimeException | Error e) {
                bus.reportError("fault predicate of " + this + " for request " + request, e);
            }
            try {
                request.answer(answer, faults.toArray(new Fault[0]));
            } catch (SocketClosedException e) {
                return;
            } catch (IOException e) {
                if (ecu.isClosed()) {
                    return;
                }
                synchronized (ecuErrors) {
                    ecuErrors.add(e);
                }
            } catch (RuntimeException e) {
                bus.reportError("answer of " + this + " to request " + request, e);
            }
        }
    }

    /**
     * Commits {@code faults} on the next answer this ECU sends only (after those queued by earlier calls: each call
     * is for one answer, in order), e.g. {@code faultNextAnswer(Fault.dropConsecutiveFrame(3))}. Thread-safe.
     *
     * @param faults faults that act on an answer's frames (wrongSequenceNumber, badPadding, cutOffAfter,
     *        dropConsecutiveFrame, delay)
     * @throws IllegalArgumentException if a fault acts on flow control (noFlowControl, overflow, waitFrames)
     * @throws NullPointerException if the array or a fault is null
     */
    public void faultNextAnswer(Fault... faults) {
        List<Fault> list = Fault.forAnswer(faults);
        synchronized (nextAnswers) {
            nextAnswers.addLast(list);
        }
    }

    private byte[] answer(byte[] request) {
        for (Rule rule : rules) {
            if (rule.matches(request)) {
                return rule.answer.apply(request);
            }
        }
        return null;
    }

    /** Stops the ECU and closes its channels. */
    @Override
    public void close() {
        ecu.close();
        worker.interrupt();
    }

    @Override
    public String toString() {
        return "SimulatedEcu[" + ecu.address() + "]";
    }

    private static final class FaultRule {
        final java.util.function.Predicate<byte[]> requests;
        final List<Fault> faults;

        FaultRule(java.util.function.Predicate<byte[]> requests, List<Fault> faults) {
            this.requests = requests;
            this.faults = faults;
        }
    }

    private static final class Rule {
        final byte[] request;
        final boolean prefix;
        final UnaryOperator<byte[]> answer;

        Rule(byte[] request, boolean prefix, UnaryOperator<byte[]> answer) {
            this.request = request.clone();
            this.prefix = prefix;
            this.answer = answer;
        }

        boolean matches(byte[] r) {
            return prefix ? r.length >= request.length && Arrays.equals(r, 0, request.length, request, 0, request.length)
                    : Arrays.equals(r, request);
        }
    }

    /** Scripts a {@link SimulatedEcu}; rules are tried in the order given. */
    public static final class Builder {
        private final ScriptedEcu.Builder ecu;
        private final List<Rule> rules = new ArrayList<>();
        private final List<FaultRule> faultRules = new ArrayList<>();
        private int keep = DEFAULT_KEPT_REQUESTS;

        private Builder(ScriptedEcu.Builder ecu) {
            this.ecu = ecu;
        }

        /**
         * Answers exactly {@code request} with {@code response}. Both arrays are copied.
         *
         * @param request the whole request PDU to match
         * @param response the answer PDU; empty means no answer
         * @return this builder
         * @throws NullPointerException if either array is null
         */
        public Builder answer(byte[] request, byte[] response) {
            byte[] copy = response.clone();
            rules.add(new Rule(request, false, r -> copy));
            return this;
        }

        /**
         * Answers every request that starts with {@code prefix} with what {@code answer} returns.
         *
         * @param prefix the first bytes of the requests to match (copied); empty matches every request
         * @param answer called on the ECU's thread with the request; returns the answer PDU, or null or an empty
         *        array for no answer; what it throws is recorded on the bus (the test fails) and the ECU goes on
         * @return this builder
         * @throws NullPointerException if {@code prefix} or {@code answer} is null
         */
        public Builder answerPrefix(byte[] prefix, UnaryOperator<byte[]> answer) {
            rules.add(new Rule(prefix, true, Objects.requireNonNull(answer, "answer")));
            return this;
        }

        /**
         * Answers every request no earlier rule matched (rules after it are never reached).
         *
         * @param answer called on the ECU's thread with the request; returns the answer PDU, or null or an empty
         *        array for no answer; what it throws is recorded on the bus (the test fails) and the ECU goes on
         * @return this builder
         * @throws NullPointerException if {@code answer} is null
         */
        public Builder otherwise(UnaryOperator<byte[]> answer) {
            rules.add(new Rule(new byte[0], true, Objects.requireNonNull(answer, "answer")));
            return this;
        }

        /**
         * Commits these faults, in addition to any given before (see {@link Fault} for what the tester then gets).
         *
         * @param faults the faults
         * @return this builder
         * @throws NullPointerException if the array or a fault is null
         */
        public Builder fault(Fault... faults) {
            ecu.fault(faults);
            return this;
        }

        /**
         * Commits {@code faults} on the answers to the requests {@code requests} accepts only, e.g.
         * {@code faultWhen(r -> r[0] == 0x36, Fault.dropConsecutiveFrame(3))}.
         *
         * @param requests called on the ECU's thread with a copy of each request that gets an answer; what it throws
         *        is recorded on the bus (the test fails) and the answer goes out without these faults
         * @param faults faults that act on an answer's frames (wrongSequenceNumber, badPadding, cutOffAfter,
         *        dropConsecutiveFrame, delay)
         * @return this builder
         * @throws IllegalArgumentException if a fault acts on flow control (noFlowControl, overflow, waitFrames)
         * @throws NullPointerException if {@code requests}, the array or a fault is null
         */
        public Builder faultWhen(java.util.function.Predicate<byte[]> requests, Fault... faults) {
            faultRules.add(new FaultRule(Objects.requireNonNull(requests, "requests"), Fault.forAnswer(faults)));
            return this;
        }

        /**
         * Listens on a functional id too (see {@link ScriptedEcu.Builder#listenFunctional}).
         *
         * @param id the functional id, e.g. 0x7DF
         * @return this builder
         * @throws IllegalArgumentException if the ECU's mode is not NORMAL_11 or NORMAL_29, or the id is out of range
         */
        public Builder listenFunctional(int id) {
            ecu.listenFunctional(id);
            return this;
        }

        /**
         * How many of the latest requests {@link SimulatedEcu#requests()} keeps.
         *
         * @param requests 0 (keep none; {@link SimulatedEcu#requestCount()} still counts) or more; default
         *        {@value SimulatedEcu#DEFAULT_KEPT_REQUESTS}
         * @return this builder
         * @throws IllegalArgumentException if {@code requests} is negative
         */
        public Builder keepRequests(int requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("keepRequests takes 0 (none) or more, not " + requests);
            }
            keep = requests;
            return this;
        }

        /**
         * Opens the ECU's channels on the bus and starts answering on a daemon thread. The ECU's N_Cr is 1 s, as the
         * kernel's, plus the time its WAIT frames take.
         *
         * @return the running ECU; close it to stop it
         * @throws IOException if a channel cannot be opened (e.g. {@code NoSuchInterfaceException} for an
         *         interface the bus does not have)
         */
        public SimulatedEcu start() throws IOException {
            return new SimulatedEcu(ecu.open(), ecu.bus(), List.copyOf(rules), List.copyOf(faultRules), keep);
        }
    }
}
