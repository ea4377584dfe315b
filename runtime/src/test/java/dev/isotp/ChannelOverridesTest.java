package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChannelOverridesTest {
    private static final IsoTpConfig BASE = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).stmin(5).build();

    /** A value of each attribute that differs from BASE's and is valid together with BASE (or with what it needs). */
    private static Object otherValue(Attribute attribute) {
        switch (attribute.kind()) {
            case TEXT: return "can1";
            case MODE: return AddressingMode.NORMAL_29;
            case FLAG: return !(Boolean) BASE.get(attribute);
            case NUMBERS: return List.of(0xBAL);
            default: return attribute == Attribute.TX_DATA_LENGTH ? 8L : 9L;
        }
    }

    @ParameterizedTest
    @EnumSource(Attribute.class)
    void everyAttributeCanBeOverridden(Attribute attribute) {
        ChannelOverrides overrides = ChannelOverrides.builder().set(attribute, otherValue(attribute)).build();
        IsoTpConfig.Builder expected = BASE.toBuilder().set(attribute, otherValue(attribute));
        List<Problem> problems = expected.validate();
        if (problems.isEmpty()) {
            assertEquals(otherValue(attribute) instanceof Integer ? ((Integer) otherValue(attribute)).longValue()
                    : otherValue(attribute), overrides.applyTo(BASE).get(attribute));
        } else {
            // judged by the same validator, with the same words as the builder
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> overrides.applyTo(BASE));
            assertEquals(problems, e.problems());
        }
    }

    @Test
    void namedOverridesAreTheBuildersMethods() {
        ChannelOverrides overrides = ChannelOverrides.of(c -> c.rxid(0x7E9).txid(0x7E1).bs(8));
        IsoTpConfig config = overrides.applyTo(BASE);
        assertEquals(0x7E9L, config.get(Attribute.RXID));
        assertEquals(0x7E1L, config.get(Attribute.TXID));
        assertEquals(8L, config.get(Attribute.BS));
        assertEquals(5L, config.get(Attribute.STMIN), "not overridden: as annotated");
        assertEquals("ChannelOverrides[rxid=0x7E9, txid=0x7E1, bs=8]", overrides.toString());
    }

    @Test
    void anOverrideCanUnsetAnAttribute() {
        IsoTpConfig padded = BASE.toBuilder().txPadding(0xAA).build();
        IsoTpConfig config = ChannelOverrides.builder().set(Attribute.TX_PADDING, null).build().applyTo(padded);
        assertFalse(config.generalOptions().txPadding().isPresent());
    }

    @Test
    void aWrongOverrideIsReportedAsTheBuilderReportsIt() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ChannelOverrides.of(c -> c.rxid(0x800)).applyTo(BASE));
        assertEquals(IsoTpConfig.builder().iface("vcan0").rxid(0x800).txid(0x7E0).validate(), e.problems());
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatTheAttributeTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelOverrides.builder().set(Attribute.BS, "eight"));
        assertEquals("bs takes an integral number, not String eight", e.getMessage());
    }

    @Test
    void noOverridesGiveTheBaseItself() {
        assertSame(BASE, ChannelOverrides.none().applyTo(BASE));
    }

    @Test
    void toStringsDoNotDependOnTheLocale() {
        Locale previous = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("tr-TR"),
                    Locale.forLanguageTag("hi-IN"))) {
                Locale.setDefault(locale);
                IsoTpConfig config = BASE.toBuilder().txStminNanos(500_000).build();
                assertEquals("IsoTpConfig[iface=\"vcan0\", rxid=0x7E8, txid=0x7E0, stmin=0x05, txStminNanos=500000]",
                        config.toString(), locale.toString());
                assertEquals("FlowControlOptions[bs=10, stmin=0xF1, wftmax=0]",
                        FlowControlOptions.builder().bs(10).stmin(0xF1).build().toString());
                List<String> messages = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).stmin(0x80)
                        .validate().stream().map(Problem::message).collect(Collectors.toList());
                assertEquals(List.of("stmin 0x80 is reserved: use 0x00-0x7F (ms) or 0xF1-0xF9 (100-900 µs)"), messages);
            }
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void anInvalidConfigurationKeepsItsProblemsThroughSerialization() throws Exception {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> IsoTpConfig.builder().iface("vcan0").rxid(0x800).txid(0x7E0).build());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            InvalidConfigurationException read = (InvalidConfigurationException) in.readObject();
            assertEquals(e.problems(), read.problems());
        }
    }

    @Test
    void aPositiveTimeoutUnderOneMillisecondIsOneMillisecondNotWithoutLimit() {
        java.time.Duration half = java.time.Duration.ofNanos(500_000);
        assertEquals(1L, BASE.toBuilder().receiveTimeout(half).build().get(Attribute.RECEIVE_TIMEOUT_MILLIS));
        assertEquals(1L, BASE.toBuilder().requestTimeout(half).build().get(Attribute.REQUEST_TIMEOUT_MILLIS));
        assertEquals(1L, ChannelOverrides.builder().receiveTimeout(half).build().applyTo(BASE)
                .get(Attribute.RECEIVE_TIMEOUT_MILLIS));
        assertEquals(0L, BASE.toBuilder().receiveTimeout(java.time.Duration.ZERO).build()
                .get(Attribute.RECEIVE_TIMEOUT_MILLIS), "zero stays: without limit");
    }
}
