package dev.isotp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the whole benchmark in one JVM inside the VM (see run.sh): the Java peers in this JVM, the C and Python peers
 * as child processes. First the paired phase (see {@link Paired}): the headline tasks in short slices that alternate
 * with C's, so that every ratio is taken between figures measured seconds apart; then the rounds of every task, whose
 * peer order rotates, with ratios taken within each round (see {@link Results#roundRatio}).
 *
 * <p>Tasks, the same for every peer:
 * <ul>
 * <li>{@code tput:SIZE}: one thread sends a SIZE-byte PDU on channel A and receives it on channel B, repeatedly;</li>
 * <li>{@code lat:8:64}: round trips of an 8-byte request to a responder thread that answers 64 bytes;</li>
 * <li>{@code pairs:N:SIZE}: N threads, each running tput on its own pair of channels, measured over one window.</li>
 * </ul>
 *
 * <pre>
 * BenchMain --out DIR --c PEER_BINARY --python PYTHON --python-peer SCRIPT
 *           [--iface vcan0] [--warmup-ms 500] [--duration-ms 1500] [--rounds 5] [--pairs-size 1024]
 *           [--slices 10] [--slice-ms 1000] [--slice-warmup-ms 200] [--jit-warmup-ms 8000]
 *           [--paired-tasks tput:7,lat:8:64]
 *           [--only TASK_PREFIX,...] [--peers PEER,...]   (for development: a part of the benchmark)
 * </pre>
 */
public final class BenchMain {
    static final String C = "C";
    /** The C peer making IsoTpSocket's syscalls: poll(2) on the socket and an eventfd before each recv(2). */
    static final String C_POLL = "C, poll + recv";
    static final String PYTHON = "Python";
    static final int[] PAIRS = {1, 2, 4, 8, 16};
    static final String LATENCY = "lat:8:64";

    private final Map<String, String> options;
    private final String iface;
    private final long warmupMs;
    private final long durationMs;
    private final int pairsSize;
    private final int kernelMax = JavaPeers.kernelMaxPduSize();
    private final Results results;

    private BenchMain(Map<String, String> options) {
        this.options = options;
        this.iface = options.getOrDefault("iface", "vcan0");
        this.warmupMs = Long.parseLong(options.getOrDefault("warmup-ms", "500"));
        this.durationMs = Long.parseLong(options.getOrDefault("duration-ms", "1500"));
        this.pairsSize = Integer.parseInt(options.getOrDefault("pairs-size", "1024"));
        this.results = new Results(kernelMax, pairsSize);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        BenchMain bench = new BenchMain(options);
        if (options.containsKey("single")) { // one task of one Java peer, e.g. under strace (see Syscalls)
            JavaPeer peer = JavaPeers.named(options.get("single"));
            System.out.println(bench.runJava(peer, options.get("task")));
            return;
        }
        bench.run();
    }

    int[] sizes() {
        return Arrays.stream(new int[] {7, 64, 256, 1024, 4095, 8192, 32768, kernelMax}).distinct().toArray();
    }

    private List<String> tasks(int maxPdu, boolean anyIds) {
        List<String> tasks = allTasks(maxPdu, anyIds);
        String only = options.get("only"); // development: e.g. --only tput:64,lat
        if (only != null) {
            List<String> prefixes = List.of(only.split(","));
            tasks.removeIf(t -> prefixes.stream().noneMatch(t::startsWith));
        }
        return tasks;
    }

    private List<String> allTasks(int maxPdu, boolean anyIds) {
        List<String> tasks = new ArrayList<>();
        for (int size : sizes()) {
            if (size <= maxPdu) {
                tasks.add("tput:" + size);
            }
        }
        tasks.add(LATENCY);
        if (anyIds) {
            for (int n : PAIRS) {
                tasks.add("pairs:" + n + ":" + pairsSize);
            }
        }
        return tasks;
    }

    private void run() throws Exception {
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        List<JavaPeer> javaPeers = new ArrayList<>(JavaPeers.all());
        List<String> order = new ArrayList<>(List.of(C, C_POLL, PYTHON));
        javaPeers.forEach(p -> order.add(p.name()));
        if (options.containsKey("peers")) { // a part: e.g. --peers "C,IsoTpSocket ByteBuffer"; comparisons only so
            javaPeers.addAll(JavaPeers.comparisons());
            JavaPeers.comparisons().forEach(p -> order.add(p.name()));
            order.retainAll(List.of(options.get("peers").split(",")));
        }
        results.describe(Environment.collect(options, warmupMs, durationMs, rounds));
        long start = System.nanoTime();
        pairedSlices(order, javaPeers, out);
        for (int round = 0; round < rounds; round++) {
            List<String> rotated = new ArrayList<>(order);
            java.util.Collections.rotate(rotated, -round);
            for (String name : rotated) {
                log("round " + (round + 1) + "/" + rounds + ": " + name);
                if (name.equals(C)) {
                    external(C, List.of(options.get("c")), Map.of(), kernelMax);
                } else if (name.equals(C_POLL)) {
                    external(C_POLL, List.of(options.get("c")), Map.of("ISOTP_PEER_POLL", "1"), kernelMax);
                } else if (name.equals(PYTHON)) {
                    external(PYTHON, List.of(options.get("python"), options.get("python-peer")), Map.of(), kernelMax);
                } else {
                    JavaPeer peer = javaPeers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
                    for (String task : tasks(peer.maxPduSize(), peer.anyIds())) {
                        results.add(name, parse(runJava(peer, task)));
                    }
                }
                results.write(out); // a run cut short still leaves what it measured
            }
        }
        for (JavaPeer peer : javaPeers) {
            if (!order.contains(peer.name())) {
                continue;
            }
            log("allocation: " + peer.name());
            for (int size : new int[] {64, 4095}) {
                results.allocation(peer.name(), size, allocationPerPdu(peer, size));
            }
        }
        results.write(out);
        if (!options.getOrDefault("strace", "").isEmpty()) {
            new Syscalls(this, options, results, out).measure(order, javaPeers);
            results.write(out);
        }
        if (!options.getOrDefault("scale", "").isEmpty()) {
            new Scale.Runner(options, results).measure();
            results.write(out);
        }
        log(String.format(java.util.Locale.ROOT, "done in %.0f s; results in %s", (System.nanoTime() - start) / 1e9, out));
    }

    // ---------------------------------------------------------------- paired slices

    /** The tasks whose ratios are paired in time (option paired-tasks, filtered like every task by --only). */
    private List<String> pairedTasks() {
        List<String> tasks = new ArrayList<>(List.of(options.getOrDefault("paired-tasks", "tput:7," + LATENCY).split(",")));
        String only = options.get("only");
        if (only != null) {
            List<String> prefixes = List.of(only.split(","));
            tasks.removeIf(t -> prefixes.stream().noneMatch(t::startsWith));
        }
        tasks.removeIf(String::isBlank);
        return tasks;
    }

    /**
     * Ratios paired in time (see {@link Paired}): for each paired task, every Java peer first runs it untimed for
     * jit-warmup-ms (its code compiled before it is measured), then {@code slices} cycles: C, then each other peer
     * with a C slice after it (C, X, C, Y, C, ...), the order of the others rotated each cycle; every slice is
     * slice-warmup-ms of warm-up and slice-ms measured, C and Python in a process of their own each time.
     */
    private void pairedSlices(List<String> order, List<JavaPeer> javaPeers, Path out) throws Exception {
        int cycles = Integer.parseInt(options.getOrDefault("slices", "10"));
        long sliceMs = Long.parseLong(options.getOrDefault("slice-ms", "1000"));
        long sliceWarmupMs = Long.parseLong(options.getOrDefault("slice-warmup-ms", "200"));
        long jitWarmupMs = Long.parseLong(options.getOrDefault("jit-warmup-ms", "8000"));
        if (cycles <= 0 || !order.contains(C)) {
            return;
        }
        List<String> others = new ArrayList<>(order);
        others.removeIf(p -> p.equals(C) || p.equals(C_POLL) && !options.containsKey("peers"));
        for (String task : pairedTasks()) {
            for (String name : others) {
                JavaPeer peer = javaPeer(javaPeers, name);
                if (peer != null) {
                    log("paired " + task + ": JIT warm-up of " + name + " (" + jitWarmupMs + " ms)");
                    runJava(peer, task, jitWarmupMs, 100);
                }
            }
            for (int cycle = 0; cycle < cycles; cycle++) {
                List<String> rotated = new ArrayList<>(others);
                java.util.Collections.rotate(rotated, -cycle);
                List<String> sequence = new ArrayList<>(List.of(C));
                rotated.forEach(p -> sequence.addAll(List.of(p, C)));
                log("paired " + task + ": cycle " + (cycle + 1) + "/" + cycles + ": " + String.join(", ", sequence));
                int slot = 0;
                for (String name : sequence) {
                    results.slice(new Paired.Slice(task, cycle, slot++, name, slice(javaPeers, name, task, sliceWarmupMs, sliceMs)));
                }
                results.write(out);
            }
        }
    }

    private static JavaPeer javaPeer(List<JavaPeer> javaPeers, String name) {
        return javaPeers.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private Results.Sample slice(List<JavaPeer> javaPeers, String name, String task, long warmup, long duration)
            throws Exception {
        List<Results.Sample> samples;
        if (name.equals(C)) {
            samples = external(C, List.of(options.get("c")), Map.of(), List.of(task), warmup, duration);
        } else if (name.equals(C_POLL)) {
            samples = external(C_POLL, List.of(options.get("c")), Map.of("ISOTP_PEER_POLL", "1"), List.of(task), warmup, duration);
        } else if (name.equals(PYTHON)) {
            samples = external(PYTHON, List.of(options.get("python"), options.get("python-peer")), Map.of(), List.of(task),
                    warmup, duration);
        } else {
            samples = List.of(parse(runJava(javaPeer(javaPeers, name), task, warmup, duration)));
        }
        if (samples.size() != 1) {
            throw new IOException(name + " gave " + samples.size() + " results for " + task);
        }
        return samples.get(0);
    }

    // ---------------------------------------------------------------- the C and Python peers

    String iface() {
        return iface;
    }

    long durationMs() {
        return durationMs;
    }

    private void external(String peer, List<String> command, Map<String, String> environment, int maxPdu)
            throws IOException, InterruptedException {
        for (Results.Sample sample : external(peer, command, environment, tasks(maxPdu, true), warmupMs, durationMs)) {
            results.add(peer, sample);
        }
    }

    /** Runs the C or Python peer on the given tasks; its results, one per task. */
    private List<Results.Sample> external(String peer, List<String> command, Map<String, String> environment,
            List<String> tasks, long warmup, long duration) throws IOException, InterruptedException {
        List<Results.Sample> samples = new ArrayList<>();
        List<String> cmd = new ArrayList<>(command);
        cmd.add(iface);
        cmd.add(Long.toString(warmup));
        cmd.add(Long.toString(duration));
        cmd.addAll(tasks);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                samples.add(parse(line));
            }
        }
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IOException(peer + " peer failed with exit code " + rc + ": " + String.join(" ", cmd));
        }
        return samples;
    }

    static Results.Sample parse(String line) {
        String[] f = line.trim().split(" ");
        switch (f[0]) {
            case "tput": // CPU ns: -1 where a peer does not report it
                return new Results.Sample("tput:" + f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
                        f.length > 4 ? Long.parseLong(f[4]) : -1);
            case "lat":
                return new Results.Sample("lat:" + f[1] + ":" + f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5]));
            case "pairs":
                return new Results.Sample("pairs:" + f[1] + ":" + f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), 0);
            default:
                throw new IllegalArgumentException("not a result line: " + line);
        }
    }

    // ---------------------------------------------------------------- the Java peers

    /** Runs one task with a Java peer; returns its result line in the C peer's format. */
    String runJava(JavaPeer peer, String task) throws Exception {
        return runJava(peer, task, warmupMs, durationMs);
    }

    /** Runs one task with a Java peer, warming up for {@code warmup} ms and measuring for {@code duration} ms. */
    String runJava(JavaPeer peer, String task, long warmup, long duration) throws Exception {
        String[] f = task.split(":");
        switch (f[0]) {
            case "tput": {
                int size = Integer.parseInt(f[1]);
                long[] r = pair(peer, 0x700, size, null, warmup, duration);
                return "tput " + size + " " + r[0] + " " + r[1] + " " + r[2];
            }
            case "lat":
                return latency(peer, Integer.parseInt(f[1]), Integer.parseInt(f[2]), warmup, duration);
            case "pairs": {
                int n = Integer.parseInt(f[1]);
                int size = Integer.parseInt(f[2]);
                CyclicBarrier barrier = new CyclicBarrier(n);
                long[][] r = new long[n][];
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread[] threads = new Thread[n];
                for (int k = 0; k < n; k++) {
                    int index = k;
                    threads[k] = new Thread(() -> {
                        try {
                            r[index] = pair(peer, 0x200 + 2 * index, size, barrier, warmup, duration);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            barrier.reset();
                        }
                    }, "pair-" + k);
                    threads[k].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new IOException(peer.name() + " " + task + " failed", failure.get());
                }
                long pdus = Arrays.stream(r).mapToLong(x -> x[0]).sum();
                long nanos = Arrays.stream(r).mapToLong(x -> x[1]).max().orElse(0);
                return "pairs " + n + " " + size + " " + pdus + " " + nanos;
            }
            default:
                throw new IllegalArgumentException(task);
        }
    }

    /** Send on A, receive on B: warm up, wait for the other pairs, then count for the duration; {pdus, nanos}. */
    private long[] pair(JavaPeer peer, int base, int size, CyclicBarrier barrier, long warmup, long duration)
            throws Exception {
        try (Link link = peer.open(iface, base, size, 1)) {
            long end = System.nanoTime() + warmup * 1_000_000;
            while (System.nanoTime() < end) {
                link.sendA();
                check(link.receiveB(), size);
            }
            if (barrier != null) {
                barrier.await();
            }
            long count = 0;
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            end = start + duration * 1_000_000;
            long t;
            do {
                link.sendA();
                check(link.receiveB(), size);
                count++;
            } while ((t = System.nanoTime()) < end);
            return new long[] {count, t - start, processCpuNanos() - cpu};
        }
    }

    private String latency(JavaPeer peer, int request, int answer, long warmup, long duration) throws Exception {
        try (Link link = peer.open(iface, 0x700, request, answer)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread responder = new Thread(() -> {
                try {
                    while (link.receiveB() != 1) {
                        link.sendB();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "responder");
            responder.start();
            long end = System.nanoTime() + warmup * 1_000_000;
            while (System.nanoTime() < end) {
                link.sendA();
                check(link.receiveA(), answer);
            }
            long[] samples = new long[1_000_000];
            int count = 0;
            end = System.nanoTime() + duration * 1_000_000;
            long t = System.nanoTime();
            while (t < end && count < samples.length) {
                long t0 = t;
                link.sendA();
                check(link.receiveA(), answer);
                t = System.nanoTime();
                samples[count++] = t - t0;
            }
            link.sendAOne();
            responder.join();
            if (failure.get() != null) {
                throw new IOException(peer.name() + " responder failed", failure.get());
            }
            Arrays.sort(samples, 0, count);
            return "lat " + request + " " + answer + " " + count + " " + samples[count / 2] + " " + samples[(int) (count * 0.99)];
        }
    }

    /** CPU time (user + system) of the whole JVM so far, as the C peer's CLOCK_PROCESS_CPUTIME_ID. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes this thread allocates per send + receive, after a warm-up, by the thread allocation counter. */
    private double allocationPerPdu(JavaPeer peer, int size) throws Exception {
        if (size > peer.maxPduSize()) {
            return Double.NaN;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = size > 1024 ? 200 : 2000;
        try (Link link = peer.open(iface, 0x700, size, 1)) {
            for (int i = 0; i < n; i++) {
                link.sendA();
                check(link.receiveB(), size);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long calibrate = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                link.sendA();
                check(link.receiveB(), size);
            }
            long after = threads.getCurrentThreadAllocatedBytes();
            return (after - before - calibrate) / (double) n;
        }
    }

    private static void check(int received, int expected) {
        if (received != expected) {
            throw new IllegalStateException("received " + received + " bytes, expected " + expected);
        }
    }

    static void log(String message) {
        System.out.println("benchmark: " + message);
        System.out.flush();
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
