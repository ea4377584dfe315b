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
    private final Map<String, String> scaleFailures = new LinkedHashMap<>();
    /** The slices of the paired phase, in time order. */
    private final List<Paired.Slice> slices = new ArrayList<>();
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

    synchronized void slice(Paired.Slice slice) {
        slices.add(slice);
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

    /** A many-channel configuration that did not complete: its row says why. */
    synchronized void scaleFailed(String mode, int pairs, String why) {
        scale.computeIfAbsent(mode, k -> new LinkedHashMap<>()).put(pairs, null);
        scaleFailures.put(mode + "\t" + pairs, why);
    }

    // ---------------------------------------------------------------- figures

    /** CPU time (user + system, whole process) per PDU of the tput task, in µs: the median round's. */
    double cpuPerPdu(String peer, int size) {
        List<Sample> list = samples.getOrDefault(peer, Map.of()).get("tput:" + size);
        if (list == null) {
            return Double.NaN;
        }
        return Paired.quantile(list.stream().filter(s -> s.c() >= 0).mapToDouble(s -> s.c() / 1e3 / s.a()).sorted().toArray(), 0.5);
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
     * The median of one task's figure over the rounds (NaN when not measured); where the rounds did not run the task,
     * the median over its paired slices. An absolute figure of a shared, emulated host: see {@link #roundRatio} and
     * {@link #paired} for what compares.
     */
    double median(String peer, String task, ToDoubleFunction<Sample> figure) {
        List<Sample> list = samples.getOrDefault(peer, Map.of()).get(task);
        if (list == null || list.isEmpty()) {
            list = slices.stream().filter(s -> s.peer().equals(peer) && s.task().equals(task)).map(Paired.Slice::sample).toList();
        }
        return Paired.ofSamples(list, figure).median();
    }

    /**
     * The ratio of a peer's figure to C's within each round (both measured in the same round, tens of seconds apart
     * at most), summarized over the rounds: never one peer's best round against another's.
     */
    Paired.Summary roundRatio(String peer, String task, ToDoubleFunction<Sample> figure, String reference) {
        List<Sample> mine = samples.getOrDefault(peer, Map.of()).getOrDefault(task, List.of());
        List<Sample> theirs = samples.getOrDefault(reference, Map.of()).getOrDefault(task, List.of());
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(mine.size(), theirs.size()); round++) {
            ratios.add(figure.applyAsDouble(mine.get(round)) / figure.applyAsDouble(theirs.get(round)));
        }
        return Paired.summarize(ratios, -1);
    }

    /** The paired ratios (see {@link Paired}) of a peer to C, or to another peer through C, for one task. */
    Paired.Summary paired(String peer, String task, ToDoubleFunction<Sample> figure, String other) {
        List<Paired.Slice> ofTask = slices.stream().filter(s -> s.task().equals(task)).toList();
        List<Paired.Ratio> ratios = Paired.ratios(ofTask, BenchMain.C, figure);
        if (other.equals(BenchMain.C)) {
            return Paired.summarize(ratios, peer);
        }
        return Paired.summarize(Paired.quotients(ratios, peer, other), -1);
    }

    /** The median ratio to C: of the paired slices where the task was paired, else of the rounds; 1 for C. */
    double ratioToC(String peer, String task, ToDoubleFunction<Sample> figure) {
        if (peer.equals(BenchMain.C)) {
            return 1;
        }
        return (hasSlices(peer, task) ? paired(peer, task, figure, BenchMain.C) : roundRatio(peer, task, figure, BenchMain.C)).median();
    }

    boolean hasSlices(String peer, String task) {
        return slices.stream().anyMatch(s -> s.peer().equals(peer) && s.task().equals(task));
    }

    static final ToDoubleFunction<Sample> RATE = Sample::rate;
    static final ToDoubleFunction<Sample> LAT_MEDIAN = s -> s.b() / 1e3;
    static final ToDoubleFunction<Sample> LAT_P99 = s -> s.c() / 1e3;
    /** CPU ns per PDU; NaN where the peer does not report it. */
    static final ToDoubleFunction<Sample> CPU = s -> s.c() < 0 ? Double.NaN : s.c() / (double) s.a();

    double throughput(String peer, int size) {
        return median(peer, "tput:" + size, RATE);
    }

    double latencyMedian(String peer) {
        return median(peer, BenchMain.LATENCY, LAT_MEDIAN);
    }

    double latencyP99(String peer) {
        return median(peer, BenchMain.LATENCY, LAT_P99);
    }

    double pairs(String peer, int n) {
        return median(peer, "pairs:" + n + ":" + pairsSize, RATE);
    }

    List<String> peers() {
        List<String> p = new ArrayList<>();
        for (String name : PEERS) {
            if (samples.containsKey(name) || slices.stream().anyMatch(s -> s.peer().equals(name))) {
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

    /**
     * Every figure measured, one per line, from which {@link #read} makes the same results again: the paired slices
     * (phase {@code slice}, round = cycle, slot = place in the cycle, in time order) and the rounds (phase
     * {@code round}, slot -), whose a, b, c are: tput and pairs PDUs, ns, CPU ns; lat samples, median ns, p99 ns.
     * Then {@code allocation} (peer, PDU size, bytes per PDU in a), {@code syscalls} (peer, task, PDUs in a, name=count
     * list in b), {@code scale} (workers, pairs, the values in a), {@code env} (key in peer, value in task) and
     * {@code meta} (kernelMax, pairsSize).
     */
    private synchronized String tsv() {
        StringBuilder b = new StringBuilder("phase\tpeer\ttask\tround\tslot\ta\tb\tc\n");
        for (Paired.Slice s : slices) {
            b.append("slice\t").append(s.peer()).append('\t').append(s.task()).append('\t').append(s.cycle() + 1).append('\t')
                    .append(s.slot()).append('\t').append(s.sample().a()).append('\t').append(s.sample().b()).append('\t')
                    .append(s.sample().c()).append('\n');
        }
        for (Entry<String, Map<String, List<Sample>>> p : samples.entrySet()) {
            for (Entry<String, List<Sample>> t : p.getValue().entrySet()) {
                int round = 1;
                for (Sample s : t.getValue()) {
                    b.append("round\t").append(p.getKey()).append('\t').append(t.getKey()).append('\t').append(round++)
                            .append("\t-\t").append(s.a()).append('\t').append(s.b()).append('\t').append(s.c()).append('\n');
                }
            }
        }
        for (Entry<String, double[]> a : allocation.entrySet()) {
            b.append("allocation\t").append(a.getKey()).append("\t64\t-\t-\t").append(a.getValue()[0]).append("\t-\t-\n");
            b.append("allocation\t").append(a.getKey()).append("\t4095\t-\t-\t").append(a.getValue()[1]).append("\t-\t-\n");
        }
        for (Entry<String, Map<String, Map<String, Long>>> p : syscalls.entrySet()) {
            for (Entry<String, Map<String, Long>> t : p.getValue().entrySet()) {
                StringBuilder calls = new StringBuilder();
                t.getValue().forEach((name, n) -> calls.append(calls.length() > 0 ? "," : "").append(name).append('=').append(n));
                b.append("syscalls\t").append(p.getKey()).append('\t').append(t.getKey()).append("\t-\t-\t")
                        .append(syscallPdus.getOrDefault(p.getKey() + "\t" + t.getKey(), 0L)).append('\t').append(calls.length() > 0 ? calls : "-")
                        .append("\t-\n");
            }
        }
        for (Entry<String, Map<Integer, long[]>> m : scale.entrySet()) {
            for (Entry<Integer, long[]> e : m.getValue().entrySet()) {
                b.append("scale\t").append(m.getKey()).append('\t').append(e.getKey()).append("\t-\t-\t")
                        .append(e.getValue() == null ? "-" : Arrays.stream(e.getValue()).mapToObj(Long::toString)
                                .collect(java.util.stream.Collectors.joining(",")))
                        .append('\t').append(e.getValue() == null ? scaleFailures.get(m.getKey() + "\t" + e.getKey()) : "-")
                        .append("\t-\n");
            }
        }
        environment.forEach((k, v) -> b.append("env\t").append(k).append('\t').append(v.replace('\t', ' ')).append("\t-\t-\t-\t-\t-\n"));
        b.append("meta\tkernelMax\t").append(kernelMax).append("\t-\t-\t-\t-\t-\n");
        b.append("meta\tpairsSize\t").append(pairsSize).append("\t-\t-\t-\t-\t-\n");
        return b.toString();
    }

    /** The results of a results.tsv, as {@link #tsv} wrote them. */
    static Results read(Path tsv) throws IOException {
        List<String[]> rows = Files.readAllLines(tsv).stream().skip(1).map(l -> l.split("\t", -1)).toList();
        int kernelMax = 0;
        int pairsSize = 1024;
        for (String[] r : rows) {
            if (r[0].equals("meta")) {
                if (r[1].equals("kernelMax")) {
                    kernelMax = Integer.parseInt(r[2]);
                } else if (r[1].equals("pairsSize")) {
                    pairsSize = Integer.parseInt(r[2]);
                }
            }
        }
        Results results = new Results(kernelMax, pairsSize);
        Map<String, String> env = new LinkedHashMap<>();
        for (String[] r : rows) {
            switch (r[0]) {
                case "slice" -> results.slice(new Paired.Slice(r[2], Integer.parseInt(r[3]) - 1, Integer.parseInt(r[4]), r[1],
                        new Sample(r[2], Long.parseLong(r[5]), Long.parseLong(r[6]), Long.parseLong(r[7]))));
                case "round" -> results.add(r[1], new Sample(r[2], Long.parseLong(r[5]), Long.parseLong(r[6]), Long.parseLong(r[7])));
                case "allocation" -> results.allocation(r[1], Integer.parseInt(r[2]), Double.parseDouble(r[5]));
                case "syscalls" -> {
                    Map<String, Long> calls = new LinkedHashMap<>();
                    if (!r[6].equals("-")) {
                        for (String c : r[6].split(",")) {
                            String[] kv = c.split("=");
                            calls.put(kv[0], Long.parseLong(kv[1]));
                        }
                    }
                    results.syscalls(r[1], r[2], Long.parseLong(r[5]), calls);
                }
                case "scale" -> {
                    if (r[5].equals("-")) {
                        results.scaleFailed(r[1], Integer.parseInt(r[2]), r[6]);
                    } else {
                        results.scale(r[1], Integer.parseInt(r[2]), Arrays.stream(r[5].split(",")).mapToLong(Long::parseLong).toArray());
                    }
                }
                case "env" -> env.put(r[1], r[2]);
                default -> {
                }
            }
        }
        results.describe(env);
        return results;
    }

    /** {@code Results DIR}: writes DIR's results.md and results.svg again from its results.tsv. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        read(dir.resolve("results.tsv")).write(dir);
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append("Written by `benchmarks/run.sh`. Numbers come from an emulated machine (QEMU without hardware\n"
                + "acceleration, on a host shared with other work): emulation slows every absolute number many times,\n"
                + "and unevenly, from one second to the next. Ratios are therefore taken between figures measured side by\n"
                + "side in time (paired slices, or the same round), never between one peer's best and another's.\n"
                + "The JIT of the Java peers: see `JIT` below.\n\n");
        b.append(Environment.markdown(environment)).append('\n');
        b.append(pairedSection());

        List<String> peers = samples.keySet().isEmpty() ? List.of() : peers().stream().filter(samples::containsKey).toList();
        if (!peers.isEmpty()) {
            b.append("## Throughput and latency, in rounds\n\n");
            b.append("Each round runs every peer once, each task for the measured window, the order rotated from round to round.\n"
                    + "Figures: the median over the rounds. Ratios: a peer's figure over C's of the same round, the median over the\n"
                    + "rounds (with the range in the tables of the paired section above, where the task was paired).\n"
                    + "Throughput: one thread sends a PDU on channel A and receives it on channel B (both on vcan0, one process),\n"
                    + "in PDUs per second. Latency: round trip of an 8-byte request to a responder thread answering 64 bytes.\n"
                    + "Allocation: bytes allocated per send + receive (thread allocation counter), 64 B / 4095 B PDUs.\n"
                    + "`" + BenchMain.C_POLL + "` is the C peer waiting as IsoTpSocket did before (poll(2) on the socket and an\n"
                    + "eventfd before each recv(2)). CPU: user + system time of the whole process per PDU of the 7 B task.\n"
                    + "Syscalls: see below.\n\n");
            b.append("| peer |");
            for (int size : MAIN_SIZES) {
                b.append(' ').append(sizeName(size)).append(" PDU/s |");
            }
            b.append(" 7 B vs C (rounds) | latency median | latency p99 | median vs C (rounds) | 7 B CPU µs/PDU (vs C, rounds) |\n");
            b.append("|---|").append("---:|".repeat(MAIN_SIZES.length)).append("---:|---:|---:|---:|---:|\n");
            for (String peer : peers) {
                b.append("| ").append(peer).append(" |");
                for (int size : MAIN_SIZES) {
                    b.append(' ').append(number(throughput(peer, size))).append(" |");
                }
                b.append(' ').append(roundRatio(peer, "tput:" + HEADLINE_SIZE, RATE, BenchMain.C).format()).append(" |");
                b.append(' ').append(micros(latencyMedian(peer))).append(" |");
                b.append(' ').append(micros(latencyP99(peer))).append(" |");
                b.append(' ').append(roundRatio(peer, BenchMain.LATENCY, LAT_MEDIAN, BenchMain.C).format()).append(" |");
                double cpu = cpuPerPdu(peer, HEADLINE_SIZE);
                b.append(' ').append(Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.1f (%s)", cpu,
                        roundRatio(peer, "tput:" + HEADLINE_SIZE, CPU, BenchMain.C).brief())).append(" |\n");
            }
            b.append('\n');
        }
        b.append(perPeerSection());
        b.append(goals()).append('\n');
        b.append(syscallSection()).append(scaleSection());
        if (!peers.isEmpty()) {
            b.append(roundsBySize(peers));
        }
        b.append("\nEvery figure: `results.tsv` (phase slice or round; tput and pairs: PDUs, ns, CPU ns; lat: samples, median ns,\n"
                + "p99 ns).\n");
        return b.toString();
    }

    /** The rounds' figures against PDU size and against concurrent channel pairs (medians over the rounds). */
    private String roundsBySize(List<String> peers) {
        StringBuilder b = new StringBuilder();
        b.append("## Throughput against PDU size\n\nPDUs per second (payload per second), the median over the rounds; `-` = the peer\n"
                + "cannot send this size.\n\n| size |");
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
                        + "second (the median over the rounds), and in brackets the wall time per PDU relative to one pair (1.00: no gain over one pair; 1/N: N pairs\n"
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
        return b.toString();
    }

    /**
     * The paired phase: per paired task, each peer's absolute figure over its slices and its ratios to C (and to
     * JavaCAN through C), each with its spread.
     */
    private String pairedSection() {
        List<String> tasks = slices.stream().map(Paired.Slice::task).distinct().toList();
        if (tasks.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Paired in time\n\n");
        b.append("The peers alternate in short slices, C between every two others (C, X, C, Y, C, ...; the others' order rotated\n"
                + "each cycle), so that each slice of a peer has C measured just before and just after it, seconds apart, on the\n"
                + "same host. Each slice gives one ratio: the peer's figure over the mean of those two C slices. A figure below is\n"
                + "the median of those ratios, with the interquartile range (IQR), the lowest and highest, the number of ratios\n"
                + "(n) and of those whose two C slices disagreed by more than " + Paired.UNSTEADY + "x (wide: the host changed speed\n"
                + "within seconds; they count like the others). \"vs JavaCAN\": per cycle, the peer's ratio to C over JavaCAN's\n"
                + "ratio to C in the same cycle, median over the cycles. ⚠ marks a figure whose IQR spans more than "
                + Paired.UNSTEADY + "x (or\nof fewer than " + Paired.MIN_RATIOS + " ratios): too noisy to judge a goal by. "
                + "Absolute figures: the median over the slices, with\nthe IQR; they follow the host's load, the ratios much less. "
                + "Every slice: `results.tsv`.\n\n");
        for (String task : tasks) {
            boolean tput = task.startsWith("tput:");
            List<String> peers = peers().stream().filter(p -> hasSlices(p, task)).toList();
            b.append("### ").append(task).append(tput ? ": throughput" : ": round-trip latency").append("\n\n");
            if (tput) {
                b.append("| peer | PDU/s (IQR) | vs C | vs JavaCAN | CPU per PDU vs C |\n|---|---:|---:|---:|---:|\n");
            } else {
                b.append("| peer | median µs (IQR) | median vs C | median vs JavaCAN | p99 µs (IQR) | p99 vs C | p99 vs JavaCAN |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
            }
            for (String peer : peers) {
                List<Sample> own = slices.stream().filter(s -> s.peer().equals(peer) && s.task().equals(task))
                        .map(Paired.Slice::sample).toList();
                boolean c = peer.equals(BenchMain.C);
                boolean javaCan = peer.equals(JavaPeers.JAVACAN);
                b.append("| ").append(peer).append(" | ");
                if (tput) {
                    b.append(absolute(Paired.ofSamples(own, RATE), 1)).append(" | ")
                            .append(c ? "1" : paired(peer, task, RATE, BenchMain.C).format()).append(" | ")
                            .append(c || javaCan ? "-" : paired(peer, task, RATE, JavaPeers.JAVACAN).format()).append(" | ")
                            .append(c ? "1" : paired(peer, task, CPU, BenchMain.C).format()).append(" |\n");
                } else {
                    b.append(absolute(Paired.ofSamples(own, LAT_MEDIAN), 1)).append(" | ")
                            .append(c ? "1" : paired(peer, task, LAT_MEDIAN, BenchMain.C).format()).append(" | ")
                            .append(c || javaCan ? "-" : paired(peer, task, LAT_MEDIAN, JavaPeers.JAVACAN).format()).append(" | ")
                            .append(absolute(Paired.ofSamples(own, LAT_P99), 1)).append(" | ")
                            .append(c ? "1" : paired(peer, task, LAT_P99, BenchMain.C).format()).append(" | ")
                            .append(c || javaCan ? "-" : paired(peer, task, LAT_P99, JavaPeers.JAVACAN).format()).append(" |\n");
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** An absolute figure: median (IQR q1-q3), with the mark when its IQR spans more than 1.5x. */
    private static String absolute(Paired.Summary s, double scale) {
        if (s.n() == 0) {
            return "-";
        }
        return number(s.median() * scale) + " (" + number(s.q1() * scale) + "-" + number(s.q3() * scale) + ")"
                + (s.q3() / s.q1() > Paired.UNSTEADY ? " ⚠" : "");
    }

    /** Per peer: CPU, syscalls and allocation, where measured. */
    private String perPeerSection() {
        if (syscalls.isEmpty() && allocation.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Syscalls and allocation per PDU\n\n"
                + "| peer | syscalls/PDU queued | syscalls/round trip | allocated B/PDU (64 B / 4095 B) |\n|---|---:|---:|---:|\n");
        for (String peer : peers()) {
            double[] a = allocation.get(peer);
            b.append("| ").append(peer).append(" | ").append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(0)))).append(" | ")
                    .append(ratio(syscallsPerPdu(peer, Syscalls.TASKS.get(1)))).append(" | ")
                    .append(a == null ? "-" : alloc(a[0]) + " / " + alloc(a[1])).append(" |\n");
        }
        return b.append('\n').toString();
    }

    /** The goals, judged on the paired ratios only; an unsteady ratio judges nothing. */
    private String goals() {
        StringBuilder b = new StringBuilder("### Goals\n\n"
                + "Judged on the paired ratios above (medians), under the emulator; ⚠ = too noisy to judge.\n\n");
        String tput = "tput:" + HEADLINE_SIZE;
        for (String peer : OURS) {
            if (!hasSlices(peer, tput) && !hasSlices(peer, BenchMain.LATENCY)) {
                continue;
            }
            b.append("- ").append(peer).append(": 7 B throughput ")
                    .append(judge(paired(peer, tput, RATE, BenchMain.C), true, 0.95)).append(" of C (goal >= 0.95), ")
                    .append(judge(paired(peer, tput, RATE, JavaPeers.JAVACAN), true, 1)).append(" of JavaCAN (goal >= 1); latency median ")
                    .append(judge(paired(peer, BenchMain.LATENCY, LAT_MEDIAN, BenchMain.C), false, 1.05)).append(" of C (goal <= 1.05), ")
                    .append(judge(paired(peer, BenchMain.LATENCY, LAT_MEDIAN, JavaPeers.JAVACAN), false, 1)).append(" of JavaCAN (goal <= 1); p99 ")
                    .append(judge(paired(peer, BenchMain.LATENCY, LAT_P99, JavaPeers.JAVACAN), false, 1)).append(" of JavaCAN (goal <= 1)\n");
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

    /** e.g. {@code 0.93 (missed)}, {@code 1.02 ⚠ (not judged: unsteady)}, {@code - (not measured)}. */
    static String judge(Paired.Summary s, boolean higherIsBetter, double goal) {
        if (s.n() == 0) {
            return "- (not measured)";
        }
        if (s.unsteady()) {
            return s.brief() + " (not judged: unsteady)";
        }
        boolean met = higherIsBetter ? s.median() >= goal : s.median() <= goal;
        return s.brief() + " (" + met(met) + ")";
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
                if (v == null) {
                    b.append("| ").append(workers).append(" | ").append(e.getKey()).append(" | ")
                            .append(scaleFailures.get(m.getKey() + "\t" + e.getKey())).append(" | - | - | - | - | - |\n");
                    continue;
                }
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
