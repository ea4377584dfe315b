package dev.isotp.microbenchmarks;

import dev.isotp.IsoTpConfig;
import dev.isotp.AddressingMode;
import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Problem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * What checking a configuration costs: {@link IsoTpConfig.Builder#build()} (every rule of the validator, then the
 * immutable configuration), and the {@link ConfigValidator} alone on a valid and on a broken configuration (the
 * problems and their messages).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConfigBenchmark {
    @Benchmark
    public IsoTpConfig buildClassic() {
        return IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).bs(8).stmin(5).build();
    }

    @Benchmark
    public IsoTpConfig buildCanFdPadded() {
        return IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.NORMAL_29).rxid(0x18DAF110L).txid(0x18DA10F1L).canFd(true).txDataLength(64)
                .txPadding(0xCC).rxPadding(0xCC).checkPaddingLength(true).waitTxDone(true).build();
    }

    @Benchmark
    public List<Problem> validatorValid() {
        return new ConfigValidator().iface("vcan0")
                .address(AddressingMode.NORMAL_11, 0x7E8L, 0x7E0L, null, null, null, false, false)
                .flowControl(8, 5, 0).linkLayer(false, 8, false).receive(1000, 4096).request(2000).problems();
    }

    @Benchmark
    public List<Problem> validatorFourProblems() {
        // an 11-bit id above 0x7FF, rxid == txid after that, a reserved STmin, a CAN FD length on a classic link
        return new ConfigValidator().iface("vcan0")
                .address(AddressingMode.NORMAL_11, 0x800L, 0x800L, null, null, null, false, false)
                .flowControl(8, 0x80, 0).linkLayer(false, 64, false).receive(1000, 4096).request(2000).problems();
    }
}
