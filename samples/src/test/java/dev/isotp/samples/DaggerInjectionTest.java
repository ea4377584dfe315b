package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpException;
import dev.isotp.samples.di.DaggerDiagnosticsComponent;
import dev.isotp.validation.Attribute;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/** Dagger wires the generated client into the session; without a kernel socket, its failures reach the caller. */
class DaggerInjectionTest {
    @Test
    void theInterfaceNameIsCheckedByTheSharedValidatorBeforeAnySocketOpens() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> DaggerDiagnosticsComponent.factory().create("no/such can").session());
        assertEquals(Attribute.IFACE, e.problems().get(0).attribute());
        assertTrue(e.getMessage().startsWith("with ChannelOverrides[iface=\"no/such can\"]: iface \"no/such can\" is not "
                + "a valid interface name"), e.getMessage());
    }

    @Test
    void theComponentOpensTheGeneratedClient() {
        // On a host without CAN the socket cannot open (no can-isotp); with CAN the interface does not exist.
        // Either way the failure comes from the generated client that Dagger asked for.
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> DaggerDiagnosticsComponent.factory().create("nosuchcan7").session());
        assertInstanceOf(IsoTpException.class, e.getCause());
    }

    @Test
    void theGeneratedClientHasAnInjectableConstructor() throws Exception {
        Constructor<IsoTp_DiagnosticTester> constructor = IsoTp_DiagnosticTester.class.getConstructor();
        assertTrue(constructor.isAnnotationPresent(jakarta.inject.Inject.class), "no @Inject on IsoTp_DiagnosticTester()");
        assertEquals("NORMAL_FIXED_29[rxid=0x18DAF110, txid=0x18DA10F1, targetAddress=0x10, sourceAddress=0xF1]",
                IsoTp_DiagnosticTester.CONFIG.address().toString());
    }
}
