package dev.isotp.microbenchmarks;

import dev.isotp.IsoTpConfig;
import dev.isotp.support.ChannelSupport;
import dev.isotp.testkit.VirtualCanBus;
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
 * A {@link dev.isotp.PayloadCodec} round trip (encode, then decode what it made): the codec called directly, and
 * through {@link ChannelSupport#encode}/{@link ChannelSupport#decode}, the calls a generated client makes around a
 * user's codec (they turn what a codec throws into a {@code PayloadCodecException}). The difference is the runtime's
 * part.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CodecBenchmark {
    private final ReadingCodec codec = new ReadingCodec();
    private final Reading reading = new Reading(0xF190, "WVWZZZ1JZXW000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private VirtualCanBus bus;
    private ChannelSupport support;

    @Setup(Level.Trial)
    public void open() throws java.io.IOException {
        bus = VirtualCanBus.create().addInterface("vcan0");
        support = ChannelSupport.open("BenchEcu",
                IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).backend(bus.backend()).build());
    }

    @TearDown(Level.Trial)
    public void close() {
        support.close();
        bus.close();
    }

    @Benchmark
    public Reading direct() {
        return codec.decode(codec.encode(reading));
    }

    @Benchmark
    public Reading throughChannelSupport() {
        return support.decode(codec, support.encode(codec, reading, "read"), "read");
    }
}
