package dev.isotp.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpChannel;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Limits;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documentation's tables of {@code @IsoTpChannel} elements (docs/channels.md) and of {@code @UdsChannel} elements
 * (docs/uds.md) are the annotations themselves, rendered: same elements in the same order, same defaults, and the
 * allowed values written from {@link Limits}. When one fails, the message holds the table to paste.
 */
class ReadmeAnnotationTableTest {
    private static final String START = "<!-- annotation-elements: start (checked by ReadmeAnnotationTableTest) -->";
    private static final String END = "<!-- annotation-elements: end -->";
    private static final String UDS_START = "<!-- uds-elements: start (checked by ReadmeAnnotationTableTest) -->";
    private static final String UDS_END = "<!-- uds-elements: end -->";

    @Test
    void readmeTableMatchesTheAnnotation() throws Exception {
        assertTable("docs/channels.md", START, END, table(IsoTpChannel.class));
    }

    @Test
    void readmeTableMatchesTheUdsAnnotation() throws Exception {
        assertTable("docs/uds.md", UDS_START, UDS_END, table(dev.isotp.UdsChannel.class));
    }

    private static void assertTable(String page, String startMarker, String endMarker, String expected) throws Exception {
        String text = new String(Files.readAllBytes(projectRoot().resolve(page)), StandardCharsets.UTF_8);
        int start = text.indexOf(startMarker);
        int end = text.indexOf(endMarker);
        assertTrue(start >= 0 && end > start, page + " lacks the markers " + startMarker + " ... " + endMarker);
        String actual = text.substring(start + startMarker.length(), end).trim();
        assertEquals(expected, actual, page + "'s annotation table is out of date; it should read:\n" + expected + "\n");
    }

    /** Each attribute is an element of @IsoTpChannel, a UDS setting one of @UdsChannel; uds is @UdsChannel itself. */
    @Test
    void everyValidatedAttributeIsAnAnnotationElement() {
        for (Attribute attribute : Attribute.values()) {
            if (attribute == Attribute.UDS) {
                continue;
            }
            Class<?> annotation = attribute.isUdsSetting() ? dev.isotp.UdsChannel.class : IsoTpChannel.class;
            assertTrue(Arrays.stream(annotation.getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals(attribute.elementName())), attribute.elementName());
        }
    }

    private static Path projectRoot() {
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docs")) && Files.exists(p.resolve("runtime"))) {
                return p;
            }
        }
        throw new AssertionError("the project's root (with docs/ and runtime/) not found above " + here);
    }

    static String table(Class<?> annotation) {
        Map<String, String> allowed = allowed();
        String rows = Arrays.stream(annotation.getDeclaredMethods())
                .sorted(Comparator.comparingInt(ReadmeAnnotationTableTest::declarationOrder).thenComparing(Method::getName,
                        Comparator.reverseOrder()))
                .map(m -> "| `" + m.getName() + "` | `" + type(m) + "` | " + defaultValue(m) + " | "
                        + allowed.getOrDefault(m.getName(), "?") + " |")
                .collect(Collectors.joining("\n"));
        return "| element | type | default | allowed |\n|---|---|---|---|\n" + rows;
    }

    /** The order of the annotation's source, recovered from the order of the attributes and the codecs last. */
    private static int declarationOrder(Method m) {
        for (Attribute a : Attribute.values()) {
            if (a.elementName().equals(m.getName())) {
                return a.ordinal();
            }
        }
        return Attribute.values().length;
    }

    private static String type(Method m) {
        if (m.getReturnType() == IsoTpChannel.Responder[].class) {
            return "Responder[]";
        }
        return m.getReturnType() == Class[].class ? "Class<? extends PayloadCodec<?>>[]" : m.getReturnType().getSimpleName();
    }

    private static String defaultValue(Method m) {
        Object value = m.getDefaultValue();
        if (value instanceof Number && ((Number) value).longValue() == IsoTpChannel.UNSET) {
            return "unset";
        }
        if (value instanceof String) {
            return "`\"" + value + "\"` (required)";
        }
        if (value instanceof Object[] || value instanceof int[]) {
            return "none";
        }
        return "`" + value + "`";
    }

    private static Map<String, String> allowed() {
        String bytes = String.format("0x00-0x%02X", Limits.MAX_BYTE);
        String nanos = "0-" + Limits.MAX_NANOS + " ns";
        Map<String, String> a = new LinkedHashMap<>();
        a.put("iface", "1-" + Limits.MAX_IFACE_NAME_LENGTH + " characters, an existing CAN interface (overridable at run time)");
        a.put("mode", "the seven `AddressingMode`s");
        a.put("rxid", String.format("0x000-0x%03X (11-bit modes), 0x00000000-0x%08X (29-bit modes); unset in the fixed modes",
                Limits.MAX_11_BIT_ID, Limits.MAX_29_BIT_ID));
        a.put("txid", "as `rxid`, and not equal to it");
        a.put("targetAddress", bytes + "; NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29, MIXED_29 only");
        a.put("sourceAddress", bytes + "; as `targetAddress`, and not equal to it in the fixed modes");
        a.put("addressExtension", bytes + "; MIXED_11, MIXED_29 only");
        a.put("functional", "NORMAL_FIXED_29, MIXED_29 only");
        a.put("stmin", String.format("0x00-0x%02X (ms), 0x%02X-0x%02X (%d-%d µs)", Limits.MAX_STMIN_MILLIS,
                Limits.MIN_STMIN_MICROS, Limits.MAX_STMIN_MICROS, Limits.stminMicros(Limits.MIN_STMIN_MICROS),
                Limits.stminMicros(Limits.MAX_STMIN_MICROS)));
        a.put("bs", "0-" + Limits.MAX_BYTE + " (0 = no further flow control)");
        a.put("wftmax", "0-" + Limits.MAX_BYTE + "; Linux stores it, does not enforce it (below)");
        a.put("txPadding", bytes);
        a.put("rxPadding", bytes);
        a.put("checkPaddingLength", "");
        a.put("checkPaddingData", "needs `rxPadding`");
        a.put("halfDuplex", "");
        a.put("waitTxDone", "");
        a.put("listenMode", "");
        a.put("sfBroadcast", "Linux 5.11+; payloads of one single frame");
        a.put("cfBroadcast", "Linux 5.19+; not with `sfBroadcast`");
        a.put("dynamicFlowControl", "Linux 6.9+");
        a.put("frameTxTimeNanos", nanos + "; 0 = the kernel's default (50 µs), " + dev.isotp.GeneralOptions.FRAME_TX_TIME_ZERO + " = no gap (Linux 5.18+)");
        a.put("txStminNanos", nanos);
        a.put("rxStminNanos", nanos);
        a.put("canFd", "the interface needs MTU 72");
        a.put("txDataLength", Limits.CLASSIC_TX_DATA_LENGTH + " on classic CAN; " + Limits.txDataLengths() + " with `canFd`");
        a.put("bitRateSwitch", "needs `canFd`");
        a.put("receiveTimeoutMillis", "0-" + Limits.MAX_RECEIVE_TIMEOUT_MILLIS + " ms; 0 = without limit");
        a.put("receiveBufferSize", "0-" + Limits.MAX_PDU_SIZE_CEILING + " bytes; 0 = the kernel's largest PDU");
        a.put("requestTimeoutMillis", "0-" + Limits.MAX_RECEIVE_TIMEOUT_MILLIS + " ms; 0 = without limit");
        a.put("responders", "`@Responder(rxid, txid)` each; needs `sfBroadcast`; NORMAL_11, NORMAL_29, NORMAL_FIXED_29");
        a.put("codecs", "classes with a public no-argument constructor");
        a.put("p2Millis", "1-" + Limits.MAX_P2_MILLIS + " ms; a session answer replaces it unless written (at least "
                + Limits.P2_FLOOR_MILLIS + " ms)");
        a.put("p2StarMillis", "1-" + Limits.MAX_P2_STAR_MILLIS + " ms; a session answer replaces it unless written (at least "
                + Limits.P2_STAR_FLOOR_MILLIS + " ms)");
        a.put("transferAllowanceMillis", "0-" + Limits.MAX_RECEIVE_TIMEOUT_MILLIS + " ms; added to P2 and P2*");
        a.put("maxPendingAnswers", "0-" + Limits.MAX_PENDING_ANSWERS + "; 0 = no count");
        a.put("busyRepeats", "0-" + Limits.MAX_BUSY_REPEATS);
        a.put("busyRepeatDelayMillis", "0-" + Limits.MAX_BUSY_REPEAT_DELAY_MILLIS + " ms");
        a.put("testerPresentMillis", "1-" + (Limits.S3_SERVER_MILLIS - 1) + " ms (below S3server); 0 = none");
        a.put("subFunctionServices", "service identifiers " + bytes + ", besides ISO 14229-1's");
        return a;
    }
}
