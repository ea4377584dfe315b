package dev.isotp.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the results were measured on: date, machine, kernel, tools and settings. */
final class Environment {
    private Environment() {
    }

    static Map<String, String> collect(Map<String, String> options, long warmupMs, long durationMs, int rounds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        env.put("host", getenv("BENCH_HOST", "unknown") + " (" + getenv("BENCH_HOST_CPU", "unknown CPU") + ", nproc "
                + getenv("BENCH_HOST_NPROC", "?") + ", kernel " + getenv("BENCH_HOST_KERNEL", "?") + ")");
        env.put("VM", "QEMU " + getenv("BENCH_VM_ACCEL", "tcg") + ", " + Runtime.getRuntime().availableProcessors()
                + " vCPUs (" + cpuModel() + "), " + getenv("BENCH_VM_MEM", "?") + " MiB");
        env.put("kernel", System.getProperty("os.version") + " (" + getenv("BENCH_VM_KERNEL_PACKAGE", "Debian") + ")");
        env.put("interface", options.getOrDefault("iface", "vcan0") + " (vcan, classic CAN, mtu 16)");
        env.put("socket options", "bs 0, stmin 0, frame_txtime 0xFFFFFFFF (zero), WAIT_TX_DONE, no padding, SO_RCVTIMEO 2 s");
        // the one internal the benchmarks use: benchmarks/README.md, "The one internal used", says why
        env.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", JAVA_TOOL_OPTIONS=" + getenv("JAVA_TOOL_OPTIONS", "(none)") + ", native binding "
                + dev.isotp.IsoTpSocket.nativeBinding() + ", JNA " + com.sun.jna.Native.VERSION
                + ", JavaCAN " + javaCanVersion());
        env.put("C", getenv("BENCH_GCC", "gcc") + ", -O2");
        env.put("Python", command(options.get("python"), "--version"));
        env.put("JIT", jit());
        int slices = Integer.parseInt(options.getOrDefault("slices", "10"));
        env.put("method", (slices <= 0 ? "no paired slices" : "paired slices of " + options.getOrDefault("paired-tasks", "tput:7,lat:8:64")
                + ": " + slices + " cycles of C, X, C, Y, C, ... (each slice " + options.getOrDefault("slice-warmup-ms", "200")
                + " ms warm-up + " + options.getOrDefault("slice-ms", "1000") + " ms measured, each Java peer's code warmed up for "
                + options.getOrDefault("jit-warmup-ms", "8000") + " ms first)") + "; then " + rounds
                + " rounds of every task, peer order rotated each round, each task " + warmupMs + " ms warm-up + " + durationMs
                + " ms measured; figures: medians, ratios paired in time (see below)");
        return env;
    }

    /** Which compilers the JVM uses: C2 unless tiered compilation stops below level 4 (or is off with C1 only). */
    static String jit() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            int stop = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            String compiler = stop >= 4 || !tiered ? "C2" : "C1 only";
            return compiler + " (TieredCompilation=" + tiered + ", TieredStopAtLevel=" + stop + ")";
        } catch (RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    static String markdown(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        for (Entry<String, String> e : env.entrySet()) {
            b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    private static String getenv(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    private static String cpuModel() {
        try {
            Matcher m = Pattern.compile("(?m)^model name\\s*:\\s*(.*)$")
                    .matcher(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
            return m.find() ? m.group(1).trim() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaCanVersion() {
        Matcher m = Pattern.compile("javacan-core-([0-9][^-/:]*)\\.jar").matcher(System.getProperty("java.class.path"));
        return m.find() ? m.group(1) : "?";
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException | RuntimeException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
