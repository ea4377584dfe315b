package dev.isotp.testkit;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.Backend;
import dev.isotp.EngineOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * An ECU on a {@link VirtualCanBus} that the test plays: it receives requests on its own ISO-TP channels (the same
 * engine as the channel under test) and queues them; the test takes each with {@link #nextRequest(Duration)} and
 * answers it any number of times ({@link Request#answer}: a "response pending" then the final answer, two answers, a
 * negative one, or none), and sends PDUs nobody asked for ({@link #send}).
 *
 * <pre>{@code
 * try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, IsoTp_EngineEcu.CONFIG).open();
 *      EngineEcu engine = new IsoTp_EngineEcu()) {
 *     engine.send(READ_VIN);
 *     ScriptedEcu.Request request = ecu.nextRequest(Duration.ofSeconds(5));   // AssertionError if none comes
 *     request.answer(HexFormat.of().parseHex("7F2278"))                      // response pending
 *            .answer(VIN);                                                   // then the final answer
 *     ecu.send(new byte[] {0x7E, 0x00});                                     // a PDU nobody asked for
 * }
 * }</pre>
 *
 * <p>Physical and functional: the ECU always listens on its physical request id and answers from its physical
 * response id; with {@link Builder#listenFunctional(int)} (or built by {@link #responder} or by mirroring a functional
 * tester of a fixed mode) it also listens on a functional id. Every answer goes out on the physical channel, whose
 * flow control for a multi-frame answer comes to the physical request id, as on a real bus.
 *
 * <p>Thread-safe: any thread may take requests, answer or send; sends on the ECU's physical channel take turns (one
 * transfer at a time, as on the kernel's socket). Requests wait in arrival order; up to {@value #MAX_QUEUED} are
 * held, and a request beyond that is dropped and recorded as an error of the bus (so the test fails).
 */
public final class ScriptedEcu implements AutoCloseable {
    /** How many requests not yet taken an ECU holds. */
    public static final int MAX_QUEUED = 10_000;

    private final VirtualCanBus bus;
    private final IsoTpSocket physical;
    private final IsoTpSocket functional;
    private final Duration delay;
    private final FaultyBus view;
    private final java.util.concurrent.locks.ReentrantLock sendLock = new java.util.concurrent.locks.ReentrantLock();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final List<IOException> errors = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    private ScriptedEcu(VirtualCanBus bus, FaultyBus view, IsoTpSocket physical, IsoTpSocket functional,
            Duration delay) {
        this.bus = bus;
        this.view = view;
        this.physical = physical;
        this.functional = functional;
        this.delay = delay;
        readers.add(reader(physical, false));
        if (functional != null) {
            readers.add(reader(functional, true));
        }
        readers.forEach(Thread::start);
        bus.opened(this);
    }

    /**
     * An ECU with exactly this configuration as its physical channel (its rx id is the tester's tx id, and so on).
     * The configuration's backend and receive timeout are not used: the ECU runs on {@code bus}.
     *
     * @param bus the bus the ECU is on
     * @param config the ECU's own channel: interface, addresses, link layer, padding, flow control
     * @return a builder to open the ECU with
     * @throws NullPointerException if {@code bus} or {@code config} is null
     * @throws IllegalArgumentException if {@code config} has sfBroadcast or cfBroadcast (such a socket receives
     *         nothing; an ECU answers physically)
     */
    public static Builder on(VirtualCanBus bus, IsoTpConfig config) {
        return new Builder(bus, config, OptionalInt.empty());
    }

    /**
     * The ECU a tester with {@code testerConfig} talks to: the same interface, mode, link layer, padding and flow
     * control, with the ids (or target and source address) swapped. For a functional tester of a fixed mode
     * ({@code functional(true)} in NORMAL_FIXED_29, e.g. TA 0x33, SA 0xF1) the ECU listens on the functional id
     * (0x18DB33F1) as well as on its physical id (0x18DA33F1), and answers on 0x18DAF133.
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the configuration of the channel under test
     * @return a builder to open the ECU with
     * @throws NullPointerException if {@code bus} or {@code testerConfig} is null
     * @throws IllegalArgumentException for a functional tester with responders (sfBroadcast, e.g. rxid 0x7E8, txid
     *         0x7DF): its ECUs are its responders, one each, made with {@link #responder}
     */
    public static Builder mirroring(VirtualCanBus bus, IsoTpConfig testerConfig) {
        Objects.requireNonNull(bus, "bus");
        Address a = testerConfig.address();
        if (a.functional()) {
            Address physical = mirror(a.toBuilder().functional(false).build());
            return new Builder(bus, ecuConfig(testerConfig, physical), OptionalInt.of(a.txid()));
        }
        if (testerConfig.generalOptions().sfBroadcast() || testerConfig.generalOptions().cfBroadcast()) {
            throw new IllegalArgumentException("a functional channel (" + hexId(a.txid())
                    + " with sfBroadcast or cfBroadcast) is answered by its responders, one ECU each: "
                    + "ScriptedEcu.responder(bus, config, rxid, txid) or SimulatedEcu.responder(bus, config, rxid, "
                    + "txid) with the ids of each @IsoTpChannel.Responder");
        }
        return new Builder(bus, ecuConfig(testerConfig, mirror(a)), OptionalInt.empty());
    }

    /**
     * One responder of a functional tester, as declared on the channel ({@code @IsoTpChannel.Responder(rxid =
     * 0x7E9, txid = 0x7E1)}: pass the same two ids in the same order): an ECU that listens on the tester's
     * functional id (its tx id, e.g. 0x7DF or 0x18DB33F1) and on {@code txid}, its physical request id, and answers
     * on {@code rxid}; the tester's flow control for a multi-frame answer comes to {@code txid}. The mode is
     * NORMAL_11 for a NORMAL_11 tester, NORMAL_29 for NORMAL_29 and NORMAL_FIXED_29; padding, link layer and flow
     * control are the tester's.
     *
     * @param bus the bus the ECU is on
     * @param testerConfig the functional channel under test
     * @param rxid the responder's {@code rxid}: the id the tester receives its answers on
     * @param txid the responder's {@code txid}: its physical request id
     * @return a builder to open the ECU with
     * @throws NullPointerException if {@code bus} or {@code testerConfig} is null
     * @throws IllegalArgumentException if the tester's mode is not NORMAL_11, NORMAL_29 or NORMAL_FIXED_29 (the
     *         modes a functional channel has), or the ids are not valid in it (the validator's words)
     */
    public static Builder responder(VirtualCanBus bus, IsoTpConfig testerConfig, int rxid, int txid) {
        Objects.requireNonNull(bus, "bus");
        Address a = testerConfig.address();
        AddressingMode mode = functionalMode(a.mode());
        Address physical = Address.builder(mode).rxid(txid).txid(rxid).build();
        return new Builder(bus, ecuConfig(testerConfig, physical), OptionalInt.of(a.txid()));
    }

    private static AddressingMode functionalMode(AddressingMode mode) {
        switch (mode) {
            case NORMAL_11:
                return AddressingMode.NORMAL_11;
            case NORMAL_29:
            case NORMAL_FIXED_29:
                return AddressingMode.NORMAL_29;
            default:
                throw new IllegalArgumentException("functional requests are simulated in NORMAL_11, NORMAL_29 and "
                        + "NORMAL_FIXED_29 (the modes of a functional channel), not " + mode);
        }
    }

    private static IsoTpConfig ecuConfig(IsoTpConfig tester, Address address) {
        return tester.toBuilder().address(address).sfBroadcast(false).cfBroadcast(false).backend(null)
                .receiveTimeoutMillis(0).build();
    }

    static Address mirror(Address a) {
        Address.Builder b = Address.builder(a.mode());
        if (a.mode().idsGiven()) {
            b.rxid(a.txid()).txid(a.rxid());
        }
        if (a.mode().usesTargetAndSource()) {
            b.targetAddress(a.sourceAddress().getAsInt()).sourceAddress(a.targetAddress().getAsInt());
        }
        a.addressExtension().ifPresent(b::addressExtension);
        return b.build();
    }

    private static String hexId(int id) {
        return "0x" + Integer.toHexString(id).toUpperCase(java.util.Locale.ROOT);
    }

    private Thread reader(IsoTpSocket socket, boolean isFunctional) {
        Thread t = new Thread(() -> read(socket, isFunctional),
                "scripted-ecu-" + (isFunctional ? "functional-" : "") + socket.address());
        t.setDaemon(true);
        return t;
    }

    private void read(IsoTpSocket socket, boolean isFunctional) {
        while (!closed) {
            byte[] pdu;
            try {
                pdu = socket.receive();
            } catch (SocketClosedException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                synchronized (queue) {
                    errors.add(e);
                }
                if (e instanceof dev.isotp.DeviceGoneException) {
                    return; // the interface went away: this socket receives nothing any more
                }
                continue;
            } catch (RuntimeException | Error e) {
                bus.reportError("receive of " + this, e);
                return;
            }
            Request r = new Request(pdu, isFunctional);
            synchronized (queue) {
                if (queue.size() >= MAX_QUEUED) {
                    bus.reportError(this + ", request " + r, new IllegalStateException(MAX_QUEUED
                            + " requests were not taken: this one is dropped (take them with nextRequest)"));
                    continue;
                }
                queue.addLast(r);
                queue.notifyAll();
            }
        }
    }

    /**
     * For an ECU's worker thread: the oldest request not yet taken, waiting as long as it takes.
     *
     * @return the request; null once the ECU is closed (or the worker was interrupted by its close)
     */
    Request nextForWorker() {
        while (!closed) {
            try {
                Optional<Request> next = pollRequest(Duration.ofDays(1));
                if (next.isPresent()) {
                    return next.get();
                }
            } catch (IllegalStateException | AssertionError e) {
                return null; // closed, or interrupted by close()
            }
        }
        return null;
    }

    /**
     * Takes the oldest request not yet taken, waiting for one if there is none.
     *
     * @param timeout how long to wait at most
     * @return the request, received whole (its last frame is in)
     * @throws AssertionError if no request came within {@code timeout}, or the thread was interrupted (its interrupt
     *         status is set again)
     * @throws IllegalStateException if the ECU is closed and no request is left
     * @throws NullPointerException if {@code timeout} is null
     */
    public Request nextRequest(Duration timeout) {
        return pollRequest(timeout).orElseThrow(() -> new AssertionError(
                "the ECU " + address() + " got no request within " + timeout.toMillis() + " ms"));
    }

    /**
     * Takes the oldest request not yet taken, waiting for one if there is none; empty if none came in time.
     *
     * @param timeout how long to wait at most (zero: only a request already there)
     * @return the request, or empty if none came within {@code timeout}
     * @throws AssertionError if the thread was interrupted while waiting (its interrupt status is set again)
     * @throws IllegalStateException if the ECU is closed and no request is left
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Request> pollRequest(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (queue) {
            while (true) {
                Request r = queue.pollFirst();
                if (r != null) {
                    return Optional.of(r);
                }
                if (closed) {
                    throw new IllegalStateException("the ECU " + address() + " is closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(queue, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a request", e);
                }
            }
        }
    }

    /**
     * Checks that no request comes for a while (e.g. after an answer that should have satisfied the tester).
     *
     * @param quiet how long to watch
     * @throws AssertionError if a request was queued or came within {@code quiet} (the message shows it; it stays
     *         taken), or the thread was interrupted
     * @throws NullPointerException if {@code quiet} is null
     */
    public void expectNoRequest(Duration quiet) {
        Optional<Request> r = pollRequest(quiet);
        if (r.isPresent()) {
            throw new AssertionError("the ECU " + address() + " expected no request within " + quiet.toMillis()
                    + " ms, got " + r.get());
        }
    }

    /**
     * Sends a PDU nobody asked for, on the physical channel (its tx id), and waits until it has left: every frame
     * is on the bus, a multi-frame PDU with the tester's flow control. {@link Request#answer} is the same send.
     *
     * @param pdu the PDU, 1 byte or more (not changed)
     * @throws IOException what the ECU's channel met, as the kernel's socket reports it: e.g.
     *         {@code FlowControlTimeoutException} if the tester sent no flow control within 1 s,
     *         {@code SocketClosedException} if the ECU was closed
     * @throws IllegalArgumentException if {@code pdu} is empty or longer than the channel's largest PDU
     * @throws NullPointerException if {@code pdu} is null
     */
    public void send(byte[] pdu) throws IOException {
        send(pdu, new Fault[0]);
    }

    /**
     * Sends a PDU as {@link #send(byte[])} does, committing {@code faults} on this transfer only (beside those given
     * to the builder): e.g. {@code send(pdu, Fault.dropConsecutiveFrame(3))}. Waits until the PDU has left.
     *
     * @param pdu the PDU, 1 byte or more (not changed)
     * @param faults faults that act on an answer's frames: {@link Fault#wrongSequenceNumber()},
     *        {@link Fault#badPadding()}, {@link Fault#cutOffAfter(int)}, {@link Fault#dropConsecutiveFrame(int)},
     *        {@link Fault#delay(Duration)}
     * @throws IOException what the ECU's channel met (see {@link #send(byte[])})
     * @throws IllegalArgumentException if {@code pdu} is empty or too long, or a fault acts on flow control
     *         (noFlowControl, overflow, waitFrames: those go to the builder); nothing is sent
     * @throws NullPointerException if {@code pdu}, the array or a fault is null
     */
    public void send(byte[] pdu, Fault... faults) throws IOException {
        Objects.requireNonNull(pdu, "pdu");
        List<Fault> once = Fault.forAnswer(faults);
        Duration wait = delay.plus(Fault.delayOf(once));
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted during the delay fault of " + this);
            }
        }
        sendLock.lock();               // the transfer's faults hold while this send runs, and for no other send
        try {
            view.transferFaults(once);
            physical.send(pdu);
        } finally {
            view.transferFaults(List.of());
            sendLock.unlock();
        }
    }

    /**
     * Errors the ECU's own channels met while receiving, e.g. the N_Cr timeout after a request the tester broke
     * off; the ECU goes on receiving after each, except after {@code DeviceGoneException} (its interface was removed:
     * that channel receives nothing more). They are the test's doing, so they do not fail the test.
     *
     * @return a copy, oldest first (the first 1000)
     */
    public List<IOException> errors() {
        synchronized (queue) {
            return List.copyOf(errors.subList(0, Math.min(1000, errors.size())));
        }
    }

    /**
     * The physical channel's address.
     *
     * @return its address: {@code rxid} the physical request id, {@code txid} the response id
     */
    public Address address() {
        return physical.address();
    }

    /**
     * The functional id the ECU listens on too.
     *
     * @return the id, without CAN_EFF_FLAG; empty for an ECU that listens physically only
     */
    public OptionalInt functionalId() {
        return functional == null ? OptionalInt.empty() : OptionalInt.of(functional.address().rxid());
    }

    /**
     * The bus the ECU is on, e.g. to record an error of code built on the ECU ({@link VirtualCanBus#reportError}).
     *
     * @return the bus given to the builder
     */
    public VirtualCanBus bus() {
        return bus;
    }

    /**
     * The ECU's physical channel, e.g. to read its options.
     *
     * @return the socket, open until {@link #close()}
     */
    public IsoTpSocket socket() {
        return physical;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the ECU's channels: a send or answer still running ends with {@code SocketClosedException}, and a
     * thread waiting in {@link #nextRequest} gets {@link IllegalStateException} once the queue is empty.
     */
    @Override
    public void close() {
        closed = true;
        bus.closed(this);
        physical.close();
        if (functional != null) {
            functional.close();
        }
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "ScriptedEcu[" + physical.address() + (functional == null ? "" : ", functional "
                + hexId(functional.address().rxid())) + "]";
    }

    /** A request the ECU received; answer it any number of times, from any thread. */
    public final class Request {
        private final byte[] pdu;
        private final boolean isFunctional;

        private Request(byte[] pdu, boolean isFunctional) {
            this.pdu = pdu;
            this.isFunctional = isFunctional;
        }

        /**
         * The request's bytes.
         *
         * @return a copy of the PDU
         */
        public byte[] bytes() {
            return pdu.clone();
        }

        /**
         * Whether the request came on the functional id.
         *
         * @return true if it came on the ECU's functional id, false on its physical request id
         */
        public boolean functional() {
            return isFunctional;
        }

        /**
         * Whether the request starts with these bytes.
         *
         * @param prefix the first bytes, e.g. {@code 0x22, 0xF1, 0x90}
         * @return true if the request is at least that long and begins with them
         */
        public boolean startsWith(int... prefix) {
            if (pdu.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((pdu[i] & 0xFF) != (prefix[i] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Sends one answer on the physical channel and waits until it has left (see {@link ScriptedEcu#send}).
         * Call it again for a further answer (e.g. {@code 7F 22 78}, then the final one); not calling it leaves the
         * request unanswered.
         *
         * @param answer the answer PDU, 1 byte or more (not changed)
         * @return this request, for the next answer
         * @throws IOException what the ECU's channel met, e.g. {@code FlowControlTimeoutException} or
         *         {@code SocketClosedException}
         * @throws IllegalArgumentException if {@code answer} is empty or longer than the channel's largest PDU
         * @throws NullPointerException if {@code answer} is null
         */
        public Request answer(byte[] answer) throws IOException {
            send(answer);
            return this;
        }

        /**
         * Sends one answer committing {@code faults} on its transfer only, e.g.
         * {@code answer(pdu, Fault.dropConsecutiveFrame(3))} (see {@link ScriptedEcu#send(byte[], Fault...)}).
         *
         * @param answer the answer PDU, 1 byte or more (not changed)
         * @param faults faults that act on an answer's frames (wrongSequenceNumber, badPadding, cutOffAfter,
         *        dropConsecutiveFrame, delay)
         * @return this request, for the next answer
         * @throws IOException what the ECU's channel met, e.g. {@code SocketClosedException}
         * @throws IllegalArgumentException if {@code answer} is empty or too long, or a fault acts on flow control
         * @throws NullPointerException if {@code answer}, the array or a fault is null
         */
        public Request answer(byte[] answer, Fault... faults) throws IOException {
            send(answer, faults);
            return this;
        }

        /** The request in hex, e.g. {@code 22F190} (functional ones marked). */
        @Override
        public String toString() {
            return HexFormat.of().withUpperCase().formatHex(pdu) + (isFunctional ? " (functional)" : "");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request && Arrays.equals(((Request) o).pdu, pdu) && ((Request) o).isFunctional == isFunctional;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pdu) * 31 + (isFunctional ? 1 : 0);
        }
    }

    /** Opens a {@link ScriptedEcu}. */
    public static final class Builder {
        private final VirtualCanBus bus;
        private final IsoTpConfig config;
        private OptionalInt functionalId;
        private final List<Fault> faults = new ArrayList<>();

        private Builder(VirtualCanBus bus, IsoTpConfig config, OptionalInt functionalId) {
            this.bus = Objects.requireNonNull(bus, "bus");
            this.config = Objects.requireNonNull(config, "config");
            if (config.generalOptions().sfBroadcast() || config.generalOptions().cfBroadcast()) {
                throw new IllegalArgumentException("an ECU's channel has neither sfBroadcast nor cfBroadcast (such a "
                        + "socket receives nothing): give its physical ids, and listenFunctional(id) for a functional id");
            }
            this.functionalId = functionalId;
        }

        /**
         * Listens on a functional id too (e.g. 0x7DF), beside the physical request id; answers still go out on the
         * physical channel.
         *
         * @param id the functional id, as wide as the ECU's mode (NORMAL_11: 0-0x7FF; NORMAL_29: 0-0x1FFFFFFF)
         * @return this builder
         * @throws IllegalArgumentException if the ECU's mode is not NORMAL_11 or NORMAL_29, or the id is out of range
         */
        public Builder listenFunctional(int id) {
            AddressingMode mode = config.address().mode();
            if (mode != AddressingMode.NORMAL_11 && mode != AddressingMode.NORMAL_29) {
                throw new IllegalArgumentException("an ECU listens on a functional id in NORMAL_11 or NORMAL_29 (or "
                        + "built by mirroring or responder), not in " + mode);
            }
            Address.builder(mode).rxid(id).txid(config.address().txid()).build(); // the validator's words if wrong
            functionalId = OptionalInt.of(id);
            return this;
        }

        /**
         * Commits these faults on every transfer, in addition to any given before (see {@link Fault}).
         *
         * @param faults the faults
         * @return this builder
         * @throws NullPointerException if the array or one of the faults is null
         */
        public Builder fault(Fault... faults) {
            for (Fault f : faults) {
                this.faults.add(Objects.requireNonNull(f, "fault"));
            }
            return this;
        }

        IsoTpConfig config() {
            return config;
        }

        VirtualCanBus bus() {
            return bus;
        }

        /**
         * Opens the ECU's channels on the bus and starts receiving. The ECU's N_Cr is 1 s, as the kernel's, plus
         * the time its WAIT frames take.
         *
         * @return the running ECU; close it to stop it
         * @throws IOException if a channel cannot be opened (e.g. {@code NoSuchInterfaceException} for an interface
         *         the bus does not have)
         */
        public ScriptedEcu open() throws IOException {
            Duration delay = Duration.ZERO;
            Duration extraNcr = Duration.ZERO;
            for (Fault f : faults) {
                if (f.kind == Fault.Kind.DELAY) {
                    delay = delay.plus(f.duration);
                }
                if (f.kind == Fault.Kind.WAIT_FRAMES) {
                    // its own N_Cr runs from the withheld clear-to-send: give it the time the WAIT frames take
                    extraNcr = extraNcr.plus(f.duration.multipliedBy(f.count));
                }
            }
            EngineOptions options = EngineOptions.builder().nCr(Duration.ofSeconds(1).plus(extraNcr)).build();
            AddressingMode mode = config.address().mode();
            FaultyBus view = new FaultyBus(bus, List.copyOf(faults), mode.extendedAddressing());
            Backend backend = Backend.engine(view).with(options);
            IsoTpSocket physical = IsoTpSocket.open(config.toBuilder().backend(backend).build());
            IsoTpSocket functional = null;
            if (functionalId.isPresent()) {
                try {
                    Address f = Address.builder(functionalMode(mode)).rxid(functionalId.getAsInt())
                            .txid(config.address().txid()).build();
                    functional = IsoTpSocket.open(config.toBuilder().address(f).backend(backend).build());
                } catch (IOException | RuntimeException e) {
                    physical.close();
                    throw e;
                }
            }
            return new ScriptedEcu(bus, view, physical, functional, delay);
        }
    }
}
