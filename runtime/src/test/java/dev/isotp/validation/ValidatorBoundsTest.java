package dev.isotp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of the validator on both sides of its bound: the last value allowed is accepted (validate() empty and
 * build() succeeds), the first value beyond is refused with exactly one problem of the expected rule and attribute.
 */
class ValidatorBoundsTest {

    /** A valid NORMAL_11 configuration to change one value of. */
    static IsoTpConfig.Builder valid() {
        return IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0);
    }

    static IsoTpConfig.Builder valid(AddressingMode mode) {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface("vcan0").mode(mode);
        if (mode.idsGiven()) {
            b.rxid(mode.extendedIds() ? 0x18DAF110L : 0x7E8).txid(mode.extendedIds() ? 0x18DA10F1L : 0x7E0);
        }
        if (mode.usesTargetAndSource()) {
            b.targetAddress(0x10).sourceAddress(0xF1);
        }
        if (mode.usesAddressExtension()) {
            b.addressExtension(0x42);
        }
        return b;
    }

    static void assertAccepted(IsoTpConfig.Builder b) {
        assertEquals(List.of(), b.validate());
        b.build();
    }

    static Problem assertRefused(IsoTpConfig.Builder b, Rule rule, Attribute attribute) {
        List<Problem> problems = b.validate();
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        Problem p = problems.get(0);
        assertEquals(rule, p.rule(), p::message);
        assertEquals(attribute, p.attribute(), p::message);
        assertTrue(p.message().startsWith(attribute.elementName() + " "), p::message);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, b::build);
        assertEquals(problems, e.problems());
        assertEquals(p.message(), e.getMessage());
        return p;
    }

    @ParameterizedTest
    @EnumSource(AddressingMode.class)
    void theValidExampleOfEveryModeIsAccepted(AddressingMode mode) {
        assertAccepted(valid(mode));
    }

    // ---- ids

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_11", "EXTENDED_11", "MIXED_11"})
    void elevenBitIds(AddressingMode mode) {
        assertAccepted(valid(mode).rxid(0x7FF).txid(0x000));
        assertAccepted(valid(mode).rxid(0x000).txid(0x7FF));
        Problem p = assertRefused(valid(mode).rxid(0x800).txid(0x7E0), Rule.ID_NOT_11_BIT, Attribute.RXID);
        assertEquals("rxid 0x800 does not fit an 11-bit CAN id (" + mode + "): use 0x000-0x7FF, or a 29-bit mode such as"
                + " NORMAL_29 for larger ids", p.message());
        assertRefused(valid(mode).txid(0x800), Rule.ID_NOT_11_BIT, Attribute.TXID);
        assertEquals("txid -1 (0xFFFFFFFF) does not fit an 11-bit CAN id (" + mode + "): use 0x000-0x7FF, or a 29-bit"
                + " mode such as NORMAL_29 for larger ids",
                assertRefused(valid(mode).txid(-1), Rule.ID_NOT_11_BIT, Attribute.TXID).message());
        assertRefused(valid(mode).rxid(-1), Rule.ID_NOT_11_BIT, Attribute.RXID);
        assertRefused(valid(mode).rxid(0x18DAF110L), Rule.ID_NOT_11_BIT, Attribute.RXID);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_29", "EXTENDED_29"})
    void twentyNineBitIds(AddressingMode mode) {
        assertAccepted(valid(mode).rxid(0x1FFFFFFF).txid(0x0));
        assertAccepted(valid(mode).rxid(0x0).txid(0x1FFFFFFF));
        assertAccepted(valid(mode).rxid(0x7E8).txid(0x7E0)); // small ids are fine in a 29-bit mode
        Problem p = assertRefused(valid(mode).rxid(0x20000000), Rule.ID_NOT_29_BIT, Attribute.RXID);
        assertEquals("rxid 0x20000000 does not fit a 29-bit CAN id (" + mode + "): use 0x00000000-0x1FFFFFFF, without"
                + " CAN_EFF_FLAG (the mode sets it)", p.message());
        assertRefused(valid(mode).txid(0x20000000), Rule.ID_NOT_29_BIT, Attribute.TXID);
        assertRefused(valid(mode).txid(-1), Rule.ID_NOT_29_BIT, Attribute.TXID);
        assertRefused(valid(mode).txid(Long.MIN_VALUE), Rule.ID_NOT_29_BIT, Attribute.TXID);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_29", "EXTENDED_29"})
    void idsWithCanEffFlagAreRefusedWithTheHint(AddressingMode mode) {
        // written as a long: 0x80000000L | id
        Problem p = assertRefused(valid(mode).txid(0x80000000L | 0x18DA10F1L), Rule.ID_NOT_29_BIT, Attribute.TXID);
        assertEquals("txid 0x98DA10F1 does not fit a 29-bit CAN id (" + mode + "): use 0x00000000-0x1FFFFFFF, without"
                + " CAN_EFF_FLAG (the mode sets it)", p.message());
        // written as an int, as C code does: negative in Java; the message shows the bits the user wrote
        p = assertRefused(valid(mode).rxid(0x80000000 | 0x18DAF110), Rule.ID_NOT_29_BIT, Attribute.RXID);
        assertEquals("rxid " + (0x80000000 | 0x18DAF110) + " (0x98DAF110) does not fit a 29-bit CAN id (" + mode + "): use"
                + " 0x00000000-0x1FFFFFFF, without CAN_EFF_FLAG (the mode sets it)", p.message());
    }

    @Test
    void idsEqual() {
        Problem p = assertRefused(valid().rxid(0x7E0).txid(0x7E0), Rule.IDS_EQUAL, Attribute.TXID);
        assertEquals("txid 0x7E0 equals rxid: a channel receives and transmits on different CAN ids (the kernel refuses"
                + " equal ids with EADDRNOTAVAIL)", p.message());
        assertRefused(valid(AddressingMode.NORMAL_29).rxid(0x18DA10F1L).txid(0x18DA10F1L), Rule.IDS_EQUAL, Attribute.TXID);
        // with a broadcast flag the kernel registers no receive id, so equal ids are fine
        assertAccepted(valid().rxid(0x7E0).txid(0x7E0).sfBroadcast(true));
        assertAccepted(valid().rxid(0x7E0).txid(0x7E0).cfBroadcast(true));
        assertAccepted(valid().rxid(0x7DF).txid(0x7E0)); // neighbours are different ids
    }

    @Test
    void idsMissing() {
        assertRefused(IsoTpConfig.builder().iface("vcan0").txid(0x7E0), Rule.ID_MISSING, Attribute.RXID);
        assertRefused(IsoTpConfig.builder().iface("vcan0").rxid(0x7E8), Rule.ID_MISSING, Attribute.TXID);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_FIXED_29", "MIXED_29"})
    void idsGivenInFixedModesAreRefused(AddressingMode mode) {
        Problem p = assertRefused(valid(mode).rxid(0x18DAF110L), Rule.ID_DERIVED, Attribute.RXID);
        assertEquals("rxid 0x18DAF110 is not used by " + mode + ": its CAN ids are derived from targetAddress and"
                + " sourceAddress, leave rxid unset", p.message());
        assertRefused(valid(mode).txid(0x7E0), Rule.ID_DERIVED, Attribute.TXID);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_FIXED_29", "MIXED_29"})
    void equalTargetAndSourceInFixedModes(AddressingMode mode) {
        Problem p = assertRefused(valid(mode).targetAddress(0x33).sourceAddress(0x33), Rule.ADDRESSES_EQUAL,
                Attribute.SOURCE_ADDRESS);
        assertEquals("sourceAddress 0x33 equals targetAddress: " + mode + " derives the receive and transmit ids from"
                + " both, so they would be the same CAN id (the kernel refuses equal ids with EADDRNOTAVAIL); use"
                + " different addresses", p.message());
        // the kernel takes equal ids with a broadcast flag, and a functional tx id never equals the physical rx id
        assertAccepted(valid(mode).targetAddress(0x33).sourceAddress(0x33).sfBroadcast(true));
        assertAccepted(valid(mode).targetAddress(0x33).sourceAddress(0x33).cfBroadcast(true));
        assertAccepted(valid(mode).targetAddress(0x33).sourceAddress(0x33).functional(true));
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_11", "NORMAL_29", "EXTENDED_11", "EXTENDED_29", "MIXED_11"})
    void functionalOutsideFixedModesIsRefused(AddressingMode mode) {
        Problem p = assertRefused(valid(mode).functional(true), Rule.FUNCTIONAL_NOT_USED, Attribute.FUNCTIONAL);
        assertEquals("functional is only meaningful where the ids are derived (NORMAL_FIXED_29, MIXED_29), not in "
                + mode + ": give txid the functional id instead", p.message());
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_FIXED_29", "MIXED_29"})
    void functionalInFixedModesIsAccepted(AddressingMode mode) {
        assertAccepted(valid(mode).functional(true));
    }

    // ---- address bytes

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_FIXED_29", "EXTENDED_11", "EXTENDED_29", "MIXED_29"})
    void targetAndSourceBytes(AddressingMode mode) {
        assertAccepted(valid(mode).targetAddress(0x00).sourceAddress(0xFF));
        assertAccepted(valid(mode).targetAddress(0xFF).sourceAddress(0x00));
        assertRefused(valid(mode).targetAddress(-1), Rule.BYTE_OUT_OF_RANGE, Attribute.TARGET_ADDRESS);
        Problem p = assertRefused(valid(mode).targetAddress(0x100), Rule.BYTE_OUT_OF_RANGE, Attribute.TARGET_ADDRESS);
        assertEquals("targetAddress 0x100 does not fit in a byte: use 0x00-0xFF", p.message());
        p = assertRefused(valid(mode).sourceAddress(-1), Rule.BYTE_OUT_OF_RANGE, Attribute.SOURCE_ADDRESS);
        assertEquals("sourceAddress -1 does not fit in a byte: use 0x00-0xFF", p.message());
        assertRefused(valid(mode).sourceAddress(0x100), Rule.BYTE_OUT_OF_RANGE, Attribute.SOURCE_ADDRESS);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_FIXED_29", "EXTENDED_11", "EXTENDED_29", "MIXED_29"})
    void targetAndSourceMissing(AddressingMode mode) {
        IsoTpConfig.Builder noTarget = IsoTpConfig.builder().iface("vcan0").mode(mode).sourceAddress(0xF1);
        IsoTpConfig.Builder noSource = IsoTpConfig.builder().iface("vcan0").mode(mode).targetAddress(0x10);
        for (IsoTpConfig.Builder b : List.of(noTarget, noSource)) {
            if (mode.idsGiven()) {
                b.rxid(0x641).txid(0x640);
            }
            if (mode.usesAddressExtension()) {
                b.addressExtension(0x42);
            }
        }
        Problem p = assertRefused(noTarget, Rule.ADDRESS_BYTE_MISSING, Attribute.TARGET_ADDRESS);
        assertEquals("targetAddress is missing: " + mode + " needs it (a byte, 0x00-0xFF)", p.message());
        assertRefused(noSource, Rule.ADDRESS_BYTE_MISSING, Attribute.SOURCE_ADDRESS);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_11", "NORMAL_29", "MIXED_11"})
    void targetAndSourceGivenWhereUnused(AddressingMode mode) {
        Problem p = assertRefused(valid(mode).targetAddress(0x10), Rule.ADDRESS_BYTE_NOT_USED, Attribute.TARGET_ADDRESS);
        assertEquals("targetAddress 0x10 is not used by " + mode + ": leave it unset, or choose a mode that uses it",
                p.message());
        assertRefused(valid(mode).sourceAddress(0xF1), Rule.ADDRESS_BYTE_NOT_USED, Attribute.SOURCE_ADDRESS);
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"MIXED_11", "MIXED_29"})
    void addressExtensionByte(AddressingMode mode) {
        assertAccepted(valid(mode).addressExtension(0x00));
        assertAccepted(valid(mode).addressExtension(0xFF));
        assertRefused(valid(mode).addressExtension(-1), Rule.BYTE_OUT_OF_RANGE, Attribute.ADDRESS_EXTENSION);
        Problem p = assertRefused(valid(mode).addressExtension(0x100), Rule.BYTE_OUT_OF_RANGE, Attribute.ADDRESS_EXTENSION);
        assertEquals("addressExtension 0x100 does not fit in a byte: use 0x00-0xFF", p.message());
        IsoTpConfig.Builder missing = IsoTpConfig.builder().iface("vcan0").mode(mode);
        if (mode.idsGiven()) {
            missing.rxid(0x641).txid(0x640);
        } else {
            missing.targetAddress(0x10).sourceAddress(0xF1);
        }
        p = assertRefused(missing, Rule.ADDRESS_BYTE_MISSING, Attribute.ADDRESS_EXTENSION);
        assertEquals("addressExtension is missing: " + mode + " needs it (a byte, 0x00-0xFF)", p.message());
    }

    @ParameterizedTest
    @EnumSource(value = AddressingMode.class, names = {"NORMAL_11", "NORMAL_29", "NORMAL_FIXED_29", "EXTENDED_11", "EXTENDED_29"})
    void addressExtensionGivenWhereUnused(AddressingMode mode) {
        Problem p = assertRefused(valid(mode).addressExtension(0x05), Rule.ADDRESS_BYTE_NOT_USED, Attribute.ADDRESS_EXTENSION);
        assertEquals("addressExtension 0x05 is not used by " + mode + ": leave it unset, or choose a mode that uses it",
                p.message());
    }

    @Test
    void modeMissing() {
        Problem p = assertRefused(valid().mode(null), Rule.MODE_MISSING, Attribute.MODE);
        assertEquals("mode is missing: choose one of NORMAL_11, NORMAL_29, NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29,"
                + " MIXED_11, MIXED_29", p.message());
    }

    // ---- flow control

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x7F, 0xF1, 0xF5, 0xF9})
    void stminDefined(int stmin) {
        assertAccepted(valid().stmin(stmin));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x81, 0xA0, 0xF0, 0xFA, 0xFF})
    void stminReserved(int stmin) {
        Problem p = assertRefused(valid().stmin(stmin), Rule.STMIN_RESERVED, Attribute.STMIN);
        assertEquals(String.format("stmin 0x%02X is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)", stmin),
                p.message());
        assertEquals(Rule.KernelVerdict.MISUSES, p.rule().verdict());
    }

    @Test
    void stminOutOfRange() {
        assertEquals("stmin -1 does not fit in a byte: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)",
                assertRefused(valid().stmin(-1), Rule.STMIN_OUT_OF_RANGE, Attribute.STMIN).message());
        assertEquals("stmin 0x100 does not fit in a byte: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)",
                assertRefused(valid().stmin(0x100), Rule.STMIN_OUT_OF_RANGE, Attribute.STMIN).message());
    }

    @Test
    void blockSizeAndWftmax() {
        assertAccepted(valid().bs(0).wftmax(0));
        assertAccepted(valid().bs(255).wftmax(255));
        assertEquals("bs -1 does not fit in a byte: use 0-255 (frames per block, 0 = no further flow control)",
                assertRefused(valid().bs(-1), Rule.COUNT_OUT_OF_RANGE, Attribute.BS).message());
        assertEquals("bs 256 does not fit in a byte: use 0-255 (frames per block, 0 = no further flow control)",
                assertRefused(valid().bs(256), Rule.COUNT_OUT_OF_RANGE, Attribute.BS).message());
        assertEquals("wftmax -1 does not fit in a byte: use 0-255 (stored by Linux, which accepts any number of WAIT frames)",
                assertRefused(valid().wftmax(-1), Rule.COUNT_OUT_OF_RANGE, Attribute.WFTMAX).message());
        assertEquals("wftmax 256 does not fit in a byte: use 0-255 (stored by Linux, which accepts any number of WAIT frames)",
                assertRefused(valid().wftmax(256), Rule.COUNT_OUT_OF_RANGE, Attribute.WFTMAX).message());
    }

    // ---- general options

    @Test
    void paddingBytes() {
        assertAccepted(valid().txPadding(0x00).rxPadding(0xFF));
        assertAccepted(valid().txPadding(0xFF).rxPadding(0x00));
        assertEquals("txPadding -1 does not fit in a byte: use 0x00-0xFF",
                assertRefused(valid().txPadding(-1), Rule.BYTE_OUT_OF_RANGE, Attribute.TX_PADDING).message());
        assertEquals("txPadding 0x100 does not fit in a byte: use 0x00-0xFF",
                assertRefused(valid().txPadding(0x100), Rule.BYTE_OUT_OF_RANGE, Attribute.TX_PADDING).message());
        assertRefused(valid().rxPadding(-1), Rule.BYTE_OUT_OF_RANGE, Attribute.RX_PADDING);
        assertEquals("rxPadding 0x100 does not fit in a byte: use 0x00-0xFF",
                assertRefused(valid().rxPadding(0x100), Rule.BYTE_OUT_OF_RANGE, Attribute.RX_PADDING).message());
    }

    @Test
    void paddingChecks() {
        assertAccepted(valid().rxPadding(0xCC).checkPaddingData(true));
        assertAccepted(valid().rxPadding(0xCC).checkPaddingData(true).checkPaddingLength(true));
        assertAccepted(valid().checkPaddingLength(true)); // checks for optimized (unpadded) frames
        Problem p = assertRefused(valid().checkPaddingData(true), Rule.PADDING_CHECK_WITHOUT_RX_PADDING,
                Attribute.CHECK_PADDING_DATA);
        assertEquals(Rule.KernelVerdict.MISUSES, p.rule().verdict());
        assertRefused(valid().checkPaddingData(true).checkPaddingLength(true).txPadding(0xCC),
                Rule.PADDING_CHECK_WITHOUT_RX_PADDING, Attribute.CHECK_PADDING_DATA);
    }

    @Test
    void broadcastFlags() {
        assertAccepted(valid().sfBroadcast(true));
        assertAccepted(valid().cfBroadcast(true));
        Problem p = assertRefused(valid().sfBroadcast(true).cfBroadcast(true), Rule.BROADCAST_BOTH, Attribute.CF_BROADCAST);
        assertEquals("cfBroadcast cannot be combined with sfBroadcast: the kernel allows one broadcast mode per socket,"
                + " set only one of them", p.message());
    }

    @Test
    void otherFlagsAreAlwaysAccepted() {
        assertAccepted(valid().halfDuplex(true).waitTxDone(false).listenMode(true).dynamicFlowControl(true));
    }

    // ---- nanoseconds

    @ParameterizedTest
    @EnumSource(value = Attribute.class, names = {"FRAME_TX_TIME_NANOS", "TX_STMIN_NANOS", "RX_STMIN_NANOS"})
    void nanoseconds(Attribute attribute) {
        assertAccepted(withNanos(attribute, 0));
        assertAccepted(withNanos(attribute, 0xFFFFFFFFL));
        assertAccepted(withNanos(attribute, 50_000));
        assertEquals(attribute.elementName() + " -1 is out of range: use 0-4294967295 ns (a 32-bit unsigned value)",
                assertRefused(withNanos(attribute, -1), Rule.NANOS_OUT_OF_RANGE, attribute).message());
        assertEquals(attribute.elementName() + " 4294967296 is out of range: use 0-4294967295 ns (a 32-bit unsigned value)",
                assertRefused(withNanos(attribute, 0x100000000L), Rule.NANOS_OUT_OF_RANGE, attribute).message());
    }

    private static IsoTpConfig.Builder withNanos(Attribute attribute, long nanos) {
        switch (attribute) {
            case FRAME_TX_TIME_NANOS:
                return valid().frameTxTimeNanos(nanos);
            case TX_STMIN_NANOS:
                return valid().txStminNanos(nanos);
            case RX_STMIN_NANOS:
                return valid().rxStminNanos(nanos);
            default:
                throw new AssertionError(attribute);
        }
    }

    // ---- link layer

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16, 20, 24, 32, 48, 64})
    void txDataLengthsWithCanFd(int length) {
        assertAccepted(valid().canFd(true).txDataLength(length));
        assertAccepted(valid().canFd(true).txDataLength(length).bitRateSwitch(true));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 9, 63, 65, -1, 128})
    void txDataLengthsThatNoFrameHas(int length) {
        for (boolean canFd : new boolean[] {true, false}) {
            Problem p = assertRefused(valid().canFd(canFd).txDataLength(length), Rule.TX_DATA_LENGTH_INVALID,
                    Attribute.TX_DATA_LENGTH);
            assertEquals("txDataLength " + length + " is not a CAN frame data length: use one of 8, 12, 16, 20, 24, 32,"
                    + " 48, 64", p.message());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 16, 20, 24, 32, 48, 64})
    void txDataLengthOverEightNeedsCanFd(int length) {
        Problem p = assertRefused(valid().txDataLength(length), Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, Attribute.TX_DATA_LENGTH);
        assertEquals("txDataLength " + length + " needs CAN FD: classic CAN frames carry 8 bytes, use 8 or set canFd = true",
                p.message());
    }

    @Test
    void bitRateSwitchNeedsCanFd() {
        assertAccepted(valid().txDataLength(8).canFd(false).bitRateSwitch(false));
        Problem p = assertRefused(valid().bitRateSwitch(true), Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, Attribute.BIT_RATE_SWITCH);
        assertEquals("bitRateSwitch needs CAN FD: classic CAN has no bit rate switch, set canFd = true or turn"
                + " bitRateSwitch off", p.message());
    }

    // ---- receive

    @Test
    void receiveTimeout() {
        assertAccepted(valid().receiveTimeoutMillis(0));
        assertAccepted(valid().receiveTimeoutMillis(Integer.MAX_VALUE));
        assertEquals("receiveTimeoutMillis -1 is out of range: use 0-2147483647 ms (0 waits without limit)",
                assertRefused(valid().receiveTimeoutMillis(-1), Rule.TIMEOUT_OUT_OF_RANGE,
                        Attribute.RECEIVE_TIMEOUT_MILLIS).message());
        assertEquals("receiveTimeoutMillis 2147483648 is out of range: use 0-2147483647 ms (0 waits without limit)",
                assertRefused(valid().receiveTimeoutMillis(Integer.MAX_VALUE + 1L), Rule.TIMEOUT_OUT_OF_RANGE,
                        Attribute.RECEIVE_TIMEOUT_MILLIS).message());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 4095, 8300, 1_049_600})
    void receiveBufferSizeAccepted(long size) {
        assertAccepted(valid().receiveBufferSize(size));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1_049_601, Integer.MAX_VALUE + 1L})
    void receiveBufferSizeRefused(long size) {
        assertEquals("receiveBufferSize " + size + " is out of range: use 1-1049600 bytes, or 0 for the kernel's largest PDU",
                assertRefused(valid().receiveBufferSize(size), Rule.BUFFER_SIZE_OUT_OF_RANGE,
                        Attribute.RECEIVE_BUFFER_SIZE).message());
    }

    // ---- interface

    @Test
    void ifaceMissing() {
        for (String iface : new String[] {null, ""}) {
            Problem p = assertRefused(valid().iface(iface), Rule.IFACE_MISSING, Attribute.IFACE);
            assertEquals("iface is missing: name the CAN interface, e.g. \"vcan0\" or \"can0\"", p.message());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vcan0", "can0", "c", "abcdefghijklmno", "can-fd.1_x@y"})
    void ifaceAccepted(String iface) {
        assertAccepted(valid().iface(iface));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnop", "a/b", "a b", "a:b", "a\tb", "can\u00e4", ".", ".."})
    void ifaceRefused(String iface) {
        Problem p = assertRefused(valid().iface(iface), Rule.IFACE_INVALID, Attribute.IFACE);
        assertEquals("iface \"" + iface + "\" is not a valid interface name: use 1-15 printable ASCII characters other"
                + " than '/', ':' and space, and not \".\" or \"..\"", p.message());
    }
}
