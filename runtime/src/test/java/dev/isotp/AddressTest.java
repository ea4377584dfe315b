package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.Rule;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The addressing-mode table of KERNEL-FACTS.md, mode by mode, and how an {@link Address} is built. */
class AddressTest {

    private static final OptionalInt NONE = OptionalInt.empty();

    /** One example address per mode, as in the examples of the documentation. */
    static Address example(AddressingMode mode) {
        switch (mode) {
            case NORMAL_11:
                return Address.builder(mode).rxid(0x7E8).txid(0x7E0).build();
            case NORMAL_29:
                return Address.builder(mode).rxid(0x18DAF110).txid(0x18DA10F1).build();
            case NORMAL_FIXED_29:
                return Address.builder(mode).targetAddress(0x10).sourceAddress(0xF1).build();
            case EXTENDED_11:
                return Address.builder(mode).rxid(0x641).txid(0x640).targetAddress(0x55).sourceAddress(0xAA).build();
            case EXTENDED_29:
                return Address.builder(mode).rxid(0x18DAF155).txid(0x18DA55F1).targetAddress(0x55).sourceAddress(0xAA)
                        .build();
            case MIXED_11:
                return Address.builder(mode).rxid(0x641).txid(0x640).addressExtension(0x42).build();
            case MIXED_29:
                return Address.builder(mode).targetAddress(0x10).sourceAddress(0xF1).addressExtension(0x42).build();
            default:
                throw new AssertionError(mode);
        }
    }

    /** mode, rxid, txid, extendedIds, tx address byte, rx address byte, extendedAddressing (EXTEND_ADDR + RX_EXT_ADDR). */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(AddressingMode.NORMAL_11, 0x7E8, 0x7E0, false, NONE, NONE, false),
                Arguments.of(AddressingMode.NORMAL_29, 0x18DAF110, 0x18DA10F1, true, NONE, NONE, false),
                Arguments.of(AddressingMode.NORMAL_FIXED_29, 0x18DAF110, 0x18DA10F1, true, NONE, NONE, false),
                Arguments.of(AddressingMode.EXTENDED_11, 0x641, 0x640, false, OptionalInt.of(0x55), OptionalInt.of(0xAA), true),
                Arguments.of(AddressingMode.EXTENDED_29, 0x18DAF155, 0x18DA55F1, true, OptionalInt.of(0x55),
                        OptionalInt.of(0xAA), true),
                Arguments.of(AddressingMode.MIXED_11, 0x641, 0x640, false, OptionalInt.of(0x42), OptionalInt.of(0x42), true),
                Arguments.of(AddressingMode.MIXED_29, 0x18CEF110, 0x18CE10F1, true, OptionalInt.of(0x42),
                        OptionalInt.of(0x42), true));
    }

    @ParameterizedTest
    @MethodSource("table")
    void everyModeAsTheKernelTableSays(AddressingMode mode, int rxid, int txid, boolean extendedIds,
            OptionalInt txByte, OptionalInt rxByte, boolean extendedAddressing) {
        Address a = example(mode);
        assertEquals(mode, a.mode());
        assertEquals(rxid, a.rxid(), () -> Integer.toHexString(a.rxid()));
        assertEquals(txid, a.txid(), () -> Integer.toHexString(a.txid()));
        assertEquals(extendedIds, mode.extendedIds());
        assertEquals(txByte, a.txAddressByte());
        assertEquals(rxByte, a.rxAddressByte());
        assertEquals(extendedAddressing, mode.extendedAddressing());
        assertFalse(a.functional());
    }

    @Test
    void thePredicatesOfEachMode() {
        // mode: idsGiven, usesTargetAndSource, usesAddressExtension, hasFunctionalIds
        assertPredicates(AddressingMode.NORMAL_11, true, false, false, false);
        assertPredicates(AddressingMode.NORMAL_29, true, false, false, false);
        assertPredicates(AddressingMode.NORMAL_FIXED_29, false, true, false, true);
        assertPredicates(AddressingMode.EXTENDED_11, true, true, false, false);
        assertPredicates(AddressingMode.EXTENDED_29, true, true, false, false);
        assertPredicates(AddressingMode.MIXED_11, true, false, true, false);
        assertPredicates(AddressingMode.MIXED_29, false, true, true, true);
        assertEquals(7, AddressingMode.values().length);
    }

    private static void assertPredicates(AddressingMode mode, boolean idsGiven, boolean targetAndSource,
            boolean addressExtension, boolean functionalIds) {
        assertEquals(idsGiven, mode.idsGiven(), mode::name);
        assertEquals(targetAndSource, mode.usesTargetAndSource(), mode::name);
        assertEquals(addressExtension, mode.usesAddressExtension(), mode::name);
        assertEquals(functionalIds, mode.hasFunctionalIds(), mode::name);
    }

    @Test
    void normalFixed29() {
        Address a = Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0x10).sourceAddress(0xF1).build();
        assertEquals(0x18DA10F1, a.txid());
        assertEquals(0x18DAF110, a.rxid());
        assertEquals(OptionalInt.of(0x10), a.targetAddress());
        assertEquals(OptionalInt.of(0xF1), a.sourceAddress());
        assertEquals(NONE, a.addressExtension());

        Address f = Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0x10).sourceAddress(0xF1)
                .functional(true).build();
        assertEquals(0x18DB10F1, f.txid());
        assertEquals(0x18DAF110, f.rxid()); // answers come back physically
        assertTrue(f.functional());
        assertNotEquals(a, f);
    }

    @Test
    void mixed29() {
        Address a = Address.builder(AddressingMode.MIXED_29).targetAddress(0x10).sourceAddress(0xF1)
                .addressExtension(0x42).build();
        assertEquals(0x18CE10F1, a.txid());
        assertEquals(0x18CEF110, a.rxid());
        Address f = a.toBuilder().functional(true).build();
        assertEquals(0x18CD10F1, f.txid());
        assertEquals(0x18CEF110, f.rxid());
        assertEquals(OptionalInt.of(0x42), f.txAddressByte());
        assertEquals(OptionalInt.of(0x42), f.rxAddressByte());
    }

    @Test
    void fixedIdsAtTheEdgesOfTheAddressBytes() {
        Address a = Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0x00).sourceAddress(0xFF).build();
        assertEquals(0x18DA00FF, a.txid());
        assertEquals(0x18DAFF00, a.rxid());
        Address b = Address.builder(AddressingMode.MIXED_29).targetAddress(0xFF).sourceAddress(0x00)
                .addressExtension(0xFF).functional(true).build();
        assertEquals(0x18CDFF00, b.txid());
        assertEquals(0x18CE00FF, b.rxid());
        // a functional address may have TA == SA: its tx id has another base than the rx id
        Address c = Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0x33).sourceAddress(0x33)
                .functional(true).build();
        assertEquals(0x18DB3333, c.txid());
        assertEquals(0x18DA3333, c.rxid());
    }

    @ParameterizedTest
    @EnumSource(AddressingMode.class)
    void toBuilderRoundTrips(AddressingMode mode) {
        Address a = example(mode);
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertEquals(a.toString(), a.toBuilder().build().toString());
        assertTrue(a.toString().startsWith(mode.name() + "[rxid=0x"), a.toString());
        if (mode.hasFunctionalIds()) {
            Address f = a.toBuilder().functional(true).build();
            assertEquals(f, f.toBuilder().build());
            assertTrue(f.toString().endsWith(", functional]"), f.toString());
        }
    }

    @Test
    void toStringShowsTheIdsInHex() {
        assertEquals("NORMAL_FIXED_29[rxid=0x18DA10F1, txid=0x18DAF110, targetAddress=0xF1, sourceAddress=0x10]",
                Address.builder(AddressingMode.NORMAL_FIXED_29).targetAddress(0xF1).sourceAddress(0x10).build()
                        .toString());
        assertEquals("MIXED_11[rxid=0x641, txid=0x640, addressExtension=0x42]", example(AddressingMode.MIXED_11).toString());
    }

    @Test
    void buildReportsEveryProblemOfTheAddress() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> Address.builder(AddressingMode.EXTENDED_11).rxid(0x800).txid(0x800).targetAddress(0x100).build());
        assertEquals(4, e.problems().size(), e::getMessage);
        assertEquals(Rule.ID_NOT_11_BIT, e.problems().get(0).rule());
        assertEquals(Attribute.RXID, e.problems().get(0).attribute());
        assertEquals(Attribute.TXID, e.problems().get(1).attribute());
        assertEquals(Rule.BYTE_OUT_OF_RANGE, e.problems().get(2).rule());
        assertEquals(Attribute.TARGET_ADDRESS, e.problems().get(2).attribute());
        assertEquals(Rule.ADDRESS_BYTE_MISSING, e.problems().get(3).rule());
        assertEquals(Attribute.SOURCE_ADDRESS, e.problems().get(3).attribute());
        assertThrows(InvalidConfigurationException.class, () -> Address.builder(AddressingMode.NORMAL_11).build());
        InvalidConfigurationException equal = assertThrows(InvalidConfigurationException.class,
                () -> Address.builder(AddressingMode.NORMAL_11).rxid(0x7E0).txid(0x7E0).build());
        assertEquals(Rule.IDS_EQUAL, equal.problems().get(0).rule());
        assertEquals(Attribute.TXID, equal.problems().get(0).attribute());
        InvalidConfigurationException sameTaSa = assertThrows(InvalidConfigurationException.class,
                () -> Address.builder(AddressingMode.MIXED_29).targetAddress(7).sourceAddress(7).addressExtension(0)
                        .build());
        assertEquals(Rule.ADDRESSES_EQUAL, sameTaSa.problems().get(0).rule());
    }

    /** No public constructor or factory takes an rx/tx pair positionally: ids are always given by name. */
    @Test
    void noPublicExecutableTakesTwoIdsPositionally() {
        List<Executable> executables = new ArrayList<>();
        for (Class<?> type : List.of(Address.class, Address.Builder.class)) {
            for (Constructor<?> c : type.getConstructors()) {
                executables.add(c);
            }
            for (Method m : type.getMethods()) {
                // Object's own methods (wait(long, int)) are not Address's API
                if (m.getDeclaringClass() == type && (type != Address.class || Modifier.isStatic(m.getModifiers()))) {
                    executables.add(m);
                }
            }
        }
        assertEquals(0, Address.class.getConstructors().length, "Address has no public constructor");
        assertEquals(0, Address.Builder.class.getConstructors().length, "Address.Builder has no public constructor");
        for (Executable e : executables) {
            long idLike = Arrays.stream(e.getParameterTypes())
                    .filter(t -> t == int.class || t == long.class || t == Integer.class || t == Long.class)
                    .count();
            assertTrue(idLike < 2, () -> e + " takes " + idLike + " int/long parameters");
        }
        assertTrue(executables.stream().anyMatch(e -> e.getName().equals("builder")), "the factory was inspected");
    }
}
