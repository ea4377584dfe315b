package dev.isotp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.ToDoubleFunction;

/** The measurements of all rounds, and the files made of them: results.md, results.svg, results.tsv. */
final class Results {
    /** One result line of a peer: tput {pdus, nanos}, lat {count, median ns, p99 ns}, pairs {pdus, nanos}. */
    record Sample(String task, long a, long b, long c) {
        double rate() {
            return a / (b / 1e9);
        }
    }

    static final List<String> PEERS = List.of(BenchMain.C, BenchMain.C_POLL, JavaPeers.SOCKET_BUFFER, JavaPeers.SOCKET_BYTES,
            JavaPeers.GENERATED, JavaPeers.JAVACAN, BenchMain.PYTHON);
    static final List<String> OURS = List.of(JavaPeers.SOCKET_BUFFER, JavaPeers.SOCKET_BYTES, JavaPeers.GENERATED);
    static final int[] MAIN_SIZES = {64, 1024, 4095, 8192};
    static final int HEADLINE_SIZE = 4095;

    private final int kernelMax;
    private final int pairsSize;
    private final Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    private final Map<String, double[]> allocation = new LinkedHashMap<>();
    private Map<String, String> environment = Map.of();

    Results(int kernelMax, int pairsSize) {
        this.kernelMax = kernelMax;
        this.pairsSize = pairsSize;
    }

    void describe(Map<String, String> environment) {
        this.environment = environment;
    }

    synchronized void add(String peer, Sample sample) {
        samples.computeIfAbsent(peer, k -> new LinkedHashMap<>()).computeIfAbsent(sample.task(), k -> new ArrayList<>())
                .add(sample);
    }

    void allocation(String peer, int size, double bytesPerPdu) {
        double[] a = allocation.computeIfAbsent(peer, k -> new double[] {Double.NaN, Double.NaN});
        a[size == 64 ? 0 : 1] = bytesPerPdu;
    }

    // ---------------------------------------------------------------- figures

    /**
     * The best round's figure of one task (the highest rate, the lowest time); NaN when not measured. On a shared,
     * emulated host other work only ever slows a round down, by up to ten times, in phases: the best round is the one
     * closest to the undisturbed cost, where a median would still mix disturbed rounds into the figure.
     */
    double best(String peer, String task, ToDoubleFunction<Sample> figure, boolean higherIsBetter) {
        List<Sample> list = samples.getOrDefault(peer, Map.of()).get(task);
        if (list == null || list.isEmpty()) {
            return Double.NaN;
        }
        double[] v = list.stream().mapToDouble(figure).sorted().toArray();
        return higherIsBetter ? v[v.length - 1] : v[0];
    }

    double throughput(String peer, int size) {
        return best(peer, "tput:" + size, Sample::rate, true);
    }

    double latencyMedian(String peer) {
        return best(peer, BenchMain.LATENCY, s -> s.b() / 1e3, false);
    }

    double latencyP99(String peer) {
        return best(peer, BenchMain.LATENCY, s -> s.c() / 1e3, false);
    }

    double pairs(String peer, int n) {
        return best(peer, "pairs:" + n + ":" + pairsSize, Sample::rate, true);
    }

    List<String> peers() {
        List<String> p = new ArrayList<>();
        for (String name : PEERS) {
            if (samples.containsKey(name)) {
                p.add(name);
            }
        }
        return p;
    }

    int[] sizes() {
        return Arrays.stream(new int[] {7, 64, 256, 1024, 4095, 8192, 32768, kernelMax}).distinct().toArray();
    }

    // ---------------------------------------------------------------- files

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("results.md"), markdown());
        Files.writeString(dir.resolve("results.svg"), new Plot(this, environment).svg());
        Files.writeString(dir.resolve("results.tsv"), tsv());
    }

    int pairsSize() {
        return pairsSize;
    }

    Map<String, String> environment() {
        return environment;
    }

    private String tsv() {
        StringBuilder b = new StringBuilder("peer\ttask\tround\ta\tb\tc\n");
        for (Entry<String, Map<String, List<Sample>>> p : samples.entrySet()) {
            for (Entry<String, List<Sample>> t : p.getValue().entrySet()) {
                int round = 1;
                for (Sample s : t.getValue()) {
                    b.append(p.getKey()).append('\t').append(t.getKey()).append('\t').append(round++).append('\t')
                            .append(s.a()).append('\t').append(s.b()).append('\t').append(s.c()).append('\n');
                }
            }
        }
        return b.toString();
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append("Written by `benchmarks/run.sh`. Numbers come from an emulated machine (QEMU without hardware\n"
                + "acceleration, on a host shared with other work): emulation slows every absolute number many times,\n"
                + "and unevenly; the ratios between peers measured in the same run are what compare.\n"
                + "All Java peers run in one JVM limited to the C1 compiler (`-XX:TieredStopAtLevel=1`, because C2 crashes\n"
                + "under the emulator): this caps the JIT quality equally for every Java peer.\n\n");
        b.append(Environment.markdown(environment)).append('\n');

        List<String> peers = peers();
        double cHeadline = throughput(BenchMain.C, HEADLINE_SIZE);
        double cLatency = latencyMedian(BenchMain.C);
        b.append("## Throughput and latency\n\n");
        b.append("Throughput: one thread sends a PDU on channel A and receives it on channel B (both on vcan0, one process),\n"
                + "in PDUs per second. Latency: round trip of an 8-byte request to a responder thread answering 64 bytes.\n"
                + "Allocation: bytes allocated per send + receive (thread allocation counter), 64 B / 4095 B PDUs.\n"
                + "`" + BenchMain.C_POLL + "` is the C peer making IsoTpSocket's syscalls (poll(2) on the socket and its eventfd\n"
                + "before each recv(2)): C to it is the price of a receive that close() can wake; it to IsoTpSocket is the\n"
                + "price of the Java side (JNA calls, checks, locks).\n\n");
        b.append("| peer |");
        for (int size : MAIN_SIZES) {
            b.append(' ').append(sizeName(size)).append(" PDU/s |");
        }
        b.append(" 4095 B payload | 4095 B vs C | latency median | latency p99 | median vs C | p99 vs C | allocated B/PDU |\n");
        b.append("|---|").append("---:|".repeat(MAIN_SIZES.length)).append("---:|---:|---:|---:|---:|---:|---:|\n");
        for (String peer : peers) {
            b.append("| ").append(peer).append(" |");
            for (int size : MAIN_SIZES) {
                b.append(' ').append(number(throughput(peer, size))).append(" |");
            }
            double t = throughput(peer, HEADLINE_SIZE);
            b.append(' ').append(bytes(t * HEADLINE_SIZE)).append("/s |");
            b.append(' ').append(ratio(t / cHeadline)).append(" |");
            b.append(' ').append(micros(latencyMedian(peer))).append(" |");
            b.append(' ').append(micros(latencyP99(peer))).append(" |");
            b.append(' ').append(ratio(latencyMedian(peer) / cLatency)).append(" |");
            b.append(' ').append(ratio(latencyP99(peer) / latencyP99(BenchMain.C))).append(" |");
            double[] a = allocation.get(peer);
            b.append(' ').append(a == null ? "-" : alloc(a[0]) + " / " + alloc(a[1])).append(" |\n");
        }
        b.append("\n").append(goals()).append('\n');

        b.append("## Throughput against PDU size\n\nPDUs per second (payload per second); `-` = the peer cannot send this size.\n\n| size |");
        for (String peer : peers) {
            b.append(' ').append(peer).append(" |");
        }
        b.append('\n').append("|---:|").append("---:|".repeat(peers.size())).append('\n');
        for (int size : sizes()) {
            b.append("| ").append(size).append(" B |");
            for (String peer : peers) {
                double t = throughput(peer, size);
                b.append(' ').append(Double.isNaN(t) ? "-" : number(t) + " (" + bytes(t * size) + "/s)").append(" |");
            }
            b.append('\n');
        }

        b.append("\n## Scaling with concurrent channel pairs\n\nN threads, each sending and receiving ").append(pairsSize)
                .append("-byte PDUs on its own pair of channels on vcan0, measured over the same window: total PDUs per\n"
                        + "second, and in brackets the wall time per PDU relative to one pair (1.00: no gain over one pair; 1/N: N pairs\n"
                        + "run fully in parallel; above 1: concurrency costs). The VM has the vCPUs listed above.\n\n| pairs |");
        List<String> scaled = peers.stream().filter(p -> !Double.isNaN(pairs(p, 1))).toList();
        for (String peer : scaled) {
            b.append(' ').append(peer).append(" |");
        }
        b.append('\n').append("|---:|").append("---:|".repeat(scaled.size())).append('\n');
        for (int n : BenchMain.PAIRS) {
            b.append("| ").append(n).append(" |");
            for (String peer : scaled) {
                double r = pairs(peer, n);
                b.append(' ').append(number(r)).append(" (").append(ratio(pairs(peer, 1) / r)).append(") |");
            }
            b.append('\n');
        }
        b.append("\nEvery round's figures: `results.tsv` (tput and pairs: PDUs, ns; lat: samples, median ns, p99 ns).\n");
        return b.toString();
    }

    private String goals() {
        StringBuilder b = new StringBuilder("### Goals\n\n");
        double cT = throughput(BenchMain.C, HEADLINE_SIZE);
        double cL = latencyMedian(BenchMain.C);
        for (String peer : OURS) {
            if (!samples.containsKey(peer)) {
                continue;
            }
            double t = throughput(peer, HEADLINE_SIZE) / cT;
            double l = latencyMedian(peer) / cL;
            b.append("- ").append(peer).append(": throughput ").append(ratio(t)).append(" of C (goal >= 0.95: ")
                    .append(t >= 0.95 ? "met" : "missed").append("), latency ").append(ratio(l))
                    .append(" of C (goal <= 1.10: ").append(l <= 1.10 ? "met" : "missed").append(")");
            for (String other : List.of(JavaPeers.JAVACAN, BenchMain.PYTHON)) {
                boolean ahead = throughput(peer, HEADLINE_SIZE) > throughput(other, HEADLINE_SIZE)
                        && latencyMedian(peer) < latencyMedian(other);
                b.append("; ahead of ").append(other).append(" on both: ").append(ahead ? "yes" : "no");
            }
            b.append('\n');
        }
        double[] a = allocation.get(JavaPeers.SOCKET_BUFFER);
        if (a != null) {
            b.append("- ByteBuffer path allocation: ").append(alloc(a[0])).append(" / ").append(alloc(a[1]))
                    .append(" bytes per PDU (goal 0: ").append(a[0] == 0 && a[1] == 0 ? "met" : "missed").append(")\n");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- formatting

    static String sizeName(int size) {
        return size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MB", v / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", v / 1e3);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String micros(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f µs", v);
    }

    static String alloc(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
