package dev.isotp.microbenchmarks;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpChannels;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.testkit.SimulatedEcu;
import dev.isotp.testkit.VirtualCanBus;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The generated client's own cost: one request and its answer (7 bytes each way, single frames) on the test kit's
 * virtual bus, answered by a {@link SimulatedEcu}, through the generated {@code IsoTp_BenchEcu} ({@code byte[]} and
 * through a codec) and, as the baseline, through an {@link IsoTpSocket} on the same bus (send, then receive). The
 * difference between the client and the socket is what the client adds (the turn, the request's semantics, the
 * codec); the bus and the engine are the same for both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientBenchmark {
    static final byte[] REQUEST = {0x22, (byte) 0xF1, (byte) 0x90, 1, 2, 3, 4};
    static final byte[] ANSWER = {0x62, (byte) 0xF1, (byte) 0x90, 5, 6, 7, 8};

    /** A bus with an ECU that answers every request with {@link #ANSWER}. */
    @State(Scope.Benchmark)
    public static class Bus {
        VirtualCanBus bus;
        IsoTpConfig config;
        SimulatedEcu ecu;

        @Setup(Level.Trial)
        public void start() throws IOException {
            bus = VirtualCanBus.create().addInterface("vcan0");
            config = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(2000)
                    .backend(bus.backend()).build();
            ecu = SimulatedEcu.mirroring(bus, config).otherwise(request -> ANSWER).keepRequests(0).start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            ecu.close();
            bus.close();
        }
    }

    /** The generated client on that bus. */
    @State(Scope.Benchmark)
    public static class Client {
        BenchEcu ecu;

        @Setup(Level.Trial)
        public void open(Bus bus) throws IOException {
            ecu = IsoTpChannels.open(BenchEcu.class, ChannelOverrides.backend(bus.bus.backend()));
        }

        @TearDown(Level.Trial)
        public void close() {
            ecu.close();
        }
    }

    /** A plain socket on that bus, with the client's configuration. */
    @State(Scope.Benchmark)
    public static class Socket {
        IsoTpSocket socket;

        @Setup(Level.Trial)
        public void open(Bus bus) throws IOException {
            socket = IsoTpSocket.open(bus.config);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }
    }

    static final Reading READING = new Reading(0xF190, new byte[] {1, 2, 3, 4});

    @Benchmark
    public byte[] socketSendReceive(Socket s) throws IOException {
        s.socket.send(REQUEST);
        return s.socket.receive();
    }

    @Benchmark
    public byte[] clientRequest(Client c) throws IOException {
        return c.ecu.request(REQUEST);
    }

    @Benchmark
    public Reading clientRequestWithCodec(Client c) throws IOException {
        return c.ecu.read(READING);
    }
}
