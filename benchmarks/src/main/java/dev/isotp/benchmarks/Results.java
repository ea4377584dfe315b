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
            JavaPeers.GENERATED, JavaPeers.JAVACAN, BenchMain.PYTHON, JavaPeers.SOCKET_BUFFER_EPOLL);
    static final List<String> OURS = List.of(JavaPeers.SOCKET_BUFFER, JavaPeers.SOCKET_BYTES, JavaPeers.GENERATED);
    static final int[] MAIN_SIZES = {7, 64, 1024, 4095};
    /** Where the library's cost per PDU shows: a single frame, little kernel work. */
    static final int HEADLINE_SIZE = 7;

    private final int kernelMax;
    private final int pairsSize;
    private final Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    private final Map<String, double[]> allocation = new LinkedHashMap<>();
    /** peer -> task -> {PDUs (round trips for lat), calls by syscall name}. */
    private final Map<String, Map<String, Map<String, Long>>> syscalls = new LinkedHashMap<>();
    private final Map<String, Long> syscallPdus = new LinkedHashMap<>();
    /** mode -> pairs -> {pdus, nanos, threads, fds, rss, heap, direct}. */
    private final Map<String, Map<Integer, long[]>> scale = new LinkedHashMap<>();
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

    synchronized void syscalls(String peer, String task, long pdus, Map<String, Long> calls) {
        syscalls.computeIfAbsent(peer, k -> new LinkedHashMap<>()).put(task, calls);
        syscallPdus.put(peer + "\t" + task, pdus);
    }

    synchronized void scale(String mode, int pairs, long[] values) {
        scale.computeIfAbsent(mode, k -> new LinkedHashMap<>()).put(pairs, values);
    }

    // ---------------------------------------------------------------- figures

    /** CPU time (user + system, whole process) per PDU of the tput task, in µs: the best round's. */
    double cpuPerPdu(String peer, int size) {
        List<Sample> list = samples.getOrDefault(peer, Map.of()).get("tput:" + size);
        if (list == null) {
            return Double.NaN;
        }
        return list.stream().filter(s -> s.c() >= 0).mapToDouble(s -> s.c() / 1e3 / s.a()).min().orElse(Double.NaN);
    }

    /**
     * Traced syscalls per PDU (per round trip for the latency task); NaN when not measured or when the two windows
     * give no usable difference (the longer one made no more PDUs, or no more calls: a run disturbed by the host).
     */
    double syscallsPerPdu(String peer, String task) {
        Map<String, Long> calls = usableCalls(peer, task);
        if (calls == null) {
            return Double.NaN;
        }
        return calls.values().stream().mapToLong(Long::longValue).sum() / (double) syscallPdus.get(peer + "\t" + task);
    }

    /** The calls of the difference of the two windows, or null when there is none or it is not usable. */
    private Map<String, Long> usableCalls(String peer, String task) {
        Map<String, Long> calls = syscalls.getOrDefault(peer, Map.of()).get(task);
        Long pdus = syscallPdus.get(peer + "\t" + task);
        if (calls == null || pdus == null || pdus <= 0 || calls.values().stream().mapToLong(Long::longValue).sum() <= 0) {
            return null;
        }
        return calls;
    }

    private String syscallMix(String peer, String task) {
        Map<String, Long> calls = usableCalls(peer, task);
        if (calls == null) {
            return "-";
        }
        long pdus = syscallPdus.get(peer + "\t" + task);
        StringBuilder b = new StringBuilder();
        calls.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .filter(e -> e.getValue() / (double) pdus >= 0.01).forEach(e -> b.append(b.length() > 0 ? ", " : "")
                        .append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.2f", e.getValue() / (double) pdus)));
        return b.toString();
    }

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
                + "`" + BenchMain.C_POLL + "` is the C peer waiting as IsoTpSocket did before (poll(2) on the socket and an\n"
                + "eventfd before each recv(2)). CPU: user + system time of the whole process per PDU of the 7 B task.\n"
                + "Syscalls: see below.\n\n");
        b.append("| peer |");
        for (int size : MAIN_SIZES) {
            b.append(' ').append(sizeName(size)).append(" PDU/s |");
        }
        b.append(" 7 B vs C | 7 B vs JavaCAN | latency median | latency p99 | median vs C | p99 vs C | 7 B CPU µs/PDU (vs C) | syscalls/PDU queued | syscalls/round trip | allocated B/PDU |\n");
        b.append("|---|").append("---:|".repeat(MAIN_SIZES.length)).append("---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String peer : peers) {
            b.append("| ").append(peer).append(" |");
            for (int size : MAIN_SIZES) {
                b.append(' ').append(number(throughput(peer, size))).append(" |");
            }
            double t = throughput(peer, HEADLINE_SIZE);
            b.append(' ').append(ratio(t / cHeadline)).append(" |");
            b.append(' ').append(ratio(t / throughput(JavaPeers.JAVACAN, HEADLINE_SIZE))).append(" |");
            b.append(' ').append(micros(latencyMedian(peer))).append(" |");
            b.append(' ').append(micros(latencyP99(peer))).append(" |");
            b.append(' ').append(ratio(latencyMedian(peer) / cLatency)).append(" |");
            b.append(' ').append(ratio(latencyP99(peer) / latencyP99(BenchMain.C))).append(" |");
            double cpu = cpuPerPdu(peer, HEADLINE_SIZE);
            b.append(' ').append(Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.1f (%.2f)", cpu,
                    cpu / cpuPerPdu(BenchMain.C, HEADLINE_SIZE))).append(" |");
            b.append(' ').append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(0)))).append(" |");
            b.append(' ').append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(1)))).append(" |");
            double[] a = allocation.get(peer);
            b.append(' ').append(a == null ? "-" : alloc(a[0]) + " / " + alloc(a[1])).append(" |\n");
        }
        b.append("\n").append(goals()).append('\n');
        b.append(syscallSection()).append(scaleSection());

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
        double jT = throughput(JavaPeers.JAVACAN, HEADLINE_SIZE);
        double cL = latencyMedian(BenchMain.C);
        double jL = latencyMedian(JavaPeers.JAVACAN);
        double jP = latencyP99(JavaPeers.JAVACAN);
        for (String peer : OURS) {
            if (!samples.containsKey(peer)) {
                continue;
            }
            double t = throughput(peer, HEADLINE_SIZE);
            double l = latencyMedian(peer);
            double p = latencyP99(peer);
            b.append("- ").append(peer).append(": 7 B throughput ").append(ratio(t / cT)).append(" of C (goal >= 0.95: ")
                    .append(met(t / cT >= 0.95)).append("), ").append(ratio(t / jT)).append(" of JavaCAN (goal >= 1: ")
                    .append(met(t >= jT)).append("); latency median ").append(ratio(l / cL)).append(" of C (goal <= 1.05: ")
                    .append(met(l / cL <= 1.05)).append("), ").append(ratio(l / jL)).append(" of JavaCAN (goal <= 1: ")
                    .append(met(l <= jL)).append("); p99 ").append(ratio(p / jP)).append(" of JavaCAN (goal <= 1: ")
                    .append(met(p <= jP)).append(")\n");
        }
        double[] a = allocation.get(JavaPeers.SOCKET_BUFFER);
        if (a != null) {
            b.append("- ByteBuffer path allocation: ").append(alloc(a[0])).append(" / ").append(alloc(a[1]))
                    .append(" bytes per PDU (goal 0: ").append(met(a[0] == 0 && a[1] == 0)).append(")\n");
        }
        double cS = syscallsPerPdu(BenchMain.C, Syscalls.TASKS.get(0));
        for (String peer : OURS) {
            double s = syscallsPerPdu(peer, Syscalls.TASKS.get(0));
            if (!Double.isNaN(s)) {
                b.append("- ").append(peer).append(": ").append(ratio(s)).append(" syscalls per queued PDU, C ")
                        .append(ratio(cS)).append(" (goal equal: ").append(met(Math.abs(s - cS) < 0.05)).append(")\n");
            }
        }
        return b.toString();
    }

    private static String met(boolean met) {
        return met ? "met" : "missed";
    }

    private String syscallSection() {
        if (syscalls.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Syscalls per PDU\n\n`strace -f -c --seccomp-bpf -e trace=" + Syscalls.TRACED
                + "` around two runs of the task (a window of a third and a whole), each in a process of its own without warm-up:\n"
                + "the difference of the counts over the difference of the PDUs, so the calls of starting a process drop out. tput:7: one thread sends on A and receives on B, so the PDU is queued\n"
                + "when the receive comes; lat:8:64: per round trip (two PDUs: both peers are in the process), receives wait.\n\n"
                + "| peer | tput:7 per PDU | calls | lat:8:64 per round trip | calls |\n|---|---:|---|---:|---|\n");
        for (String peer : syscalls.keySet()) {
            b.append("| ").append(peer).append(" | ").append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(0)))).append(" | ")
                    .append(syscallMix(peer, Syscalls.TASKS.get(0))).append(" | ")
                    .append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(1)))).append(" | ")
                    .append(syscallMix(peer, Syscalls.TASKS.get(1))).append(" |\n");
        }
        return b.append('\n').toString();
    }

    private String scaleSection() {
        if (scale.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Many channels in one process\n\n`Scale`: N channel pairs on vcan0 (2N sockets),"
                + " one worker per pair (or, async, a chain of futures) sending 7 B on A and receiving it on B,\neach run in a JVM of its own: total PDUs per"
                + " second over the window, platform threads alive during it, and per open\nchannel (socket): descriptors,"
                + " resident memory, Java heap after GC, direct buffers.\n\n"
                + "| workers | pairs | PDU/s | platform threads | fds/channel | RSS/channel | heap/channel | direct/channel |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Entry<String, Map<Integer, long[]>> m : scale.entrySet()) {
            for (Entry<Integer, long[]> e : m.getValue().entrySet()) {
                long[] v = e.getValue();
                double channels = 2.0 * e.getKey();
                String workers = m.getKey().equals("async") ? "none (CompletableFuture chains)" : m.getKey() + " threads";
                b.append("| ").append(workers).append(" | ").append(e.getKey()).append(" | ")
                        .append(number(v[0] / (v[1] / 1e9))).append(" | ").append(v[2]).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", v[3] / channels)).append(" | ")
                        .append(bytes(v[4] / channels)).append(" | ").append(bytes(v[5] / channels)).append(" | ")
                        .append(bytes(v[6] / channels)).append(" |\n");
            }
        }
        return b.append('\n').toString();
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
