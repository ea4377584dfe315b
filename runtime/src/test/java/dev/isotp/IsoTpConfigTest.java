package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import dev.isotp.validation.Rule;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The builder of {@link IsoTpConfig}: its defaults, its copies, and the exception that lists every problem. */
class IsoTpConfigTest {

    @Test
    void defaults() {
        IsoTpConfig c = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).build();
        assertEquals("vcan0", c.iface());
        assertEquals(AddressingMode.NORMAL_11, c.address().mode());
        assertEquals(0x7E8, c.address().rxid());
        assertEquals(0x7E0, c.address().txid());
        assertEquals(Address.builder(AddressingMode.NORMAL_11).rxid(0x7E8).txid(0x7E0).build(), c.address());
        assertTrue(c.generalOptions().waitTxDone());
        assertEquals(GeneralOptions.builder().build(), c.generalOptions());
        assertEquals(EnumSet.of(IsoTpFlag.WAIT_TX_DONE), c.generalOptions().flags());
        assertEquals(FlowControlOptions.DEFAULT, c.flowControl());
        assertEquals(LinkLayerOptions.CLASSIC, c.linkLayer());
        assertEquals(8, c.linkLayer().txDataLength());
        assertEquals(OptionalLong.empty(), c.txStminNanos());
        assertEquals(OptionalLong.empty(), c.rxStminNanos());
        assertEquals(Duration.ZERO, c.receiveTimeout());
        assertEquals(0, c.receiveBufferSize());
    }

    @Test
    void theExampleOfTheDocumentation() {
        IsoTpConfig c = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).stmin(5).bs(10).build();
        assertEquals(FlowControlOptions.builder().stmin(5).bs(10).build(), c.flowControl());
    }

    static IsoTpConfig.Builder everythingSet(AddressingMode mode) {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("can1").mode(mode)
                .stmin(0xF3).bs(8).wftmax(2)
                .txPadding(0xCC).rxPadding(0xAA).checkPaddingLength(true).checkPaddingData(true)
                .halfDuplex(true).waitTxDone(false).listenMode(true).sfBroadcast(true).dynamicFlowControl(true)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO)
                .txStminNanos(100_000).rxStminNanos(0xFFFFFFFFL)
                .canFd(true).txDataLength(64).bitRateSwitch(true)
                .receiveTimeout(Duration.ofSeconds(3)).receiveBufferSize(8300);
        if (mode.idsGiven()) {
            b.rxid(mode.extendedIds() ? 0x1FFFFFFF : 0x7FF).txid(0);
        }
        if (mode.usesTargetAndSource()) {
            b.targetAddress(0x10).sourceAddress(0xF1);
        }
        if (mode.usesAddressExtension()) {
            b.addressExtension(0xFF);
        }
        if (mode.hasFunctionalIds()) {
            b.functional(true);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(AddressingMode.class)
    void toBuilderRoundTrips(AddressingMode mode) {
        IsoTpConfig c = everythingSet(mode).build();
        IsoTpConfig copy = c.toBuilder().build();
        assertEquals(c, copy);
        assertEquals(c.hashCode(), copy.hashCode());
        assertEquals(c.toString(), copy.toString());
        assertEquals(List.of(), c.toBuilder().validate());
        assertEquals(mode, copy.address().mode());
        assertEquals(mode.hasFunctionalIds(), copy.address().functional());

        IsoTpConfig plain = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).build();
        assertEquals(plain, plain.toBuilder().build());
    }

    @Test
    void everyValueIsKept() {
        IsoTpConfig c = everythingSet(AddressingMode.MIXED_29).build();
        assertEquals("can1", c.iface());
        assertEquals(0x18CD10F1, c.address().txid());
        assertEquals(0x18CEF110, c.address().rxid());
        assertEquals(OptionalInt.of(0xFF), c.address().addressExtension());
        assertEquals(FlowControlOptions.builder().stmin(0xF3).bs(8).wftmax(2).build(), c.flowControl());
        assertEquals(GeneralOptions.builder().txPadding(0xCC).rxPadding(0xAA).checkPaddingLength(true)
                .checkPaddingData(true).halfDuplex(true).waitTxDone(false).listenMode(true).sfBroadcast(true)
                .dynamicFlowControl(true).frameTxTimeNanos(0xFFFFFFFFL).build(), c.generalOptions());
        assertEquals(OptionalLong.of(100_000), c.txStminNanos());
        assertEquals(OptionalLong.of(0xFFFFFFFFL), c.rxStminNanos());
        assertEquals(LinkLayerOptions.canFd(64, true), c.linkLayer());
        assertEquals(Duration.ofSeconds(3), c.receiveTimeout());
        assertEquals(8300, c.receiveBufferSize());
    }

    @Test
    void toBuilderChangesOneValue() {
        IsoTpConfig c = everythingSet(AddressingMode.EXTENDED_11).build();
        IsoTpConfig other = c.toBuilder().iface("vcan0").build();
        assertEquals("vcan0", other.iface());
        assertNotEquals(c, other);
        assertEquals(c, other.toBuilder().iface("can1").build());
        // the copy keeps "not set" apart from 0
        IsoTpConfig noForced = IsoTpConfig.builder().iface("vcan0").rxid(1).txid(2).build();
        assertEquals(OptionalLong.empty(), noForced.toBuilder().build().txStminNanos());
        assertNotEquals(noForced, noForced.toBuilder().txStminNanos(0).build());
    }

    @Test
    void partsCanBeTakenFromTheirOwnTypes() {
        Address address = Address.builder(AddressingMode.EXTENDED_29).rxid(0x18DAF155).txid(0x18DA55F1)
                .targetAddress(0x55).sourceAddress(0xAA).build();
        GeneralOptions general = GeneralOptions.builder().rxPadding(0x55).checkPaddingData(true).build();
        FlowControlOptions fc = FlowControlOptions.builder().bs(5).stmin(20).build();
        LinkLayerOptions ll = LinkLayerOptions.canFd(32, false);
        IsoTpConfig c = IsoTpConfig.builder().iface("vcan0").address(address).generalOptions(general).flowControl(fc)
                .linkLayer(ll).build();
        assertEquals(address, c.address());
        assertEquals(general, c.generalOptions());
        assertEquals(fc, c.flowControl());
        assertEquals(ll, c.linkLayer());
        // generalOptions(...) replaces earlier padding, also with "none"
        IsoTpConfig replaced = IsoTpConfig.builder().iface("vcan0").rxid(1).txid(2).txPadding(0xCC)
                .generalOptions(GeneralOptions.builder().build()).build();
        assertEquals(OptionalInt.empty(), replaced.generalOptions().txPadding());
        // address(...) of a fixed mode clears ids set before
        IsoTpConfig fixed = IsoTpConfig.builder().iface("vcan0").rxid(1).txid(2)
                .address(Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(1).sourceAddress(2).build())
                .build();
        assertEquals(0x18DA0102, fixed.address().txid());
    }

    @Test
    void receiveTimeoutAsDuration() {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("vcan0").rxid(1).txid(2);
        assertEquals(Duration.ofMillis(1500), b.receiveTimeout(Duration.ofMillis(1500)).build().receiveTimeout());
        assertEquals(Rule.TIMEOUT_OUT_OF_RANGE, b.receiveTimeout(Duration.ofMillis(-1)).validate().get(0).rule());
        assertEquals(Rule.TIMEOUT_OUT_OF_RANGE, b.receiveTimeout(Duration.ofDays(30)).validate().get(0).rule());
    }

    @Test
    void theExceptionListsEveryProblem() {
        IsoTpConfig.Builder b = IsoTpConfig.builder().rxid(0x7E0).txid(0x7E0).stmin(0xFA).canFd(false)
                .txDataLength(16);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, b::build);
        List<Problem> problems = e.problems();
        assertEquals(List.of(Attribute.IFACE, Attribute.TXID, Attribute.STMIN, Attribute.TX_DATA_LENGTH),
                problems.stream().map(Problem::attribute).collect(java.util.stream.Collectors.toList()));
        String nl = System.lineSeparator();
        assertEquals("4 problems in the ISO-TP configuration:"
                + nl + "  - iface is missing: name the CAN interface, e.g. \"vcan0\" or \"can0\""
                + nl + "  - txid 0x7E0 equals rxid: a channel receives and transmits on different CAN ids (the kernel"
                + " refuses equal ids with EADDRNOTAVAIL)"
                + nl + "  - stmin 0xFA is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)"
                + nl + "  - txDataLength 16 needs CAN FD: classic CAN frames carry 8 bytes, use 8 or set canFd = true",
                e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> e.problems().clear());
        assertEquals(problems, b.validate());
    }
}
