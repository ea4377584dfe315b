package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertError;
import static dev.isotp.processor.Compiling.assertErrorAt;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.source;
import static dev.isotp.processor.Compiling.valuePosition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Problem;
import dev.isotp.validation.Rule;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the runtime's validator, reached through the annotation: the error has the runtime's words and points
 * at the value that breaks the rule, or at the annotation where the value was left to its default.
 */
class ConfigurationRulesTest {
    /** The only rule the annotation cannot break: an annotation element cannot be null. */
    private static final Set<Rule> UNREACHABLE = EnumSet.of(Rule.MODE_MISSING,
            // a UDS setting is written on @UdsChannel, whose presence makes the channel speak UDS
            Rule.UDS_SETTING_WITHOUT_UDS);
    /** Closes @IsoTpChannel's arguments and opens @UdsChannel's, on the next line. */
    static final String UDS = ")\n@dev.isotp.UdsChannel(";

    /**
     * One broken rule.
     *
     * @param arguments the annotation's arguments
     * @param marker where the caret belongs: the text after '|' in the one occurrence of the marker without '|';
     *     "@IsoTpChannel" for a defaulted value
     * @param runtime the same values given to the runtime's builder
     */
    record Case(Rule rule, String arguments, String marker, UnaryOperator<IsoTpConfig.Builder> runtime) {
        @Override
        public String toString() {
            return rule + ": " + arguments;
        }
    }

    static final String IDS = "iface = \"vcan0\", rxid = 0x123, txid = 0x456";

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Rule.IFACE_MISSING, "rxid = 0x123, txid = 0x456", "|@IsoTpChannel",
                        b -> b.rxid(0x123).txid(0x456)),
                new Case(Rule.IFACE_INVALID, "iface = \"can/0\", rxid = 0x123, txid = 0x456", "|\"can/0\"",
                        b -> b.iface("can/0").rxid(0x123).txid(0x456)),
                new Case(Rule.ID_MISSING, "iface = \"vcan0\", txid = 0x456", "|@IsoTpChannel",
                        b -> b.iface("vcan0").txid(0x456)),
                new Case(Rule.ID_NOT_11_BIT, "iface = \"vcan0\", rxid = 0x800, txid = 0x456", "|0x800",
                        b -> b.iface("vcan0").rxid(0x800).txid(0x456)),
                new Case(Rule.ID_NOT_29_BIT,
                        "iface = \"vcan0\", mode = AddressingMode.NORMAL_29, rxid = 0x80000123, txid = 0x18DAF110",
                        "|0x80000123",
                        b -> b.iface("vcan0").mode(AddressingMode.NORMAL_29).rxid(0x80000123).txid(0x18DAF110)),
                new Case(Rule.ID_DERIVED, "iface = \"vcan0\", mode = AddressingMode.NORMAL_FIXED_29, "
                        + "targetAddress = 0x10, sourceAddress = 0xF1, rxid = 0x7E8", "|0x7E8",
                        b -> b.iface("vcan0").mode(AddressingMode.NORMAL_FIXED_29).targetAddress(0x10)
                                .sourceAddress(0xF1).rxid(0x7E8)),
                new Case(Rule.IDS_EQUAL, "iface = \"vcan0\", rxid = 0x123, txid = 0x123", "txid = |0x123",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x123)),
                new Case(Rule.ADDRESSES_EQUAL, "iface = \"vcan0\", mode = AddressingMode.NORMAL_FIXED_29, "
                        + "targetAddress = 0x10, sourceAddress = 0x10", "sourceAddress = |0x10",
                        b -> b.iface("vcan0").mode(AddressingMode.NORMAL_FIXED_29).targetAddress(0x10)
                                .sourceAddress(0x10)),
                new Case(Rule.ADDRESS_BYTE_MISSING, "iface = \"vcan0\", mode = AddressingMode.EXTENDED_11, "
                        + "rxid = 0x123, txid = 0x456, targetAddress = 0x10", "|@IsoTpChannel",
                        b -> b.iface("vcan0").mode(AddressingMode.EXTENDED_11).rxid(0x123).txid(0x456)
                                .targetAddress(0x10)),
                new Case(Rule.ADDRESS_BYTE_NOT_USED, IDS + ", targetAddress = 0x10", "|0x10",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).targetAddress(0x10)),
                new Case(Rule.FUNCTIONAL_NOT_USED, IDS + ", functional = true", "|true",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).functional(true)),
                new Case(Rule.BYTE_OUT_OF_RANGE, IDS + ", txPadding = 0x100", "|0x100",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).txPadding(0x100)),
                new Case(Rule.COUNT_OUT_OF_RANGE, IDS + ", bs = 256", "|256",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).bs(256)),
                new Case(Rule.STMIN_OUT_OF_RANGE, IDS + ", stmin = 300", "|300",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).stmin(300)),
                new Case(Rule.STMIN_RESERVED, IDS + ", stmin = 0x80", "|0x80",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).stmin(0x80)),
                new Case(Rule.NANOS_OUT_OF_RANGE, IDS + ", frameTxTimeNanos = 0x100000000L", "|0x100000000L",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).frameTxTimeNanos(0x100000000L)),
                new Case(Rule.NANOS_OUT_OF_RANGE, IDS + ", txStminNanos = -5", "|-5",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).txStminNanos(-5)),
                new Case(Rule.BROADCAST_BOTH, IDS + ", sfBroadcast = true, cfBroadcast = true", "cfBroadcast = |true",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).sfBroadcast(true).cfBroadcast(true)),
                new Case(Rule.PADDING_CHECK_WITHOUT_RX_PADDING, IDS + ", checkPaddingData = true", "|true",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).checkPaddingData(true)),
                new Case(Rule.TX_DATA_LENGTH_INVALID, IDS + ", canFd = true, txDataLength = 10", "|10",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).canFd(true).txDataLength(10)),
                new Case(Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, IDS + ", txDataLength = 64", "|64",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).txDataLength(64)),
                new Case(Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, IDS + ", bitRateSwitch = true", "|true",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).bitRateSwitch(true)),
                new Case(Rule.TIMEOUT_OUT_OF_RANGE, IDS + ", receiveTimeoutMillis = -1", "|-1",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).receiveTimeoutMillis(-1)),
                new Case(Rule.BUFFER_SIZE_OUT_OF_RANGE, IDS + ", receiveBufferSize = 2000000", "|2000000",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).receiveBufferSize(2_000_000)),
                new Case(Rule.P2_OUT_OF_RANGE, IDS + UDS + "p2Millis = 0", "p2Millis = |0",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).p2Millis(0)),
                new Case(Rule.P2_STAR_OUT_OF_RANGE, IDS + UDS + "p2StarMillis = 700000", "|700000",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).p2StarMillis(700_000)),
                new Case(Rule.ALLOWANCE_OUT_OF_RANGE, IDS + UDS + "transferAllowanceMillis = -1", "|-1",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).transferAllowanceMillis(-1)),
                new Case(Rule.PENDING_ANSWERS_OUT_OF_RANGE, IDS + UDS + "maxPendingAnswers = 70000", "|70000",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).maxPendingAnswers(70_000)),
                new Case(Rule.BUSY_REPEATS_OUT_OF_RANGE, IDS + UDS + "busyRepeats = 256", "|256",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).busyRepeats(256)),
                new Case(Rule.BUSY_REPEAT_DELAY_OUT_OF_RANGE, IDS + UDS + "busyRepeatDelayMillis = 5001", "|5001",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).busyRepeatDelayMillis(5001)),
                new Case(Rule.SERVICE_ID_OUT_OF_RANGE, IDS + UDS + "subFunctionServices = {0xBA, 0x1BA}",
                        "subFunctionServices = |{0xBA, 0x1BA}",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).subFunctionServices(0xBA, 0x1BA)),
                new Case(Rule.TESTER_PRESENT_OUT_OF_RANGE, IDS + UDS + "testerPresentMillis = 5000", "|5000",
                        b -> b.iface("vcan0").rxid(0x123).txid(0x456).uds(true).testerPresentMillis(5000)));
    }

    static String interfaceWith(String arguments) {
        return "package test;\n"
                + "\n"
                + "import dev.isotp.AddressingMode;\n"
                + "import dev.isotp.IsoTpChannel;\n"
                + "\n"
                + "@IsoTpChannel(" + arguments + ")\n"
                + "public interface Ecu extends AutoCloseable {\n"
                + "    void send(byte[] payload);\n" // sends only: valid with every flag (broadcast ones too)
                + "}\n";
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyRuleIsAnErrorOnTheValueWithTheRuntimesWords(Case c) {
        String text = interfaceWith(c.arguments());
        JavaFileObject file = source("test.Ecu", text);
        List<Problem> runtime = c.runtime().apply(IsoTpConfig.builder()).validate();
        assertEquals(1, runtime.size(), () -> "the case should break one rule: " + runtime);
        assertEquals(c.rule(), runtime.get(0).rule());

        Compilation compilation = compile(file);

        assertOnlyError(compilation, file, text, runtime.get(0).message(), markerAt(text, c.marker()));
    }

    /** The unique text from the '|' on, made unique by the context before it. */
    private static String markerAt(String text, String marker) {
        String plain = marker.replace("|", "");
        int at = text.indexOf(plain) + marker.indexOf('|');
        // the rest of the line from the caret, which is unique in these sources
        int end = text.indexOf('\n', at);
        return text.substring(at, end);
    }

    @Test
    void everyRuleTheAnnotationCanBreakHasACase() {
        Set<Rule> covered = cases().map(Case::rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
        Set<Rule> missing = EnumSet.allOf(Rule.class);
        missing.removeAll(covered);
        missing.removeAll(UNREACHABLE);
        assertEquals(Set.of(), missing, "rules without a compile-time case");
    }

    @Test
    void udsChannelWithoutIsoTpChannelIsAnErrorOnIt() {
        String text = "package test;\n\n@dev.isotp.UdsChannel(p2Millis = 100)\npublic interface Ecu extends AutoCloseable {\n"
                + "    byte[] request(byte[] request);\n}\n";
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "@UdsChannel on Ecu declares how a channel speaks UDS, but Ecu is "
                + "not a channel: annotate it with @IsoTpChannel as well", "@dev.isotp.UdsChannel(p2Millis = 100)");
    }

    @Test
    void aUdsChannelsSettingsReachTheGeneratedConfiguration() {
        String text = interfaceWith(IDS + UDS + "p2StarMillis = 10000, testerPresentMillis = 1500");
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = compile(file);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.IsoTp_Ecu").contentsAsUtf8String()
                .contains(".uds(true)");
        String generated = Compiling.generatedSource(compilation, "test.IsoTp_Ecu");
        org.junit.jupiter.api.Assertions.assertTrue(generated.contains(".p2StarMillis(10000L)")
                && generated.contains(".testerPresentMillis(1500L)"), generated);
    }

    @Test
    void theIssuesExampleMessage() {
        String text = interfaceWith(IDS + ", stmin = 0x80");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text,
                "stmin 0x80 is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)", "0x80)");
    }

    @Test
    void allProblemsOfOneInterfaceInOneCompile() {
        String text = interfaceWith("iface = \"vcan0\", rxid = 0x800, txid = 0x456, stmin = 0x80, bs = 256, "
                + "bitRateSwitch = true");
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertEquals(4, compilation.errors().size(), () -> "errors: " + compilation.errors());
        List<Problem> runtime = IsoTpConfig.builder().iface("vcan0").rxid(0x800).txid(0x456).stmin(0x80).bs(256)
                .bitRateSwitch(true).validate();
        assertEquals(4, runtime.size());
        for (Problem p : runtime) {
            assertErrorAt(compilation, file, p.message(), valuePosition(text, p.attribute().elementName()));
        }
    }

    @Test
    void problemsOfTwoInterfacesAreReportedInTheSameCompile() {
        String first = interfaceWith(IDS + ", stmin = 0x80");
        String second = first.replace("interface Ecu", "interface Tester").replace("0x80", "0xFA");
        JavaFileObject a = source("test.Ecu", first);
        JavaFileObject b = source("test.Tester", second);
        Compilation compilation = compile(a, b);
        assertEquals(2, compilation.errors().size(), () -> "errors: " + compilation.errors());
        assertError(compilation, a, first, "stmin 0x80 is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)",
                "0x80)");
        assertError(compilation, b, second, "stmin 0xFA is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)",
                "0xFA)");
    }
}
