package dev.isotp.benchmarks;

import dev.isotp.IsoTpSocket;
import dev.isotp.support.ChannelSupport;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Many channels in one process: N channel pairs on vcan0 (ids 0x010 up, 2 sockets each), one worker per pair
 * sending a 7-byte PDU on A and receiving it on B, the workers platform threads or virtual threads; or no worker
 * at all, each pair a chain of the asynchronous shapes' futures (mode async). Measured in a
 * JVM of its own per run: total PDUs per second over one window, the platform threads alive in it, and what each
 * open channel (socket) costs in descriptors and memory (resident set, Java heap after GC, direct buffers).
 *
 * <pre>Scale --iface vcan0 --pairs N --mode platform|virtual|async --warmup-ms W --duration-ms D</pre>
 * prints {@code scale N MODE PDUS NANOS THREADS FDS RSS_BYTES HEAP_BYTES DIRECT_BYTES} (the last four: increase over
 * the process before the sockets were opened).
 */
public final class Scale {
    static final int[] PAIRS = {1, 10, 100, 1000};
    static final int SIZE = 7;
    static final int FIRST_ID = 0x010;

    private Scale() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        String iface = o.getOrDefault("iface", "vcan0");
        int n = Integer.parseInt(o.get("pairs"));
        String mode = o.get("mode");
        long warmupMs = Long.parseLong(o.getOrDefault("warmup-ms", "500"));
        long durationMs = Long.parseLong(o.getOrDefault("duration-ms", "1500"));

        IsoTpSocket.open(JavaPeers.config(iface, 0x7F0, 0x7F1)).close(); // classes and the native binding loaded
        if (mode.equals("async")) {
            runAsync(iface, n, warmupMs, durationMs);
            return;
        }
        long[] before = footprint();
        List<IsoTpSocket[]> pairs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int base = FIRST_ID + 2 * k;
            pairs.add(new IsoTpSocket[] {IsoTpSocket.open(JavaPeers.config(iface, base, base + 1)),
                IsoTpSocket.open(JavaPeers.config(iface, base + 1, base))});
        }
        ExecutorService workers = mode.equals("virtual")
                ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
                : Executors.newFixedThreadPool(n);
        long[] window = new long[2];
        // the window opens when the last party arrives: set before any party is released (happens-before)
        CyclicBarrier start = new CyclicBarrier(n + 1, () -> {
            window[0] = System.nanoTime();
            window[1] = window[0] + durationMs * 1_000_000;
        });
        CyclicBarrier stop = new CyclicBarrier(n + 1);
        long[] counts = new long[n];
        // One warm-up deadline for all: a worker's round trip parks only when its answer is not queued yet, and a
        // virtual thread is never preempted, so with a deadline each, 1000 virtual workers on 2 carriers warmed up
        // one after another (1000 x the warm-up) and the window never opened.
        long warmupEnd = System.nanoTime() + warmupMs * 1_000_000;
        List<Future<?>> running = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int index = k;
            IsoTpSocket a = pairs.get(k)[0];
            IsoTpSocket b = pairs.get(k)[1];
            running.add(workers.submit(() -> {
                ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
                ByteBuffer in = ByteBuffer.allocateDirect(64);
                do {
                    roundTrip(a, b, out, in);
                } while (System.nanoTime() < warmupEnd);
                start.await();
                long count = 0;
                while (System.nanoTime() < window[1]) {
                    roundTrip(a, b, out, in);
                    count++;
                }
                counts[index] = count;
                stop.await();
                return null;
            }));
        }
        start.await(10 * (warmupMs + 60_000), TimeUnit.MILLISECONDS);
        Thread.sleep(durationMs / 2);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long[] during = footprint();
        stop.await(10 * (durationMs + 60_000), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - window[0];
        for (Future<?> f : running) {
            f.get();
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        System.gc();
        long[] after = footprint();
        System.out.println("scale " + n + " " + mode + " " + total + " " + nanos + " " + threads + " "
                + (during[0] - before[0]) + " " + (after[1] - before[1]) + " " + (after[2] - before[2]) + " "
                + (after[3] - before[3]));
        workers.shutdownNow();
        for (IsoTpSocket[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }

    /**
     * The asynchronous shapes: no worker at all. Each pair is a chain of futures, as a generated client's
     * {@code CompletableFuture<byte[]> receive()} and {@code CompletableFuture<Void> send(byte[])} make them (the
     * same {@link ChannelSupport} calls): B's receive is queued, A's send is queued, and when the PDU has come the
     * next round begins from the completing stage. As with workers, each chain warms up, then waits; the window opens
     * when the last one has warmed up, and every chain runs in it. Prints the line of {@link #main} with mode "async".
     */
    private static void runAsync(String iface, int n, long warmupMs, long durationMs) throws Exception {
        long[] before = footprint();
        AsyncRun run = new AsyncRun(n, System.nanoTime() + warmupMs * 1_000_000, durationMs * 1_000_000);
        for (int k = 0; k < n; k++) {
            int base = FIRST_ID + 2 * k;
            run.pairs.add(new ChannelSupport[] {ChannelSupport.open("A" + k, JavaPeers.config(iface, base, base + 1)),
                ChannelSupport.open("B" + k, JavaPeers.config(iface, base + 1, base))});
        }
        // one round trip per pair as the workers' first: the binding's send and receive paths are linked before any
        // receive's time runs (on JDK 25 the first FFM calls take seconds under emulation)
        for (ChannelSupport[] p : run.pairs) {
            p[0].send(run.pdu);
            p[1].receive();
        }
        for (int k = 0; k < n; k++) {
            run.round(k);
        }
        run.opened.get(10 * (warmupMs + 60_000), TimeUnit.MILLISECONDS);
        Thread.sleep(durationMs / 2);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long[] during = footprint();
        java.util.concurrent.CompletableFuture.allOf(run.done).get(10 * (durationMs + 60_000), TimeUnit.MILLISECONDS);
        long total = 0;
        for (int k = 0; k < n; k++) {
            total += run.counts.get(k);
        }
        System.gc();
        long[] after = footprint();
        System.out.println("scale " + n + " async " + total + " " + (run.lastStop.get() - run.windowStart) + " " + threads
                + " " + (during[0] - before[0]) + " " + (after[1] - before[1]) + " " + (after[2] - before[2]) + " "
                + (after[3] - before[3]));
        for (ChannelSupport[] p : run.pairs) {
            p[0].close();
            p[1].close();
        }
    }

    /** The chains of {@link #runAsync}: warm-up, a barrier without threads, the window. */
    private static final class AsyncRun {
        final List<ChannelSupport[]> pairs = new ArrayList<>();
        final byte[] pdu = new byte[SIZE];
        final long warmEnd;
        final long durationNanos;
        final java.util.concurrent.atomic.AtomicInteger warming;
        final java.util.concurrent.CompletableFuture<Void> opened = new java.util.concurrent.CompletableFuture<>();
        volatile long windowStart;
        volatile long windowEnd;
        /** When the last chain saw the window closed: the window's length is measured to there, as the workers'. */
        final java.util.concurrent.atomic.AtomicLong lastStop = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
        final java.util.concurrent.atomic.AtomicLongArray counts;
        final java.util.concurrent.CompletableFuture<?>[] done;

        AsyncRun(int n, long warmEnd, long durationNanos) {
            this.warmEnd = warmEnd;
            this.durationNanos = durationNanos;
            this.warming = new java.util.concurrent.atomic.AtomicInteger(n);
            this.counts = new java.util.concurrent.atomic.AtomicLongArray(n);
            this.done = new java.util.concurrent.CompletableFuture<?>[n];
            for (int k = 0; k < n; k++) {
                done[k] = new java.util.concurrent.CompletableFuture<Void>();
            }
        }

        void round(int k) {
            ChannelSupport[] pair = pairs.get(k);
            java.util.concurrent.CompletableFuture<byte[]> received = pair[1].receiveAsync(p -> p);
            pair[0].sendAsync(pdu).whenComplete((v, e) -> fail(k, e));
            received.whenComplete((p, e) -> {
                if (e != null || p.length != SIZE) {
                    fail(k, e != null ? e : new IllegalStateException("wrong PDU length"));
                    return;
                }
                long now = System.nanoTime();
                if (!opened.isDone()) {
                    if (now - warmEnd < 0) {
                        round(k);
                    } else if (warming.decrementAndGet() == 0) {
                        windowStart = now;
                        windowEnd = now + durationNanos;
                        opened.complete(null);
                        for (int j = 0; j < done.length; j++) {
                            round(j);
                        }
                    }
                    return;
                }
                // as a worker counts: every round begun in the window, the one that ends after it included
                counts.incrementAndGet(k);
                if (now - windowEnd < 0) {
                    round(k);
                } else {
                    lastStop.accumulateAndGet(now, Math::max);
                    ((java.util.concurrent.CompletableFuture<?>) done[k]).complete(null);
                }
            });
        }

        private void fail(int k, Throwable e) {
            if (e != null) {
                done[k].completeExceptionally(e);
                opened.completeExceptionally(e);
            }
        }
    }

    private static void roundTrip(IsoTpSocket a, IsoTpSocket b, ByteBuffer out, ByteBuffer in) throws IOException {
        out.clear();
        a.send(out);
        in.clear();
        if (b.receive(in) != SIZE) {
            throw new IllegalStateException("wrong PDU length");
        }
    }

    /** {open descriptors, resident bytes, heap used after GC, direct buffer bytes}. */
    private static long[] footprint() throws IOException {
        System.gc();
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        String[] statm = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII).trim().split(" ");
        long rss = Long.parseLong(statm[1]) * 4096;
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new long[] {fds, rss, heap, direct};
    }

    /** Runs every configuration in a JVM of its own, from the benchmark's JVM. */
    static final class Runner {
        private final Map<String, String> options;
        private final Results results;

        Runner(Map<String, String> options, Results results) {
            this.options = options;
            this.results = results;
        }

        void measure() throws IOException, InterruptedException {
            List<String> modes = new ArrayList<>(List.of("platform"));
            if (Runtime.version().feature() >= 21) {
                modes.add("virtual");
            }
            modes.add("async");
            for (String mode : modes) {
                for (int n : PAIRS) {
                    BenchMain.log("scale: " + n + " pairs, " + mode + " threads");
                    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                            Scale.class.getName(), "--iface", options.getOrDefault("iface", "vcan0"), "--pairs",
                            Integer.toString(n), "--mode", mode, "--warmup-ms", options.getOrDefault("warmup-ms", "500"),
                            "--duration-ms", options.getOrDefault("duration-ms", "1500"));
                    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    int rc = p.waitFor();
                    if (rc != 0 || !out.startsWith("scale ")) {
                        // One configuration that fails (e.g. a 2 s receive timeout on a host that stalls the guest)
                        // is reported in its row; the other configurations and the rest of the run go on.
                        BenchMain.log("scale: " + n + " pairs, " + mode + ": FAILED (exit code " + rc + ", see above)");
                        results.scaleFailed(mode, n, "failed (exit code " + rc + ")");
                        continue;
                    }
                    String[] f = out.split(" ");
                    long[] v = new long[f.length - 3];
                    for (int i = 3; i < f.length; i++) {
                        v[i - 3] = Long.parseLong(f[i]);
                    }
                    results.scale(mode, n, v);
                }
            }
        }
    }
}
