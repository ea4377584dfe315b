package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.Rule;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FlowControlOptions, LinkLayerOptions, GeneralOptions, IsoTpFlag and KernelOptions. */
class OptionsTest {

    // ---- flow control

    @Test
    void flowControlBuilder() {
        FlowControlOptions fc = FlowControlOptions.builder().stmin(5).bs(10).build();
        assertEquals(5, fc.stmin());
        assertEquals(10, fc.bs());
        assertEquals(0, fc.wftmax());
        assertEquals(fc, fc.toBuilder().build());
        assertEquals(fc.hashCode(), fc.toBuilder().build().hashCode());
        assertNotEquals(fc, fc.toBuilder().wftmax(1).build());
        assertEquals("FlowControlOptions[bs=10, stmin=0x05, wftmax=0]", fc.toString());
        FlowControlOptions edges = FlowControlOptions.builder().bs(255).stmin(0xF9).wftmax(255).build();
        assertEquals(edges, edges.toBuilder().build());
    }

    @Test
    void flowControlDefaultIsTheKernels() {
        assertEquals(0, FlowControlOptions.DEFAULT.bs());
        assertEquals(0, FlowControlOptions.DEFAULT.stmin());
        assertEquals(0, FlowControlOptions.DEFAULT.wftmax());
        assertEquals(FlowControlOptions.DEFAULT, FlowControlOptions.builder().build());
    }

    @Test
    void flowControlRefusesEveryBadValueAtOnce() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> FlowControlOptions.builder().bs(256).stmin(0x80).wftmax(-1).build());
        assertEquals(List.of(Attribute.BS, Attribute.STMIN, Attribute.WFTMAX),
                e.problems().stream().map(p -> p.attribute()).collect(java.util.stream.Collectors.toList()));
        assertEquals(Rule.STMIN_RESERVED, e.problems().get(1).rule());
    }

    // ---- link layer

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16, 20, 24, 32, 48, 64})
    void canFdLengths(int length) {
        LinkLayerOptions ll = LinkLayerOptions.canFd(length, true);
        assertTrue(ll.canFd());
        assertEquals(length, ll.txDataLength());
        assertTrue(ll.bitRateSwitch());
        assertEquals(ll, LinkLayerOptions.of(true, length, true));
        assertEquals(ll.hashCode(), LinkLayerOptions.of(true, length, true).hashCode());
        assertNotEquals(ll, LinkLayerOptions.canFd(length, false));
    }

    @Test
    void classic() {
        assertEquals(LinkLayerOptions.CLASSIC, LinkLayerOptions.of(false, 8, false));
        assertFalse(LinkLayerOptions.CLASSIC.canFd());
        assertEquals(8, LinkLayerOptions.CLASSIC.txDataLength());
        assertFalse(LinkLayerOptions.CLASSIC.bitRateSwitch());
        assertEquals("LinkLayerOptions[classic CAN]", LinkLayerOptions.CLASSIC.toString());
        assertEquals("LinkLayerOptions[CAN FD, txDataLength=64, bit rate switch]", LinkLayerOptions.canFd(64, true).toString());
        assertEquals("LinkLayerOptions[CAN FD, txDataLength=8]", LinkLayerOptions.canFd(8, false).toString());
        assertNotEquals(LinkLayerOptions.CLASSIC, LinkLayerOptions.canFd(8, false));
    }

    @Test
    void linkLayerRefusals() {
        assertEquals(Rule.TX_DATA_LENGTH_INVALID, refused(() -> LinkLayerOptions.canFd(9, false)).get(0).rule());
        assertEquals(Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, refused(() -> LinkLayerOptions.of(false, 64, false)).get(0).rule());
        assertEquals(Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, refused(() -> LinkLayerOptions.of(false, 8, true)).get(0).rule());
        assertEquals(2, refused(() -> LinkLayerOptions.of(false, 12, true)).size());
    }

    private static List<dev.isotp.validation.Problem> refused(Runnable r) {
        return assertThrows(InvalidConfigurationException.class, r::run).problems();
    }

    // ---- general options

    @Test
    void generalDefaults() {
        GeneralOptions g = GeneralOptions.builder().build();
        assertTrue(g.waitTxDone());
        assertEquals(EnumSet.of(IsoTpFlag.WAIT_TX_DONE), g.flags());
        assertEquals(OptionalInt.empty(), g.txPadding());
        assertEquals(OptionalInt.empty(), g.rxPadding());
        assertFalse(g.checkPaddingLength() || g.checkPaddingData() || g.halfDuplex() || g.listenMode()
                || g.sfBroadcast() || g.cfBroadcast() || g.dynamicFlowControl());
        assertEquals(GeneralOptions.FRAME_TX_TIME_DEFAULT, g.frameTxTimeNanos());
        assertEquals(0L, GeneralOptions.FRAME_TX_TIME_DEFAULT);
        assertEquals(0xFFFFFFFFL, GeneralOptions.FRAME_TX_TIME_ZERO);
        assertEquals(Set.of(), GeneralOptions.builder().waitTxDone(false).build().flags());
    }

    /** Each option of the builder and the one flag it stands for (starting from waitTxDone off). */
    static Stream<Arguments> optionToFlag() {
        return Stream.of(
                option(b -> b.txPadding(0xCC), IsoTpFlag.TX_PADDING),
                option(b -> b.rxPadding(0xAA), IsoTpFlag.RX_PADDING),
                option(b -> b.checkPaddingLength(true), IsoTpFlag.CHK_PAD_LEN),
                option(b -> b.rxPadding(0xAA).checkPaddingData(true), IsoTpFlag.RX_PADDING, IsoTpFlag.CHK_PAD_DATA),
                option(b -> b.halfDuplex(true), IsoTpFlag.HALF_DUPLEX),
                option(b -> b.waitTxDone(true), IsoTpFlag.WAIT_TX_DONE),
                option(b -> b.listenMode(true), IsoTpFlag.LISTEN_MODE),
                option(b -> b.sfBroadcast(true), IsoTpFlag.SF_BROADCAST),
                option(b -> b.cfBroadcast(true), IsoTpFlag.CF_BROADCAST),
                option(b -> b.dynamicFlowControl(true), IsoTpFlag.DYN_FC_PARMS),
                option(b -> b.frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO)));
    }

    private static Arguments option(UnaryOperator<GeneralOptions.Builder> set, IsoTpFlag... flags) {
        EnumSet<IsoTpFlag> expected = EnumSet.noneOf(IsoTpFlag.class);
        expected.addAll(List.of(flags));
        return Arguments.of(set, expected);
    }

    @ParameterizedTest
    @MethodSource("optionToFlag")
    void everyOptionMapsToItsFlag(UnaryOperator<GeneralOptions.Builder> set, Set<IsoTpFlag> expected) {
        GeneralOptions g = set.apply(GeneralOptions.builder().waitTxDone(false)).build();
        assertEquals(expected, g.flags());
        assertEquals(g, g.toBuilder().build());
        assertEquals(g.hashCode(), g.toBuilder().build().hashCode());
        // the address and forced-STmin flags are the socket's, never the general options'
        for (IsoTpFlag f : List.of(IsoTpFlag.EXTEND_ADDR, IsoTpFlag.RX_EXT_ADDR, IsoTpFlag.FORCE_TXSTMIN,
                IsoTpFlag.FORCE_RXSTMIN)) {
            assertFalse(g.flags().contains(f));
        }
    }

    @Test
    void everythingOnRoundTrips() {
        GeneralOptions g = GeneralOptions.builder().txPadding(0x00).rxPadding(0xFF).checkPaddingLength(true)
                .checkPaddingData(true).halfDuplex(true).listenMode(true).cfBroadcast(true).dynamicFlowControl(true)
                .frameTxTimeNanos(1234).build();
        assertEquals(EnumSet.of(IsoTpFlag.TX_PADDING, IsoTpFlag.RX_PADDING, IsoTpFlag.CHK_PAD_LEN, IsoTpFlag.CHK_PAD_DATA,
                IsoTpFlag.HALF_DUPLEX, IsoTpFlag.WAIT_TX_DONE, IsoTpFlag.LISTEN_MODE, IsoTpFlag.CF_BROADCAST,
                IsoTpFlag.DYN_FC_PARMS), g.flags());
        assertEquals(OptionalInt.of(0x00), g.txPadding());
        assertEquals(OptionalInt.of(0xFF), g.rxPadding());
        assertEquals(1234, g.frameTxTimeNanos());
        assertEquals(g, g.toBuilder().build());
        assertNotEquals(g, g.toBuilder().noTxPadding().build());
        assertNotEquals(g, g.toBuilder().txPadding(0x01).build());
        assertNotEquals(g, g.toBuilder().frameTxTimeNanos(0).build());
        assertEquals(OptionalInt.empty(), g.toBuilder().noTxPadding().noRxPadding().checkPaddingData(false).build().txPadding());
    }

    @Test
    void generalBuildRefuses() {
        List<dev.isotp.validation.Problem> problems = refused(() -> GeneralOptions.builder().txPadding(0x100)
                .checkPaddingData(true).sfBroadcast(true).cfBroadcast(true).frameTxTimeNanos(-1).build());
        assertEquals(List.of(Rule.BYTE_OUT_OF_RANGE, Rule.PADDING_CHECK_WITHOUT_RX_PADDING, Rule.BROADCAST_BOTH,
                Rule.NANOS_OUT_OF_RANGE), problems.stream().map(p -> p.rule()).collect(java.util.stream.Collectors.toList()));
    }

    // ---- flags

    @Test
    void flagBitsAreTheKernels() {
        int[] bits = {0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0x0040, 0x0080, 0x0100, 0x0200, 0x0400, 0x0800,
            0x1000, 0x2000};
        IsoTpFlag[] flags = {IsoTpFlag.LISTEN_MODE, IsoTpFlag.EXTEND_ADDR, IsoTpFlag.TX_PADDING, IsoTpFlag.RX_PADDING,
            IsoTpFlag.CHK_PAD_LEN, IsoTpFlag.CHK_PAD_DATA, IsoTpFlag.HALF_DUPLEX, IsoTpFlag.FORCE_TXSTMIN,
            IsoTpFlag.FORCE_RXSTMIN, IsoTpFlag.RX_EXT_ADDR, IsoTpFlag.WAIT_TX_DONE, IsoTpFlag.SF_BROADCAST,
            IsoTpFlag.CF_BROADCAST, IsoTpFlag.DYN_FC_PARMS};
        assertEquals(flags.length, IsoTpFlag.values().length);
        for (int i = 0; i < flags.length; i++) {
            assertEquals(bits[i], flags[i].bit(), flags[i]::name);
        }
    }

    @Test
    void flagVersions() {
        assertEquals("5.10", IsoTpFlag.WAIT_TX_DONE.since());
        assertEquals("5.11", IsoTpFlag.SF_BROADCAST.since());
        assertEquals("5.19", IsoTpFlag.CF_BROADCAST.since());
        assertEquals("6.9", IsoTpFlag.DYN_FC_PARMS.since());
        assertTrue(IsoTpFlag.CF_BROADCAST.knownTo(5, 19));
        assertFalse(IsoTpFlag.CF_BROADCAST.knownTo(5, 18));
        assertTrue(IsoTpFlag.CF_BROADCAST.knownTo(6, 0));
        assertFalse(IsoTpFlag.DYN_FC_PARMS.knownTo(6, 8));
        assertTrue(IsoTpFlag.DYN_FC_PARMS.knownTo(6, 9));
        assertFalse(IsoTpFlag.LISTEN_MODE.knownTo(4, 19));
    }

    @Test
    void encodeAndDecodeRoundTripForEverySubset() {
        int all = 0;
        for (IsoTpFlag f : IsoTpFlag.values()) {
            all |= f.bit();
        }
        assertEquals(0x3FFF, all);
        for (int bits = 0; bits <= all; bits++) {
            Set<IsoTpFlag> decoded = IsoTpFlag.decode(bits);
            assertEquals(Integer.bitCount(bits), decoded.size());
            assertEquals(bits, IsoTpFlag.encode(decoded));
        }
        assertEquals(EnumSet.allOf(IsoTpFlag.class), IsoTpFlag.decode(0xFFFFFFFF)); // unknown bits are ignored
        assertEquals(0, IsoTpFlag.encode(List.of()));
    }

    // ---- kernel options

    @Test
    void kernelOptionsInTheWordsOfGeneralOptions() {
        GeneralOptions g = GeneralOptions.builder().txPadding(0xCC).rxPadding(0xAA).checkPaddingData(true)
                .sfBroadcast(true).frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).build();
        EnumSet<IsoTpFlag> flags = EnumSet.copyOf(g.flags());
        flags.add(IsoTpFlag.EXTEND_ADDR);
        flags.add(IsoTpFlag.RX_EXT_ADDR);
        flags.add(IsoTpFlag.FORCE_TXSTMIN);
        KernelOptions k = new KernelOptions(flags, 0xFFFFFFFFL, 0x55, 0xCC, 0xAA, 0x66);
        assertEquals(g, k.generalOptions());
        assertEquals(flags, k.flags());
        assertEquals(0x55, k.extAddress());
        assertEquals(0x66, k.rxExtAddress());
        assertEquals(0xCC, k.txPadContent());
        assertEquals(0xAA, k.rxPadContent());
        assertThrows(UnsupportedOperationException.class, () -> k.flags().clear());
        // without the padding flags the pad bytes (kernel default 0xCC) are not options
        KernelOptions defaults = new KernelOptions(Set.of(), 0, 0, 0xCC, 0xCC, 0);
        assertEquals(GeneralOptions.builder().waitTxDone(false).build(), defaults.generalOptions());
    }
}
