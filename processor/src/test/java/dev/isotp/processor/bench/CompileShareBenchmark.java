package dev.isotp.processor.bench;

import dev.isotp.processor.IsoTpChannelProcessor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles N annotated interfaces (default 200) with and without the processor, in one JVM, and prints the
 * processor's share of javac time: the time inside the processor itself, and the whole extra time (which includes
 * compiling the generated clients). Times are CPU time of the compiling thread (javac runs in the caller's thread),
 * so other work on a busy machine does not count. Sources and output go to {@code java.io.tmpdir}: creating a file
 * costs CPU time too, much more on some file systems than others, so the summary names the directory. Not a test; run
 * it with {@code processor/bench/compile-share.sh}.
 */
public final class CompileShareBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private CompileShareBenchmark() {
    }

    static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Times the processor's own work. */
    static final class Timed extends AbstractProcessor {
        final IsoTpChannelProcessor delegate = new IsoTpChannelProcessor();
        long nanos;

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            long t = cpuNanos();
            super.init(env);
            delegate.init(env);
            nanos += cpuNanos() - t;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long t = cpuNanos();
            try {
                return delegate.process(annotations, round);
            } finally {
                nanos += cpuNanos() - t;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("isotp-bench");
        List<File> sources = writeSources(dir.resolve("src"), count);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path");

        long[] without = new long[rounds];
        long[] with = new long[rounds];
        long[] inside = new long[rounds];
        for (int i = -3; i < rounds; i++) { // three warm-up rounds
            long a = compile(javac, sources, classpath, dir.resolve("plain"), null);
            Timed timed = new Timed();
            long b = compile(javac, sources, classpath, dir.resolve("processed"), timed);
            if (i >= 0) {
                without[i] = a;
                with[i] = b;
                inside[i] = timed.nanos;
            }
        }
        long plain = median(without);
        long processed = median(with);
        long own = median(inside);
        System.out.printf(Locale.ROOT, "%d interfaces, median CPU time of %d compiles (JDK %s)%n", count, rounds,
                Runtime.version());
        System.out.printf(Locale.ROOT, "  javac without the processor: %7.1f ms%n", plain / 1e6);
        System.out.printf(Locale.ROOT, "  javac with the processor:    %7.1f ms (generated clients included)%n",
                processed / 1e6);
        System.out.printf(Locale.ROOT, "  inside the processor:        %7.1f ms = %.1f%% of javac time%n", own / 1e6,
                100.0 * own / processed);
        System.out.printf(Locale.ROOT, "  extra javac time in all:     %7.1f ms = %.1f%% of javac time%n",
                (processed - plain) / 1e6, 100.0 * (processed - plain) / processed);
        System.out.printf(Locale.ROOT, "summary: %d interfaces, JDK %d, output in %s: processor %.0f ms = %.1f%% of javac "
                        + "time (aim < 10%%); extra javac time with the generated clients %.0f ms = %.1f%%; javac %.0f ms "
                        + "without, %.0f ms with the processor (median CPU time of %d compiles)%n",
                count, Runtime.version().feature(), dir.getParent(), own / 1e6, 100.0 * own / processed,
                (processed - plain) / 1e6, 100.0 * (processed - plain) / processed, plain / 1e6, processed / 1e6,
                rounds);
        delete(dir);
    }

    private static long compile(JavaCompiler javac, List<File> sources, String classpath, Path out,
            AbstractProcessor processor) throws IOException {
        delete(out);
        Files.createDirectories(out.resolve("classes"));
        Files.createDirectories(out.resolve("generated"));
        List<String> options = new ArrayList<>(List.of("--release", "17", "-classpath", classpath,
                "-d", out.resolve("classes").toString(), "-s", out.resolve("generated").toString(),
                "-implicit:none"));
        if (processor == null) {
            options.add("-proc:none");
        }
        long start = cpuNanos();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, null, options, null, units);
            if (processor != null) {
                task.setProcessors(List.of(processor));
            }
            if (!task.call()) {
                throw new IllegalStateException("compilation failed");
            }
        }
        return cpuNanos() - start;
    }

    private static List<File> writeSources(Path src, int count) throws IOException {
        Path pkg = src.resolve("bench");
        Files.createDirectories(pkg);
        List<File> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "Channel" + i;
            String text = "package bench;\n\n"
                    + "import dev.isotp.IsoTpChannel;\nimport java.io.IOException;\nimport java.nio.ByteBuffer;\n"
                    + "import java.time.Duration;\nimport java.util.Optional;\n\n"
                    + String.format(Locale.ROOT, "@IsoTpChannel(iface = \"vcan0\", rxid = 0x%03X, txid = 0x%03X, "
                            + "stmin = %d, bs = %d, txPadding = 0xCC)%n", 0x100 + i, 0x400 + i, i % 0x7F, i % 16)
                    + "public interface " + name + " extends AutoCloseable {\n"
                    + "    byte[] request(byte[] request, Duration timeout) throws IOException;\n"
                    + "    void send(byte[] payload);\n"
                    + "    void send(ByteBuffer payload) throws IOException;\n"
                    + "    Optional<byte[]> poll(Duration timeout);\n"
                    + "    int receive(ByteBuffer into);\n"
                    + "    default byte[] ping() throws IOException { return request(new byte[] {0x3E}, "
                    + "Duration.ofSeconds(1)); }\n"
                    + "}\n";
            Path file = pkg.resolve(name + ".java");
            Files.writeString(file, text);
            files.add(file.toFile());
        }
        return files;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
