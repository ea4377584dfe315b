package dev.isotp.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpConfig;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One example per {@link Rule}, with the attribute to blame and the exact message. A rule added to the enum without an
 * example here fails {@link #everyRuleHasAnExampleWithItsExactMessage(Rule)}.
 */
class RuleCatalogTest {

    private static final class Example {
        final IsoTpConfig.Builder config;
        final Attribute attribute;
        final String message;

        Example(IsoTpConfig.Builder config, Attribute attribute, String message) {
            this.config = config;
            this.attribute = attribute;
            this.message = message;
        }
    }

    private static final Map<Rule, Example> EXAMPLES = new EnumMap<>(Rule.class);

    private static void example(Rule rule, IsoTpConfig.Builder config, Attribute attribute, String message) {
        EXAMPLES.put(rule, new Example(config, attribute, message));
    }

    private static IsoTpConfig.Builder valid() {
        return IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0);
    }

    static {
        example(Rule.IFACE_MISSING, valid().iface(null), Attribute.IFACE,
                "iface is missing: name the CAN interface, e.g. \"vcan0\" or \"can0\"");
        example(Rule.IFACE_INVALID, valid().iface("can0:1"), Attribute.IFACE,
                "iface \"can0:1\" is not a valid interface name: use 1-15 printable ASCII characters other than '/', ':'"
                        + " and space, and not \".\" or \"..\"");
        example(Rule.MODE_MISSING, valid().mode(null), Attribute.MODE,
                "mode is missing: choose one of NORMAL_11, NORMAL_29, NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29,"
                        + " MIXED_11, MIXED_29");
        example(Rule.ID_MISSING, IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.NORMAL_29).rxid(0x18DAF110L),
                Attribute.TXID, "txid is missing: NORMAL_29 needs both rxid and txid");
        example(Rule.ID_NOT_11_BIT, valid().txid(0x800), Attribute.TXID,
                "txid 0x800 does not fit an 11-bit CAN id (NORMAL_11): use 0x000-0x7FF, or a 29-bit mode such as"
                        + " NORMAL_29 for larger ids");
        example(Rule.ID_NOT_29_BIT, valid().mode(AddressingMode.NORMAL_29).rxid(0x80000000L | 0x7E8), Attribute.RXID,
                "rxid 0x800007E8 does not fit a 29-bit CAN id (NORMAL_29): use 0x00000000-0x1FFFFFFF, without"
                        + " CAN_EFF_FLAG (the mode sets it)");
        example(Rule.ID_DERIVED, IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.MIXED_29).targetAddress(0x10)
                        .sourceAddress(0xF1).addressExtension(0x42).txid(0x18CE10F1L), Attribute.TXID,
                "txid 0x18CE10F1 is not used by MIXED_29: its CAN ids are derived from targetAddress and sourceAddress,"
                        + " leave txid unset");
        example(Rule.IDS_EQUAL, valid().rxid(0x123).txid(0x123), Attribute.TXID,
                "txid 0x123 equals rxid: a channel receives and transmits on different CAN ids (the kernel refuses"
                        + " equal ids with EADDRNOTAVAIL)");
        example(Rule.ADDRESSES_EQUAL, IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.NORMAL_FIXED_29)
                        .targetAddress(0xF1).sourceAddress(0xF1), Attribute.SOURCE_ADDRESS,
                "sourceAddress 0xF1 equals targetAddress: NORMAL_FIXED_29 derives the receive and transmit ids from both,"
                        + " so they would be the same CAN id (the kernel refuses equal ids with EADDRNOTAVAIL); use"
                        + " different addresses");
        example(Rule.ADDRESS_BYTE_MISSING, valid().mode(AddressingMode.EXTENDED_11).targetAddress(0x55),
                Attribute.SOURCE_ADDRESS, "sourceAddress is missing: EXTENDED_11 needs it (a byte, 0x00-0xFF)");
        example(Rule.ADDRESS_BYTE_NOT_USED, valid().mode(AddressingMode.MIXED_11).addressExtension(0x42)
                        .targetAddress(0x5), Attribute.TARGET_ADDRESS,
                "targetAddress 0x05 is not used by MIXED_11: leave it unset, or choose a mode that uses it");
        example(Rule.FUNCTIONAL_NOT_USED, valid().functional(true), Attribute.FUNCTIONAL,
                "functional is only meaningful where the ids are derived (NORMAL_FIXED_29, MIXED_29), not in NORMAL_11:"
                        + " give txid the functional id instead");
        example(Rule.BYTE_OUT_OF_RANGE, valid().rxPadding(0x1CC), Attribute.RX_PADDING,
                "rxPadding 0x1CC does not fit in a byte: use 0x00-0xFF");
        example(Rule.COUNT_OUT_OF_RANGE, valid().bs(300), Attribute.BS,
                "bs 300 does not fit in a byte: use 0-255 (frames per block, 0 = no further flow control)");
        example(Rule.STMIN_OUT_OF_RANGE, valid().stmin(1000), Attribute.STMIN,
                "stmin 0x3E8 does not fit in a byte: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)");
        example(Rule.STMIN_RESERVED, valid().stmin(0xF0), Attribute.STMIN,
                "stmin 0xF0 is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)");
        example(Rule.NANOS_OUT_OF_RANGE, valid().rxStminNanos(-5), Attribute.RX_STMIN_NANOS,
                "rxStminNanos -5 is out of range: use 0-4294967295 ns (a 32-bit unsigned value)");
        example(Rule.BROADCAST_BOTH, valid().cfBroadcast(true).sfBroadcast(true), Attribute.CF_BROADCAST,
                "cfBroadcast cannot be combined with sfBroadcast: the kernel allows one broadcast mode per socket, set"
                        + " only one of them");
        example(Rule.PADDING_CHECK_WITHOUT_RX_PADDING, valid().checkPaddingData(true), Attribute.CHECK_PADDING_DATA,
                "checkPaddingData needs rxPadding: without an expected padding byte the kernel cannot compare the"
                        + " padding and refuses every received frame as malformed (EBADMSG; with checkPaddingLength it"
                        + " checks only the length), set rxPadding (e.g. 0xCC)");
        example(Rule.TX_DATA_LENGTH_INVALID, valid().canFd(true).txDataLength(63), Attribute.TX_DATA_LENGTH,
                "txDataLength 63 is not a CAN frame data length: use one of 8, 12, 16, 20, 24, 32, 48, 64");
        example(Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, valid().txDataLength(64), Attribute.TX_DATA_LENGTH,
                "txDataLength 64 needs CAN FD: classic CAN frames carry 8 bytes, use 8 or set canFd = true");
        example(Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, valid().bitRateSwitch(true), Attribute.BIT_RATE_SWITCH,
                "bitRateSwitch needs CAN FD: classic CAN has no bit rate switch, set canFd = true or turn bitRateSwitch"
                        + " off");
        example(Rule.TIMEOUT_OUT_OF_RANGE, valid().receiveTimeoutMillis(-1000), Attribute.RECEIVE_TIMEOUT_MILLIS,
                "receiveTimeoutMillis -1000 is out of range: use 0-2147483647 ms (0 waits without limit)");
        example(Rule.BUFFER_SIZE_OUT_OF_RANGE, valid().receiveBufferSize(2_000_000), Attribute.RECEIVE_BUFFER_SIZE,
                "receiveBufferSize 2000000 is out of range: use 1-1049600 bytes, or 0 for the kernel's largest PDU");
        example(Rule.UDS_SETTING_WITHOUT_UDS, valid().p2StarMillis(10_000), Attribute.P2_STAR_MILLIS,
                "p2StarMillis 10000 is a UDS setting, but the channel does not speak UDS: annotate the interface with"
                        + " @UdsChannel (or set uds(true)), or leave p2StarMillis unset");
        example(Rule.P2_OUT_OF_RANGE, valid().uds(true).p2Millis(0), Attribute.P2_MILLIS,
                "p2Millis 0 is out of range: use 1-65535 ms (P2server_max, a 16-bit count of 1 ms in ISO 14229)");
        example(Rule.P2_STAR_OUT_OF_RANGE, valid().uds(true).p2StarMillis(655_351), Attribute.P2_STAR_MILLIS,
                "p2StarMillis 655351 is out of range: use 1-655350 ms (P2*server_max, a 16-bit count of 10 ms in"
                        + " ISO 14229)");
        example(Rule.ALLOWANCE_OUT_OF_RANGE, valid().uds(true).transferAllowanceMillis(-1),
                Attribute.TRANSFER_ALLOWANCE_MILLIS, "transferAllowanceMillis -1 is out of range: use 0-2147483647 ms,"
                        + " added to P2 and P2* for the answer's own transfer");
        example(Rule.PENDING_ANSWERS_OUT_OF_RANGE, valid().uds(true).maxPendingAnswers(65_536),
                Attribute.MAX_PENDING_ANSWERS, "maxPendingAnswers 65536 is out of range: use 0-65535 response-pending"
                        + " answers (0 = no count: requestTimeoutMillis alone bounds the wait)");
        example(Rule.BUSY_REPEATS_OUT_OF_RANGE, valid().uds(true).busyRepeats(-1), Attribute.BUSY_REPEATS,
                "busyRepeats -1 is out of range: use 0-255 repeats of a request the ECU refused with 0x21"
                        + " busyRepeatRequest (0 = never repeat)");
        example(Rule.BUSY_REPEAT_DELAY_OUT_OF_RANGE, valid().uds(true).busyRepeatDelayMillis(5001),
                Attribute.BUSY_REPEAT_DELAY_MILLIS, "busyRepeatDelayMillis 5001 is out of range: use 0-5000 ms before a"
                        + " request refused with 0x21 busyRepeatRequest is sent again");
        example(Rule.SERVICE_ID_OUT_OF_RANGE, valid().uds(true).subFunctionServices(0xBA, 0x1BA),
                Attribute.SUB_FUNCTION_SERVICES, "subFunctionServices holds 0x1BA, which is not a service identifier:"
                        + " use 0x00-0xFF");
        example(Rule.TESTER_PRESENT_OUT_OF_RANGE, valid().uds(true).testerPresentMillis(5000),
                Attribute.TESTER_PRESENT_MILLIS, "testerPresentMillis 5000 is out of range: use 1-4999 ms, below"
                        + " S3server's 5000 ms after which the ECU leaves its session, or 0 to send no TesterPresent");
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void everyRuleHasAnExampleWithItsExactMessage(Rule rule) {
        Example example = EXAMPLES.get(rule);
        assertNotNull(example, () -> "no test produces " + rule + ": add an example to RuleCatalogTest");
        List<Problem> problems = example.config.validate();
        assertEquals(1, problems.size(), problems::toString);
        Problem p = problems.get(0);
        assertEquals(rule, p.rule());
        assertEquals(example.attribute, p.attribute());
        assertEquals(example.message, p.message());
        assertEquals(example.message, p.toString());
        assertTrue(p.message().startsWith(p.attribute().elementName() + " "), p.message());
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, example.config::build);
        assertEquals(example.message, e.getMessage());
    }

    @Test
    void verdicts() {
        assertEquals(Rule.KernelVerdict.MISUSES, Rule.STMIN_RESERVED.verdict());
        assertEquals(Rule.KernelVerdict.MISUSES, Rule.PADDING_CHECK_WITHOUT_RX_PADDING.verdict());
        for (Rule r : List.of(Rule.ID_NOT_11_BIT, Rule.ID_NOT_29_BIT, Rule.IDS_EQUAL, Rule.ADDRESSES_EQUAL,
                Rule.BROADCAST_BOTH, Rule.TX_DATA_LENGTH_INVALID, Rule.TX_DATA_LENGTH_NEEDS_CAN_FD,
                Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, Rule.NANOS_OUT_OF_RANGE, Rule.BYTE_OUT_OF_RANGE)) {
            assertEquals(Rule.KernelVerdict.REFUSES, r.verdict(), r::name);
        }
        for (Rule r : List.of(Rule.TIMEOUT_OUT_OF_RANGE, Rule.BUFFER_SIZE_OUT_OF_RANGE, Rule.ID_DERIVED,
                Rule.FUNCTIONAL_NOT_USED, Rule.MODE_MISSING)) {
            assertEquals(Rule.KernelVerdict.LIBRARY, r.verdict(), r::name);
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("vcan0")
                .rxid(0x800).txid(0x7E0)         // 11-bit id too large
                .stmin(0x80)                      // reserved
                .bs(256)                          // not a byte
                .txPadding(0x100)                 // not a byte
                .txDataLength(7);                 // no frame has 7 bytes
        List<Problem> problems = b.validate();
        assertEquals(List.of(Rule.ID_NOT_11_BIT, Rule.COUNT_OUT_OF_RANGE, Rule.STMIN_RESERVED, Rule.BYTE_OUT_OF_RANGE,
                Rule.TX_DATA_LENGTH_INVALID), problems.stream().map(Problem::rule).collect(Collectors.toList()));
        assertEquals(List.of(Attribute.RXID, Attribute.BS, Attribute.STMIN, Attribute.TX_PADDING, Attribute.TX_DATA_LENGTH),
                problems.stream().map(Problem::attribute).collect(Collectors.toList()));
        List<String> messages = problems.stream().map(Problem::message).collect(Collectors.toList());
        assertEquals(List.of(
                "rxid 0x800 does not fit an 11-bit CAN id (NORMAL_11): use 0x000-0x7FF, or a 29-bit mode such as"
                        + " NORMAL_29 for larger ids",
                "bs 256 does not fit in a byte: use 0-255 (frames per block, 0 = no further flow control)",
                "stmin 0x80 is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)",
                "txPadding 0x100 does not fit in a byte: use 0x00-0xFF",
                "txDataLength 7 is not a CAN frame data length: use one of 8, 12, 16, 20, 24, 32, 48, 64"), messages);

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, b::build);
        assertEquals(problems, e.problems());
        String nl = System.lineSeparator();
        assertEquals("5 problems in the ISO-TP configuration:" + nl + "  - " + String.join(nl + "  - ", messages),
                e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void everySectionReportsInOneRun() {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("a b").mode(AddressingMode.EXTENDED_29)
                .rxid(-1).txid(0x20000000).targetAddress(0x100).addressExtension(1).functional(true)
                .stmin(-1).bs(-1).wftmax(256).txPadding(-1).rxPadding(0x100).checkPaddingData(true)
                .sfBroadcast(true).cfBroadcast(true).frameTxTimeNanos(-1).txStminNanos(0x100000000L)
                .rxStminNanos(-1).txDataLength(12).bitRateSwitch(true).receiveTimeoutMillis(-1)
                .receiveBufferSize(-1);
        List<Problem> problems = b.validate();
        assertEquals(List.of(Attribute.IFACE, Attribute.RXID, Attribute.TXID, Attribute.FUNCTIONAL,
                Attribute.TARGET_ADDRESS, Attribute.SOURCE_ADDRESS, Attribute.ADDRESS_EXTENSION, Attribute.BS,
                Attribute.STMIN, Attribute.WFTMAX, Attribute.TX_PADDING, Attribute.RX_PADDING, Attribute.CF_BROADCAST,
                Attribute.FRAME_TX_TIME_NANOS, Attribute.TX_STMIN_NANOS, Attribute.RX_STMIN_NANOS,
                Attribute.TX_DATA_LENGTH, Attribute.BIT_RATE_SWITCH, Attribute.RECEIVE_TIMEOUT_MILLIS,
                Attribute.RECEIVE_BUFFER_SIZE), problems.stream().map(Problem::attribute).collect(Collectors.toList()));
        assertEquals(List.of(Rule.IFACE_INVALID, Rule.ID_NOT_29_BIT, Rule.ID_NOT_29_BIT, Rule.FUNCTIONAL_NOT_USED,
                Rule.BYTE_OUT_OF_RANGE, Rule.ADDRESS_BYTE_MISSING, Rule.ADDRESS_BYTE_NOT_USED, Rule.COUNT_OUT_OF_RANGE,
                Rule.STMIN_OUT_OF_RANGE, Rule.COUNT_OUT_OF_RANGE, Rule.BYTE_OUT_OF_RANGE, Rule.BYTE_OUT_OF_RANGE,
                Rule.BROADCAST_BOTH, Rule.NANOS_OUT_OF_RANGE, Rule.NANOS_OUT_OF_RANGE, Rule.NANOS_OUT_OF_RANGE,
                Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, Rule.TIMEOUT_OUT_OF_RANGE,
                Rule.BUFFER_SIZE_OUT_OF_RANGE), problems.stream().map(Problem::rule).collect(Collectors.toList()));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, b::build);
        assertTrue(e.getMessage().startsWith("20 problems in the ISO-TP configuration:"), e.getMessage());
        for (Problem p : problems) {
            assertTrue(e.getMessage().contains(System.lineSeparator() + "  - " + p.message()), p.message());
        }
    }

    @Test
    void theValidatorCanBeCalledDirectly() {
        ConfigValidator v = new ConfigValidator().iface("vcan0")
                .address(AddressingMode.NORMAL_11, 0x7E8L, 0x7E0L, null, null, null, false, false)
                .flowControl(0, 0, 0)
                .generalOptions(null, null, false, false, false, false, 0)
                .forcedStmin(null, null)
                .linkLayer(false, 8, false)
                .receive(0, 0);
        assertEquals(List.of(), v.problems());
        assertTrue(v.problems().isEmpty());

        v.address(null, null, null, null, null, null, false, false);
        assertEquals(1, v.problems().size());
        assertEquals(Rule.MODE_MISSING, v.problems().get(0).rule());
        assertThrows(UnsupportedOperationException.class, () -> v.problems().clear());
        assertFalse(v.problems().isEmpty());
        // ids arrive as long: a value beyond int is named, not wrapped
        List<Problem> problems = new ConfigValidator()
                .address(AddressingMode.NORMAL_29, 0x1_0000_07E8L, 0x7E0L, null, null, null, false, false).problems();
        assertEquals("rxid 0x1000007E8 does not fit a 29-bit CAN id (NORMAL_29): use 0x00000000-0x1FFFFFFF, without"
                + " CAN_EFF_FLAG (the mode sets it)", problems.get(0).message());
    }

    @Test
    void attributeValuesAreWrittenAsUsersWriteThem() {
        assertEquals("0x800", Attribute.TXID.format(0x800L));
        assertEquals("0x7E0", Attribute.TXID.format(0x7E0));
        assertEquals("0x00", Attribute.TXID.format(0));
        assertEquals("0x05", Attribute.TARGET_ADDRESS.format(5));
        assertEquals("0x18DA10F1", Attribute.RXID.format(0x18DA10F1));
        assertEquals("-1 (0xFFFFFFFF)", Attribute.RXID.format(-1L));
        assertEquals("-1", Attribute.TX_PADDING.format(-1));
        assertEquals(Long.toString(Long.MIN_VALUE), Attribute.RXID.format(Long.MIN_VALUE));
        assertEquals("256", Attribute.BS.format(256));
        assertEquals("4294967296", Attribute.TX_STMIN_NANOS.format(0x100000000L));
        assertEquals("\"vcan0\"", Attribute.IFACE.format("vcan0"));
        assertEquals("txid", Attribute.TXID.toString());
    }

    /** Each attribute is named as the builder method (and annotation element) a user writes. */
    @ParameterizedTest
    @EnumSource(Attribute.class)
    void everyAttributeNamesABuilderMethod(Attribute attribute) {
        Set<String> methods = Arrays.stream(IsoTpConfig.Builder.class.getMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertTrue(methods.contains(attribute.elementName()), attribute.elementName());
    }
}
