package dev.isotp.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of paired ratios: which slices pair, medians and quartiles, what is marked unsteady. */
class PairedTest {
    private static final double EPS = 1e-9;

    /** A tput slice of {@code rate} PDU/s: rate PDUs in one second. */
    private static Paired.Slice slice(String task, int cycle, int slot, String peer, long rate) {
        return new Paired.Slice(task, cycle, slot, peer, new Results.Sample(task, rate, 1_000_000_000L, -1));
    }

    @Test
    void aSliceIsDividedByTheMeanOfTheReferenceSlicesEitherSide() {
        List<Paired.Slice> slices = List.of(
                slice("tput:7", 0, 0, "C", 100), slice("tput:7", 0, 1, "X", 90), slice("tput:7", 0, 2, "C", 80),
                slice("tput:7", 0, 3, "Y", 45), slice("tput:7", 0, 4, "C", 100));
        List<Paired.Ratio> ratios = Paired.ratios(slices, "C", Results.RATE);
        assertEquals(2, ratios.size());
        assertEquals("X", ratios.get(0).peer());
        assertEquals(90 / 90.0, ratios.get(0).value(), EPS);
        assertEquals(100 / 80.0, ratios.get(0).flanks(), EPS);
        assertEquals("Y", ratios.get(1).peer());
        assertEquals(45 / 90.0, ratios.get(1).value(), EPS);
        assertFalse(ratios.get(1).wide());
    }

    @Test
    void aRatioWhoseReferenceSlicesDisagreeByMoreThanOneAndAHalfIsWideAndStillCounts() {
        List<Paired.Slice> slices = List.of(
                slice("tput:7", 0, 0, "C", 100), slice("tput:7", 0, 1, "X", 50), slice("tput:7", 0, 2, "C", 20),
                slice("tput:7", 1, 0, "C", 100), slice("tput:7", 1, 1, "X", 50), slice("tput:7", 1, 2, "C", 100),
                slice("tput:7", 2, 0, "C", 100), slice("tput:7", 2, 1, "X", 60), slice("tput:7", 2, 2, "C", 100),
                slice("tput:7", 3, 0, "C", 100), slice("tput:7", 3, 1, "X", 55), slice("tput:7", 3, 2, "C", 100));
        List<Paired.Ratio> ratios = Paired.ratios(slices, "C", Results.RATE);
        assertTrue(ratios.get(0).wide());
        assertEquals(50 / 60.0, ratios.get(0).value(), EPS);
        Paired.Summary s = Paired.summarize(ratios, "X");
        assertEquals(4, s.n());
        assertEquals(1, s.wide());
        assertEquals(0.575, s.median(), EPS); // 0.50, 0.55, 0.60, 0.83
        assertEquals(0.50, s.min(), EPS);
        assertEquals(50 / 60.0, s.max(), EPS);
        assertFalse(s.unsteady());
    }

    @Test
    void slicesPairOnlyWithinTheirCycleAndTask() {
        List<Paired.Slice> slices = List.of(
                slice("tput:7", 0, 0, "C", 100), slice("tput:7", 0, 1, "X", 80),
                slice("lat:8:64", 0, 0, "C", 10), slice("tput:7", 1, 0, "X", 70), slice("tput:7", 1, 1, "C", 50));
        List<Paired.Ratio> ratios = Paired.ratios(slices, "C", Results.RATE);
        assertEquals(2, ratios.size());
        assertEquals(0.8, ratios.get(0).value(), EPS); // only C before it in cycle 0: that one
        assertEquals(1.0, ratios.get(0).flanks(), EPS);
        assertEquals(1.4, ratios.get(1).value(), EPS); // only C after it in cycle 1
    }

    @Test
    void aSliceWithoutReferenceInItsCycleGivesNoRatio() {
        assertTrue(Paired.ratios(List.of(slice("tput:7", 0, 0, "X", 80)), "C", Results.RATE).isEmpty());
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, Paired.quantile(v, 0.5), EPS);
        assertEquals(1.75, Paired.quantile(v, 0.25), EPS);
        assertEquals(3.25, Paired.quantile(v, 0.75), EPS);
        assertEquals(1, Paired.quantile(v, 0), EPS);
        assertEquals(4, Paired.quantile(v, 1), EPS);
        assertEquals(7, Paired.quantile(new double[] {7}, 0.25), EPS);
        assertTrue(Double.isNaN(Paired.quantile(new double[0], 0.5)));
    }

    @Test
    void summaryOfOddCountAndItsFormat() {
        Paired.Summary s = Paired.summarize(List.of(0.9, 0.5, 0.7, 0.6, 0.8), 2);
        assertEquals(0.7, s.median(), EPS);
        assertEquals(0.6, s.q1(), EPS);
        assertEquals(0.8, s.q3(), EPS);
        assertEquals("0.70 (IQR 0.60-0.80; 0.50-0.90; n 5, 2 wide)", s.format());
        assertEquals("0.70 (IQR 0.60-0.80; 0.50-0.90; n 5)", Paired.summarize(List.of(0.9, 0.5, 0.7, 0.6, 0.8), -1).format());
        assertEquals("0.70", s.brief());
    }

    @Test
    void aWideInterquartileRangeIsMarkedUnsteady() {
        Paired.Summary s = Paired.summarize(List.of(0.4, 0.5, 0.9, 1.0, 1.1), 0);
        assertEquals(0.5, s.q1(), EPS);
        assertEquals(1.0, s.q3(), EPS);
        assertTrue(s.unsteady());
        assertTrue(s.format().endsWith(" ⚠"));
        assertEquals("0.90 ⚠ (not judged: unsteady)", Results.judge(s, true, 0.95));
    }

    @Test
    void tooFewRatiosAreMarked() {
        assertTrue(Paired.summarize(List.of(1.0, 1.0), 0).unsteady());
        assertFalse(Paired.summarize(List.of(1.0, 1.0, 1.0), 3).unsteady());
        assertTrue(Paired.summarize(List.of(1.0, Double.NaN, 1.0), 0).unsteady());
        assertEquals("-", Paired.summarize(List.of(), 0).format());
        assertEquals("- (not measured)", Results.judge(Paired.summarize(List.of(), 0), true, 1));
    }

    @Test
    void goalsAreJudgedOnTheMedian() {
        Paired.Summary s = Paired.summarize(List.of(0.94, 0.96, 0.97), 0);
        assertEquals("0.96 (met)", Results.judge(s, true, 0.95));
        assertEquals("0.96 (missed)", Results.judge(s, false, 0.95));
    }

    @Test
    void quotientsComparePeersThroughTheReferenceWithinEachCycle() {
        List<Paired.Slice> slices = new ArrayList<>();
        // cycle 0: host fast; cycle 1: host four times slower: the quotient stays the same
        long[] c = {100, 25};
        for (int cycle = 0; cycle < 2; cycle++) {
            slices.add(slice("tput:7", cycle, 0, "C", c[cycle]));
            slices.add(slice("tput:7", cycle, 1, "X", c[cycle] * 9 / 10));
            slices.add(slice("tput:7", cycle, 2, "C", c[cycle]));
            slices.add(slice("tput:7", cycle, 3, "J", c[cycle] * 6 / 10));
            slices.add(slice("tput:7", cycle, 4, "C", c[cycle]));
        }
        List<Double> q = Paired.quotients(Paired.ratios(slices, "C", Results.RATE), "X", "J");
        assertEquals(2, q.size());
        assertEquals(1.5, q.get(0), EPS);
        assertEquals(22.0 / 15.0, q.get(1), EPS); // 22/25 over 15/25 (integer PDUs)
    }

    @Test
    void theResultsFileGivesTheSameResultsAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Results results = new Results(66000, 1024);
        results.describe(new java.util.LinkedHashMap<>(java.util.Map.of("JIT", "C2 (test)")));
        for (int cycle = 0; cycle < 3; cycle++) {
            results.slice(slice("tput:7", cycle, 0, BenchMain.C, 100));
            results.slice(slice("tput:7", cycle, 1, JavaPeers.SOCKET_BUFFER, 70 + cycle));
            results.slice(slice("tput:7", cycle, 2, BenchMain.C, 100));
        }
        results.add(BenchMain.C, new Results.Sample("tput:64", 50, 1_000_000_000L, 7));
        results.allocation(JavaPeers.SOCKET_BUFFER, 64, 0);
        results.allocation(JavaPeers.SOCKET_BUFFER, 4095, 0);
        results.syscalls(BenchMain.C, "tput:7", 100, java.util.Map.of("sendto", 100L, "recvfrom", 100L));
        results.scale("platform", 1000, new long[] {1, 2, 3, 4, 5, 6, 7});
        results.scaleFailed("async", 100, "failed (exit code 1)");
        results.write(dir);
        String first = java.nio.file.Files.readString(dir.resolve("results.md"));
        String tsv = java.nio.file.Files.readString(dir.resolve("results.tsv"));
        assertTrue(first.contains("0.71 (IQR 0.71-0.72; 0.70-0.72; n 3, 0 wide)"), first);
        Results.main(new String[] {dir.toString()});
        assertEquals(first, java.nio.file.Files.readString(dir.resolve("results.md")));
        assertEquals(tsv, java.nio.file.Files.readString(dir.resolve("results.tsv")));
    }

    @Test
    void latencyAndCpuFiguresComeFromTheirFields() {
        Results.Sample lat = new Results.Sample("lat:8:64", 1000, 250_000, 900_000);
        assertEquals(250, Results.LAT_MEDIAN.applyAsDouble(lat), EPS);
        assertEquals(900, Results.LAT_P99.applyAsDouble(lat), EPS);
        assertEquals(20, Results.CPU.applyAsDouble(new Results.Sample("tput:7", 1000, 1_000_000_000L, 20_000)), EPS);
        assertTrue(Double.isNaN(Results.CPU.applyAsDouble(new Results.Sample("tput:7", 1000, 1_000_000_000L, -1))));
    }
}
