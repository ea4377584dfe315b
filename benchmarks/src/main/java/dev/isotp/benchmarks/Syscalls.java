package dev.isotp.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Syscalls per PDU of each peer, counted by {@code strace -f -c} around a run of one task in a process of its own
 * (the Java peers in a JVM of their own, with {@code BenchMain --single}). Only the calls a send or a receive can
 * make are traced (seccomp-bpf: the others run at full speed). Each task runs twice, for a short and a long window,
 * without warm-up: the difference of the counts over the difference of the PDUs is what each PDU costs, without the
 * calls of starting the process (a JVM reads its class files with read(2), for one).
 */
final class Syscalls {
    static final String TRACED = "sendto,recvfrom,recvmsg,read,write,poll,ppoll,epoll_wait,epoll_pwait,epoll_ctl,select,pselect6";
    static final List<String> TASKS = List.of("tput:7", BenchMain.LATENCY);

    private final BenchMain bench;
    private final Map<String, String> options;
    private final Results results;
    /** Where the results are written after each count, so that a run cut short keeps what it counted. */
    private final Path out;

    Syscalls(BenchMain bench, Map<String, String> options, Results results, Path out) {
        this.bench = bench;
        this.options = options;
        this.results = results;
        this.out = out;
    }

    void measure(List<String> peers, List<JavaPeer> javaPeers) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("isotp-strace");
        long longer = Math.max(600, bench.durationMs());
        for (String peer : peers) {
            for (String task : TASKS) {
                long[] pdus = new long[2];
                List<Map<String, Long>> counts = new ArrayList<>();
                try {
                    for (int run = 0; run < 2; run++) {
                        String duration = Long.toString(run == 0 ? longer / 3 : longer);
                        Result r = run(peer, task, duration, javaPeers, dir);
                        pdus[run] = r.pdus;
                        counts.add(r.calls);
                    }
                } catch (IOException e) {
                    // one run cut short (e.g. a 2 s receive timeout on a host too busy under strace): its cell is
                    // left empty, the other peers are still counted
                    BenchMain.log("syscalls: " + peer + " " + task + " not counted: " + e.getMessage());
                    continue;
                }
                Map<String, Long> perWindow = new LinkedHashMap<>();
                for (Map.Entry<String, Long> e : counts.get(1).entrySet()) {
                    perWindow.put(e.getKey(), Math.max(0, e.getValue() - counts.get(0).getOrDefault(e.getKey(), 0L)));
                }
                results.syscalls(peer, task, pdus[1] - pdus[0], perWindow);
                results.write(out);
            }
        }
    }

    private record Result(long pdus, Map<String, Long> calls) {
    }

    private Result run(String peer, String task, String duration, List<JavaPeer> javaPeers, Path dir)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (peer.equals(BenchMain.C) || peer.equals(BenchMain.C_POLL)) {
            cmd.add(options.get("c"));
            if (peer.equals(BenchMain.C_POLL)) {
                env.put("ISOTP_PEER_POLL", "1");
            }
        } else if (peer.equals(BenchMain.PYTHON)) {
            cmd.addAll(List.of(options.get("python"), options.get("python-peer")));
        } else {
            javaPeers.stream().filter(p -> p.name().equals(peer)).findFirst().orElseThrow();
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    BenchMain.class.getName(), "--single", peer, "--task", task, "--iface", bench.iface(),
                    "--warmup-ms", "0", "--duration-ms", duration));
        }
        if (!cmd.contains("--single")) {
            cmd.addAll(List.of(bench.iface(), "0", duration, task));
        }
        Path out = dir.resolve(peer.replaceAll("[^A-Za-z0-9]", "_") + "-" + task.replace(':', '_') + "-" + duration + ".txt");
        List<String> traced = new ArrayList<>(List.of(options.get("strace"), "-f", "-c", "--seccomp-bpf", "-o",
                out.toString(), "-e", "trace=" + TRACED));
        traced.addAll(cmd);
        BenchMain.log("syscalls: " + peer + " " + task + ", " + duration + " ms");
        ProcessBuilder builder = new ProcessBuilder(traced).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || line.isEmpty()) {
            throw new IOException("strace run of " + peer + " " + task + " failed: " + String.join(" ", traced));
        }
        Results.Sample sample = BenchMain.parse(line.lines().reduce((a, b) -> b).orElseThrow());
        return new Result(sample.a(), counts(Files.readString(out)));
    }

    /** The "calls" column of strace -c's table, by syscall name. */
    static Map<String, Long> counts(String table) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].matches("[0-9.]+") || f[f.length - 1].equals("total")) {
                continue;
            }
            counts.put(f[f.length - 1], Long.parseLong(f[3]));
        }
        return counts;
    }
}
