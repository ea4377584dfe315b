package dev.isotp.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor's cost per interface side by side with AutoValue's per class: N {@code @IsoTpChannel} interfaces
 * (five methods of different shapes, five annotation values) and N {@code @AutoValue} classes (five properties and
 * a factory), each set compiled by the same javac in the same JVM, after warm-up compiles. Measured in CPU time of
 * the compiling thread (javac runs in it), so other work on the machine does not count: the time inside the
 * processor ({@code init} and {@code process}, with the Filer's work for the files it writes) and the whole compile.
 *
 * <pre>ProcessorCost [count 200] [rounds 10]</pre> prints one line per processor:
 * {@code processor NAME COUNT INSIDE_NS COMPILE_NS} (medians of the rounds).
 */
public final class ProcessorCost {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private ProcessorCost() {
    }

    /** Times a processor's own work. */
    static final class Timed implements Processor {
        final Processor delegate;
        long nanos;

        Timed(Processor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void init(ProcessingEnvironment env) {
            long t = THREADS.getCurrentThreadCpuTime();
            delegate.init(env);
            nanos += THREADS.getCurrentThreadCpuTime() - t;
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long t = THREADS.getCurrentThreadCpuTime();
            try {
                return delegate.process(annotations, round);
            } finally {
                nanos += THREADS.getCurrentThreadCpuTime() - t;
            }
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
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
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("isotp-processor-cost");
        List<File> channels = write(dir.resolve("channels"), count, ProcessorCost::channel);
        List<File> values = write(dir.resolve("values"), count, ProcessorCost::value);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path");
        String[] names = {"isotp", "AutoValue"};
        long[][] inside = new long[2][rounds];
        long[][] total = new long[2][rounds];
        for (int i = -3; i < rounds; i++) { // three warm-up rounds
            for (int p = 0; p < 2; p++) {
                Timed timed = new Timed(p == 0 ? new dev.isotp.processor.IsoTpChannelProcessor()
                        : (Processor) Class.forName("com.google.auto.value.processor.AutoValueProcessor")
                                .getDeclaredConstructor().newInstance());
                long t = compile(javac, p == 0 ? channels : values, classpath, dir.resolve("out"), timed);
                if (i >= 0) {
                    inside[p][i] = timed.nanos;
                    total[p][i] = t;
                }
            }
        }
        for (int p = 0; p < 2; p++) {
            System.out.println("processor " + names[p] + " " + count + " " + median(inside[p]) + " " + median(total[p]));
        }
        delete(dir);
    }

    interface Source {
        String text(int i);
    }

    static String channel(int i) {
        return "package bench;\n\nimport dev.isotp.IsoTpChannel;\nimport java.io.IOException;\nimport java.nio.ByteBuffer;\n"
                + "import java.time.Duration;\nimport java.util.Optional;\n\n"
                + String.format(Locale.ROOT, "@IsoTpChannel(iface = \"vcan0\", rxid = 0x%03X, txid = 0x%03X, stmin = %d, bs = %d,"
                        + " txPadding = 0xCC)%n", 0x100 + i, 0x400 + i, i % 0x7F, i % 16)
                + "public interface Type" + i + " extends AutoCloseable {\n"
                + "    byte[] request(byte[] request, Duration timeout) throws IOException;\n"
                + "    void send(byte[] payload);\n"
                + "    void send(ByteBuffer payload) throws IOException;\n"
                + "    Optional<byte[]> poll(Duration timeout);\n"
                + "    int receive(ByteBuffer into);\n"
                + "}\n";
    }

    static String value(int i) {
        return "package bench;\n\nimport com.google.auto.value.AutoValue;\nimport java.time.Duration;\nimport java.util.Optional;\n\n"
                + "@AutoValue\npublic abstract class Type" + i + " {\n"
                + "    public abstract int rxid();\n"
                + "    public abstract int txid();\n"
                + "    public abstract String iface();\n"
                + "    public abstract Duration timeout();\n"
                + "    public abstract Optional<String> note();\n"
                + "    public static Type" + i + " create(int rxid, int txid, String iface, Duration timeout, Optional<String> note) {\n"
                + "        return new AutoValue_Type" + i + "(rxid, txid, iface, timeout, note);\n"
                + "    }\n"
                + "}\n";
    }

    private static List<File> write(Path src, int count, Source source) throws IOException {
        Path pkg = src.resolve("bench");
        Files.createDirectories(pkg);
        List<File> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = pkg.resolve("Type" + i + ".java");
            Files.writeString(file, source.text(i));
            files.add(file.toFile());
        }
        return files;
    }

    private static long compile(JavaCompiler javac, List<File> sources, String classpath, Path out, Processor processor)
            throws IOException {
        delete(out);
        Files.createDirectories(out.resolve("classes"));
        Files.createDirectories(out.resolve("generated"));
        List<String> options = List.of("--release", "17", "-classpath", classpath, "-d", out.resolve("classes").toString(),
                "-s", out.resolve("generated").toString(), "-implicit:none");
        long start = THREADS.getCurrentThreadCpuTime();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, null, options, null, units);
            task.setProcessors(List.of(processor));
            if (!task.call()) {
                throw new IllegalStateException("compilation failed");
            }
        }
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
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
