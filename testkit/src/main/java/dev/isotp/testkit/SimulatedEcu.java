package dev.isotp.testkit;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.EngineOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A scripted ECU on a {@link VirtualCanBus}: it receives requests on its own ISO-TP channel (the same engine as the
 * channel under test) and answers them as scripted, by exact request or by prefix, committing the {@link Fault}s it
 * was given.
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
 * <p>A request no rule matches gets no answer. What the ECU received is in {@link #requests()}, the errors its own
 * channel met (e.g. the timeout that follows a fault it committed) in {@link #errors()}.
 */
public final class SimulatedEcu implements AutoCloseable {
    private final IsoTpSocket socket;
    private final List<Rule> rules;
    private final Duration delay;
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final List<IOException> errors = new CopyOnWriteArrayList<>();
    private final Thread worker;

    private SimulatedEcu(IsoTpSocket socket, List<Rule> rules, Duration delay) {
        this.socket = socket;
        this.rules = rules;
        this.delay = delay;
        this.worker = new Thread(this::serve, "simulated-ecu-" + socket.address());
        worker.setDaemon(true);
        worker.start();
    }

    /** An ECU with exactly this configuration (its rx id is the tester's tx id, and so on). */
    public static Builder on(VirtualCanBus bus, IsoTpConfig config) {
        return new Builder(bus, config);
    }

    /**
     * The ECU a tester with {@code testerConfig} talks to: the same interface, mode, link layer, padding and flow
     * control, with the ids (or target and source address) swapped; a functional tester is answered physically.
     */
    public static Builder mirroring(VirtualCanBus bus, IsoTpConfig testerConfig) {
        return new Builder(bus, testerConfig.toBuilder().address(mirror(testerConfig.address())).backend(null)
                .receiveTimeoutMillis(0).build());
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

    /** The requests received so far, oldest first. */
    public List<byte[]> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** Errors the ECU's own channel met, e.g. the timeout after a flow control it withheld. */
    public List<IOException> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** The ECU's channel. */
    public IsoTpSocket socket() {
        return socket;
    }

    private void serve() {
        while (!socket.isClosed()) {
            byte[] request;
            try {
                request = socket.receive();
            } catch (SocketClosedException e) {
                return;
            } catch (IOException e) {
                errors.add(e);
                continue;
            }
            requests.add(request);
            byte[] answer = answer(request);
            if (answer == null || answer.length == 0) {
                continue;
            }
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
                }
                socket.send(answer);
            } catch (SocketClosedException e) {
                return;
            } catch (IOException e) {
                errors.add(e);
            } catch (InterruptedException e) {
                return;
            }
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

    /** Stops the ECU and closes its channel. */
    @Override
    public void close() {
        socket.close();
        worker.interrupt();
    }

    @Override
    public String toString() {
        return "SimulatedEcu[" + socket + "]";
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
        private final VirtualCanBus bus;
        private final IsoTpConfig config;
        private final List<Rule> rules = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();

        private Builder(VirtualCanBus bus, IsoTpConfig config) {
            this.bus = Objects.requireNonNull(bus, "bus");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Answers exactly {@code request} with {@code response}. */
        public Builder answer(byte[] request, byte[] response) {
            byte[] copy = response.clone();
            rules.add(new Rule(request, false, r -> copy));
            return this;
        }

        /** Answers every request that starts with {@code prefix} with what {@code answer} returns (null: no answer). */
        public Builder answerPrefix(byte[] prefix, UnaryOperator<byte[]> answer) {
            rules.add(new Rule(prefix, true, answer));
            return this;
        }

        /** Answers every request no earlier rule matched. */
        public Builder otherwise(UnaryOperator<byte[]> answer) {
            rules.add(new Rule(new byte[0], true, answer));
            return this;
        }

        /** Commits these faults (see {@link Fault} for what the tester then gets). */
        public Builder fault(Fault... faults) {
            this.faults.addAll(Arrays.asList(faults));
            return this;
        }

        /**
         * Opens the ECU's channel on the bus and starts answering.
         *
         * @throws IOException if the channel cannot be opened (e.g. no such interface on the bus)
         */
        public SimulatedEcu start() throws IOException {
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
            IsoTpConfig ecuConfig = config.toBuilder().backend(dev.isotp.Backend.engine(view).with(options))
                    .receiveTimeoutMillis(0).build();
            return new SimulatedEcu(IsoTpSocket.open(ecuConfig), List.copyOf(rules), delay);
        }
    }
}
