package dev.isotp.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor fed seeded random {@code @IsoTpChannel} value sets: each one compiles, or fails with errors, and the
 * processor never crashes. Beyond that: a set compiles exactly when the runtime's validator accepts the same values,
 * its errors are exactly the validator's messages, and a set that compiles yields a client whose CONFIG equals the
 * configuration the runtime's builder makes of the same values. A few sets hold a value of the wrong type, which
 * javac reports; the processor must then stay quiet and alive.
 *
 * <p>Seed and count: system properties {@code isotp.fuzz.seed} and {@code isotp.fuzz.sets}.
 */
class ProcessorFuzzTest {
    private static final long SEED = Long.decode(System.getProperty("isotp.fuzz.seed", "0x15070C"));
    private static final int SETS = Integer.getInteger("isotp.fuzz.sets", 1000);
    /** Interfaces per compilation: javac's start-up is paid once per batch. */
    private static final int BATCH = 25;

    /** One random value set: the annotation's text, and the same values given to the runtime's builder. */
    static final class ValueSet {
        final int index;
        final List<String> arguments = new ArrayList<>();
        final List<Consumer<IsoTpConfig.Builder>> builderCalls = new ArrayList<>();
        boolean wrongType;

        ValueSet(int index) {
            this.index = index;
        }

        String typeName() {
            return "Ecu" + index;
        }

        String source() {
            return "package test;\n\nimport dev.isotp.AddressingMode;\nimport dev.isotp.GeneralOptions;\n"
                    + "import dev.isotp.IsoTpChannel;\n\n@IsoTpChannel(" + String.join(", ", arguments) + ")\n"
                    + "public interface " + typeName() + " extends AutoCloseable {\n"
                    + "    void send(byte[] payload);\n}\n"; // sends only: valid with every flag (broadcast ones too)
        }

        JavaFileObject file() {
            return JavaFileObjects.forSourceString("test." + typeName(), source());
        }

        IsoTpConfig.Builder builder() {
            IsoTpConfig.Builder b = IsoTpConfig.builder().iface("");
            builderCalls.forEach(c -> c.accept(b));
            return b;
        }

        List<String> expectedErrors() {
            return builder().validate().stream().map(Problem::message).sorted().collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------- random values

    private static final String[] IFACES = {"vcan0", "can0", "can1", "vcanfd0", "", "can/0", "a:b", "x y", ".", "..",
        "0123456789abcde", "0123456789abcdef", "vcan\u00e9", "tab\t", "q\"uote", "back\\slash", "-", "_"};
    private static final int[] IDS = {IsoTpChannel.UNSET, 0, 1, 0x7E0, 0x7E8, 0x7FF, 0x800, 0x1FFFFFFF, 0x20000000,
        0x40000000, 0x7FFFFFFF, 0x80000000, 0x80000123, 0x9FFFFFFF, 0xA0000000, Integer.MIN_VALUE + 1, -2};
    private static final int[] BYTES = {IsoTpChannel.UNSET, 0, 1, 0x55, 0x7F, 0x80, 0xCC, 0xF0, 0xF1, 0xF9, 0xFA, 0xFF,
        0x100, -2, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int[] LENGTHS = {0, 7, 8, 9, 12, 16, 20, 24, 32, 48, 63, 64, 65, 255, -8};
    private static final long[] LONGS = {IsoTpChannel.UNSET, 0, 1, 1000, 50_000, 0x7FFFFFFFL, 0xFFFFFFFFL, 0x100000000L,
        Integer.MAX_VALUE + 1L, 1_049_600, 1_049_601, -2, Long.MAX_VALUE, Long.MIN_VALUE};

    private static final String[] GOOD_IFACES = {"vcan0", "can0", "can1", "vcanfd0", "0123456789abcde", "_", "-"};

    /**
     * A value set that is valid for its mode, with each element turned wild (a boundary or out-of-range value, or left
     * out where it is needed) with a small probability; one set in six is wild throughout.
     */
    static ValueSet generate(Random r, int index) {
        ValueSet s = new ValueSet(index);
        int wildness = r.nextInt(6) == 0 ? 3 : 30; // one element in this many is wild
        java.util.function.BooleanSupplier wild = () -> r.nextInt(wildness) == 0;

        AddressingMode mode = AddressingMode.values()[r.nextInt(AddressingMode.values().length)];
        if (mode != AddressingMode.NORMAL_11 || r.nextBoolean()) {
            s.arguments.add("mode = AddressingMode." + mode.name());
            s.builderCalls.add(b -> b.mode(mode));
        }
        if (wild.getAsBoolean()) {
            if (r.nextInt(4) != 0) {
                String iface = IFACES[r.nextInt(IFACES.length)];
                s.arguments.add("iface = " + javaString(iface));
                s.builderCalls.add(b -> b.iface(iface));
            }
        } else {
            String iface = GOOD_IFACES[r.nextInt(GOOD_IFACES.length)];
            s.arguments.add("iface = " + javaString(iface));
            s.builderCalls.add(b -> b.iface(iface));
        }

        int idRange = mode.extendedIds() ? 0x20000000 : 0x800;
        int rx = r.nextInt(idRange);
        int tx = (rx + 1 + r.nextInt(idRange - 1)) % idRange;
        if (mode.idsGiven() || wild.getAsBoolean()) {
            id(s, r, "rxid", wild.getAsBoolean() ? null : rx, (b, v) -> b.rxid(v));
        }
        if (mode.idsGiven() || wild.getAsBoolean()) {
            id(s, r, "txid", wild.getAsBoolean() ? null : tx, (b, v) -> b.txid(v));
        }
        int ta = r.nextInt(256);
        int sa = (ta + 1 + r.nextInt(255)) % 256;
        addressByte(s, r, "targetAddress", mode.usesTargetAndSource(), ta, wild.getAsBoolean(),
                IsoTpConfig.Builder::targetAddress);
        addressByte(s, r, "sourceAddress", mode.usesTargetAndSource(), sa, wild.getAsBoolean(),
                IsoTpConfig.Builder::sourceAddress);
        addressByte(s, r, "addressExtension", mode.usesAddressExtension(), r.nextInt(256), wild.getAsBoolean(),
                IsoTpConfig.Builder::addressExtension);
        if (mode.hasFunctionalIds() ? r.nextInt(4) == 0 : wild.getAsBoolean()) {
            bool(s, "functional", true, IsoTpConfig.Builder::functional);
        }

        int definedStmin = r.nextInt(4) == 0 ? 0xF1 + r.nextInt(9) : r.nextInt(0x80);
        plainInt(s, r, "stmin", wild.getAsBoolean() ? BYTES[r.nextInt(BYTES.length)] : definedStmin,
                IsoTpConfig.Builder::stmin);
        plainInt(s, r, "bs", wild.getAsBoolean() ? BYTES[r.nextInt(BYTES.length)] : r.nextInt(256),
                IsoTpConfig.Builder::bs);
        plainInt(s, r, "wftmax", wild.getAsBoolean() ? BYTES[r.nextInt(BYTES.length)] : r.nextInt(256),
                IsoTpConfig.Builder::wftmax);
        boolean txPadding = padding(s, r, "txPadding", wild.getAsBoolean(), IsoTpConfig.Builder::txPadding);
        boolean rxPadding = padding(s, r, "rxPadding", wild.getAsBoolean(), IsoTpConfig.Builder::rxPadding);
        if (rxPadding ? r.nextInt(3) == 0 : wild.getAsBoolean()) {
            bool(s, "checkPaddingData", true, IsoTpConfig.Builder::checkPaddingData);
        }
        if (r.nextInt(4) == 0) {
            bool(s, "checkPaddingLength", r.nextBoolean() || txPadding, IsoTpConfig.Builder::checkPaddingLength);
        }
        maybeBool(s, r, "halfDuplex", IsoTpConfig.Builder::halfDuplex);
        maybeBool(s, r, "waitTxDone", IsoTpConfig.Builder::waitTxDone);
        maybeBool(s, r, "listenMode", IsoTpConfig.Builder::listenMode);
        maybeBool(s, r, "dynamicFlowControl", IsoTpConfig.Builder::dynamicFlowControl);
        int broadcast = r.nextInt(8);
        if (broadcast == 0 || wild.getAsBoolean()) {
            bool(s, "sfBroadcast", true, IsoTpConfig.Builder::sfBroadcast);
        }
        if (broadcast == 1 || wild.getAsBoolean()) {
            bool(s, "cfBroadcast", true, IsoTpConfig.Builder::cfBroadcast);
        }

        boolean canFd = r.nextInt(3) == 0;
        if (canFd || r.nextInt(4) == 0) {
            bool(s, "canFd", canFd, IsoTpConfig.Builder::canFd);
        }
        int[] fdLengths = {8, 12, 16, 20, 24, 32, 48, 64};
        if (wild.getAsBoolean()) {
            plainInt(s, r, "txDataLength", LENGTHS[r.nextInt(LENGTHS.length)], IsoTpConfig.Builder::txDataLength);
        } else if (canFd || r.nextInt(4) == 0) {
            plainInt(s, r, "txDataLength", canFd ? fdLengths[r.nextInt(fdLengths.length)] : 8,
                    IsoTpConfig.Builder::txDataLength);
        }
        if (canFd ? r.nextBoolean() : wild.getAsBoolean()) {
            bool(s, "bitRateSwitch", true, IsoTpConfig.Builder::bitRateSwitch);
        }

        if (r.nextInt(3) == 0) {
            if (r.nextInt(4) == 0) {
                s.arguments.add("frameTxTimeNanos = GeneralOptions.FRAME_TX_TIME_ZERO");
                s.builderCalls.add(b -> b.frameTxTimeNanos(0xFFFFFFFFL));
            } else {
                long v = wild.getAsBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextInt(2_000_000);
                s.arguments.add("frameTxTimeNanos = " + longLiteral(v));
                s.builderCalls.add(b -> b.frameTxTimeNanos(v));
            }
        }
        unsetLong(s, r, "txStminNanos", wild.getAsBoolean(), IsoTpConfig.Builder::txStminNanos);
        unsetLong(s, r, "rxStminNanos", wild.getAsBoolean(), IsoTpConfig.Builder::rxStminNanos);
        plainLong(s, r, "receiveTimeoutMillis", wild.getAsBoolean(), IsoTpConfig.Builder::receiveTimeoutMillis);
        plainLong(s, r, "receiveBufferSize", wild.getAsBoolean(), IsoTpConfig.Builder::receiveBufferSize);

        if (r.nextInt(30) == 0) { // a value javac refuses before any rule is looked at
            String[] wrong = {"stmin = \"5\"", "rxid = 1L", "bs = 2.5", "canFd = 1", "mode = AddressingMode.NORMAL_12",
                "iface = 42", "txPadding = true", "frameTxTimeNanos = \"fast\"", "rxid = Integer.MAX_VALUE + 1L",
                "iface = null"};
            String w = wrong[r.nextInt(wrong.length)];
            String element = w.substring(0, w.indexOf(' '));
            s.arguments.removeIf(a -> a.startsWith(element + " ="));
            s.arguments.add(r.nextInt(s.arguments.size() + 1), w);
            s.wrongType = true;
        }
        java.util.Collections.shuffle(s.arguments, r);
        return s;
    }

    interface LongCall {
        void apply(IsoTpConfig.Builder b, long value);
    }

    interface IntCall {
        void apply(IsoTpConfig.Builder b, int value);
    }

    interface BoolCall {
        void apply(IsoTpConfig.Builder b, boolean value);
    }

    /**
     * An int id as written in the annotation (any 32-bit pattern, -1 = UNSET included: a written value is a value),
     * given to the builder as the same int literal would be ({@code rxid(0x80000123)} is negative); {@code null} for
     * a wild one: a boundary, any 32-bit pattern, or left out.
     */
    private static void id(ValueSet s, Random r, String name, Integer good, LongCall call) {
        int v;
        if (good != null) {
            v = good;
        } else if (r.nextInt(5) == 0) {
            return;
        } else {
            v = r.nextBoolean() ? IDS[r.nextInt(IDS.length)] : r.nextInt();
        }
        if (r.nextInt(10) == 0 && v != IsoTpChannel.UNSET) { // an expression: the processor sees its value
            s.arguments.add(name + " = " + hexInt(v & 0xFFFF0000) + " | " + hexInt(v & 0xFFFF));
        } else {
            s.arguments.add(name + " = " + hexInt(v));
        }
        s.builderCalls.add(b -> call.apply(b, v));
    }

    /** An address byte: given where the mode needs it, left out where not; a wild one is the other way round or odd. */
    private static void addressByte(ValueSet s, Random r, String name, boolean needed, int good, boolean wild,
            IntCall call) {
        int v;
        if (!wild) {
            if (!needed) {
                return;
            }
            v = good;
        } else {
            v = needed ? BYTES[r.nextInt(BYTES.length)] : r.nextInt(256);
        }
        s.arguments.add(name + " = " + intLiteral(v));
        s.builderCalls.add(b -> call.apply(b, v));
    }

    /** Padding: left out, a byte, or (wild) anything; returns true when a padding byte was set. */
    private static boolean padding(ValueSet s, Random r, String name, boolean wild, IntCall call) {
        if (!wild && r.nextBoolean()) {
            return false;
        }
        int v = wild ? BYTES[r.nextInt(BYTES.length)] : r.nextInt(256);
        s.arguments.add(name + " = " + intLiteral(v));
        s.builderCalls.add(b -> call.apply(b, v));
        return v >= 0 && v <= 0xFF;
    }

    private static void plainInt(ValueSet s, Random r, String name, int v, IntCall call) {
        if (r.nextInt(3) == 0 && v >= 0 && v <= 0xFF && !name.equals("txDataLength")) {
            return; // sometimes left to its default, where the value would be valid anyway
        }
        s.arguments.add(name + " = " + intLiteral(v));
        s.builderCalls.add(b -> call.apply(b, v));
    }

    private static void bool(ValueSet s, String name, boolean v, BoolCall call) {
        s.arguments.add(name + " = " + v);
        s.builderCalls.add(b -> call.apply(b, v));
    }

    private static void maybeBool(ValueSet s, Random r, String name, BoolCall call) {
        if (r.nextInt(4) == 0) {
            bool(s, name, r.nextBoolean(), call);
        }
    }

    private static void unsetLong(ValueSet s, Random r, String name, boolean wild, LongCall call) {
        if (!wild && r.nextInt(3) != 0) {
            return;
        }
        long v = wild ? LONGS[r.nextInt(LONGS.length)] : r.nextInt(2_000_000);
        s.arguments.add(name + " = " + longLiteral(v));
        s.builderCalls.add(b -> call.apply(b, v));
    }

    private static void plainLong(ValueSet s, Random r, String name, boolean wild, LongCall call) {
        if (!wild && r.nextInt(4) != 0) {
            return;
        }
        long v = wild ? LONGS[r.nextInt(LONGS.length)] : r.nextInt(100_000);
        s.arguments.add(name + " = " + longLiteral(v));
        s.builderCalls.add(b -> call.apply(b, v));
    }

    private static String hexInt(int v) {
        return String.format(Locale.ROOT, "0x%X", v);
    }

    private static String intLiteral(int v) {
        return Integer.toString(v); // -2147483648 is a valid literal after unary minus
    }

    private static String longLiteral(long v) {
        return v + "L";
    }

    /** A Java string literal: quotes, backslashes and anything outside printable ASCII escaped. */
    static String javaString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------- the run

    @Test
    void randomAnnotationValueSetsCompileOrGiveTheValidatorsErrorsNeverACrash() throws Exception {
        Random random = new Random(SEED);
        List<ValueSet> sets = new ArrayList<>();
        for (int i = 0; i < SETS; i++) {
            sets.add(generate(random, i));
        }
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        List<ValueSet> valid = new ArrayList<>();
        int refused = 0;
        int wrongType = 0;
        int errors = 0;
        Map<String, Integer> firstWords = new TreeMap<>();

        // sets javac itself refuses go one per compilation; the others in batches
        List<ValueSet> typed = sets.stream().filter(s -> !s.wrongType).collect(Collectors.toList());
        for (ValueSet s : sets) {
            if (s.wrongType) {
                wrongType++;
                Compilation c = compileOrCrash(List.of(s), failures);
                if (c != null && (c.status() != Compilation.Status.FAILURE || c.errors().isEmpty())) {
                    failures.add("set " + s.index + " with a value of the wrong type compiled: " + s.arguments);
                }
            }
        }
        for (int from = 0; from < typed.size(); from += BATCH) {
            List<ValueSet> batch = typed.subList(from, Math.min(typed.size(), from + BATCH));
            Compilation c = compileOrCrash(batch, failures);
            if (c == null) {
                continue;
            }
            for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
                String file = d.getSource() == null ? "" : d.getSource().getName();
                if (batch.stream().noneMatch(s -> file.endsWith("/" + s.typeName() + ".java"))) {
                    failures.add("an error outside the value sets' files (" + file + "): " + d.getMessage(Locale.ROOT));
                }
            }
            for (ValueSet s : batch) {
                List<String> actual = c.errors().stream()
                        .filter(d -> d.getSource() != null && d.getSource().getName().endsWith("/" + s.typeName() + ".java"))
                        .map(d -> d.getMessage(Locale.ROOT)).sorted().collect(Collectors.toList());
                List<String> expected = s.expectedErrors();
                if (!actual.equals(expected)) {
                    failures.add("set " + s.index + " " + s.arguments + ": errors " + actual + ", the validator says "
                            + expected);
                }
                if (expected.isEmpty()) {
                    valid.add(s);
                } else {
                    refused++;
                    errors += actual.size();
                    actual.forEach(m -> firstWords.merge(m.substring(0, Math.max(0, m.indexOf(' '))), 1, Integer::sum));
                }
            }
        }
        // the sets without errors compile on their own, and their clients hold the configuration the builder makes
        int clientsChecked = 0;
        for (int from = 0; from < valid.size(); from += BATCH) {
            List<ValueSet> batch = valid.subList(from, Math.min(valid.size(), from + BATCH));
            Compilation c = compileOrCrash(batch, failures);
            if (c == null) {
                continue;
            }
            if (c.status() != Compilation.Status.SUCCESS) {
                failures.add("valid sets did not compile: " + c.errors());
                continue;
            }
            ClassLoader loader = Compiling.classLoader(c);
            for (ValueSet s : batch) {
                Object config = loader.loadClass("test.IsoTp_" + s.typeName()).getField("CONFIG").get(null);
                if (!s.builder().build().equals(config)) {
                    failures.add("set " + s.index + " " + s.arguments + ": the client's CONFIG " + config
                            + " differs from the builder's");
                }
                clientsChecked++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("processor fuzz: %d value sets (seed 0x%X) in %.1f s: %d compiled (%d clients' CONFIG checked),"
                + " %d refused with %d errors, %d with a value of the wrong type refused by javac; crashes %d%n"
                + "  errors by element: %s%n", SETS, SEED, seconds, valid.size(), clientsChecked, refused, errors,
                wrongType, failures.stream().filter(f -> f.startsWith("crash")).count(), firstWords);
        failures.stream().limit(10).forEach(f -> System.out.println("  " + f));
        assertEquals(List.of(), failures.stream().limit(10).collect(Collectors.toList()), failures.size() + " failures");
        assertEquals(SETS, valid.size() + refused + wrongType);
        assertTrue(valid.size() >= SETS / 20 && refused >= SETS / 4, "both outcomes are reached often");
    }

    /** Compiles; a crash of the processor (or of javac) is noted per value set, found by compiling them one by one. */
    private static Compilation compileOrCrash(List<ValueSet> batch, List<String> failures) {
        try {
            // javac stops reporting after 100 errors unless told otherwise
            return Compiler.javac().withProcessors(new IsoTpChannelProcessor()).withOptions("-Xmaxerrs", "100000")
                    .compile(batch.stream().map(ValueSet::file).toArray(JavaFileObject[]::new));
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                failures.add("crash on set " + batch.get(0).index + " " + batch.get(0).arguments + ": " + e);
            } else {
                for (ValueSet s : batch) {
                    compileOrCrash(List.of(s), failures);
                }
            }
            return null;
        }
    }

    @Test
    void stringValuesAreWrittenAsJavaLiterals() {
        ValueSet s = new ValueSet(7);
        s.arguments.add("iface = " + javaString("q\"u\u00e9"));
        assertEquals("\"q\\\"u\\u00e9\"", s.arguments.get(0).substring("iface = ".length()));
        assertTrue(s.source().contains("public interface Ecu7 extends AutoCloseable"), s.source());
    }
}
