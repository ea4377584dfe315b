package dev.isotp.processor;

import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every numeric attribute, the same number written in {@code @IsoTpChannel} and given to
 * {@link IsoTpConfig.Builder} gives the same problems, word for word: at and beyond each bound, -1 (the UNSET marker
 * written on purpose), 0xFFFFFFFF, 0x80000000, and the extremes of the element's type. Compile time and run time
 * judge a written value the same way.
 */
class AnnotationBuilderAgreementTest {
    private static final int[] INT_VALUES = {IsoTpChannel.UNSET, 0, 1, 7, 8, 9, 12, 63, 64, 65, 0x7F, 0x80, 0xF0, 0xF1,
            0xF9, 0xFA, 0xFF, 0x100, 0x7FF, 0x800, 0xFFFF, 0x1FFFFFFF, 0x20000000, 0x7FFFFFFF, 0x80000000, 0x80000123,
            0xFFFFFFFF, Integer.MIN_VALUE + 1};
    private static final long[] LONG_VALUES = {IsoTpChannel.UNSET, 0, 1, 1000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL,
            0x100000000L, 1_049_600, 1_049_601, Long.MAX_VALUE, Long.MIN_VALUE, -2};

    static Stream<Attribute> numericAttributes() {
        return Stream.of(Attribute.values()).filter(a -> a.kind() == Attribute.Kind.NUMBER);
    }

    /** A configuration that is valid without the attribute under test, and in which the attribute has a meaning. */
    private static Map<String, String> base(Attribute attribute) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("iface", "\"vcan0\"");
        switch (attribute) {
            case TARGET_ADDRESS:
            case SOURCE_ADDRESS:
                base.put("mode", "AddressingMode.EXTENDED_11");
                base.put("targetAddress", "0x10");
                base.put("sourceAddress", "0xF1");
                break;
            case ADDRESS_EXTENSION:
                base.put("mode", "AddressingMode.MIXED_11");
                base.put("addressExtension", "0x55");
                break;
            case TX_DATA_LENGTH:
                base.put("canFd", "true");
                break;
            default:
                break;
        }
        base.put("rxid", "0x7E8");
        base.put("txid", "0x7E0");
        return base;
    }

    private static IsoTpConfig.Builder baseBuilder(Attribute attribute) {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0);
        switch (attribute) {
            case TARGET_ADDRESS:
            case SOURCE_ADDRESS:
                return b.mode(AddressingMode.EXTENDED_11).targetAddress(0x10).sourceAddress(0xF1);
            case ADDRESS_EXTENSION:
                return b.mode(AddressingMode.MIXED_11).addressExtension(0x55);
            case TX_DATA_LENGTH:
                return b.canFd(true);
            default:
                return b;
        }
    }

    @ParameterizedTest
    @MethodSource("numericAttributes")
    void theSameNumberGivesTheSameProblemsInTheAnnotationAndTheBuilder(Attribute attribute) throws Exception {
        // a UDS setting is an element of @UdsChannel, written beside @IsoTpChannel; the builder gets uds(true) then
        boolean uds = attribute.isUdsSetting();
        Class<?> annotation = uds ? dev.isotp.UdsChannel.class : IsoTpChannel.class;
        boolean isLong = annotation.getMethod(attribute.elementName()).getReturnType() == long.class;
        List<Object> values = new ArrayList<>();
        if (isLong) {
            for (long v : LONG_VALUES) {
                values.add(v);
            }
        } else {
            for (int v : INT_VALUES) {
                values.add(v);
            }
        }
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, String> elements = base(attribute);
            String udsLine = "";
            if (uds) {
                udsLine = "@dev.isotp.UdsChannel(" + attribute.elementName() + " = " + literal(values.get(i)) + ")\n";
            } else {
                elements.put(attribute.elementName(), literal(values.get(i)));
            }
            String arguments = elements.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(Collectors.joining(", "));
            files.add(source("test.V" + i, "package test;\n\nimport dev.isotp.AddressingMode;\n"
                    + "import dev.isotp.IsoTpChannel;\n\n@IsoTpChannel(" + arguments + ")\n" + udsLine
                    + "public interface V" + i + " extends AutoCloseable {\n    byte[] receive();\n}\n"));
        }
        Compilation compilation = compile(files.toArray(new JavaFileObject[0]));
        for (int i = 0; i < values.size(); i++) {
            String file = "V" + i + ".java";
            List<String> atCompileTime = compilation.errors().stream()
                    .filter(d -> d.getSource() != null && d.getSource().getName().endsWith(file))
                    .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
            List<String> atRunTime = baseBuilder(attribute).uds(uds).set(attribute, values.get(i)).validate().stream()
                    .map(Problem::message).collect(Collectors.toList());
            assertEquals(atRunTime, atCompileTime, attribute + " = " + literal(values.get(i)));
        }
        assertFalse(compilation.diagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                && d.getSource() == null), () -> "an error without a file: " + compilation.errors());
    }

    private static String literal(Object value) {
        if (value instanceof Long) {
            long v = (Long) value;
            return v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v + "L";
        }
        int v = (Integer) value;
        return "0x" + Integer.toHexString(v).toUpperCase(Locale.ROOT);
    }
}
