package dev.isotp.testkit;

import dev.isotp.Backend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: a fresh {@link VirtualCanBus} for each test, made the default backend while the test runs, so that the
 * code under test opens its channels on it unchanged ({@code new IsoTp_X()}, {@code IsoTpChannels.open}, injection).
 * A test method may take the bus as a parameter.
 *
 * <pre>{@code
 * @ExtendWith(VirtualCanBusExtension.class)          // vcan0 (classic) and vcanfd0 (CAN FD)
 * class TesterTest {
 *     @Test
 *     void readsTheVin(VirtualCanBus bus) throws IOException {
 *         try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, IsoTp_DiagnosticTester.CONFIG)....start();
 *              DiagnosticTester tester = new IsoTp_DiagnosticTester()) { ... }
 *     }
 * }
 * // or, with other interfaces:
 * @RegisterExtension final VirtualCanBusExtension can = VirtualCanBusExtension.withInterfaces("can0");
 * }</pre>
 *
 * <p>The default backend is process-wide: tests using this extension do not run in parallel with tests that need
 * the kernel's.
 */
public final class VirtualCanBusExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VirtualCanBusExtension.class);

    private final String[] classic;
    private final String[] fd;
    private VirtualCanBus current;

    /** vcan0 (classic CAN) and vcanfd0 (CAN FD), as the project's VM harness has them. */
    public VirtualCanBusExtension() {
        this(new String[] {"vcan0"}, new String[] {"vcanfd0"});
    }

    private VirtualCanBusExtension(String[] classic, String[] fd) {
        this.classic = classic;
        this.fd = fd;
    }

    /** Classic CAN interfaces of these names. */
    public static VirtualCanBusExtension withInterfaces(String... names) {
        return new VirtualCanBusExtension(names.clone(), new String[0]);
    }

    /** These CAN FD interfaces as well. */
    public VirtualCanBusExtension andFdInterfaces(String... names) {
        return new VirtualCanBusExtension(classic, names.clone());
    }

    /** The bus of the running test. */
    public VirtualCanBus bus() {
        if (current == null) {
            throw new IllegalStateException("no test is running: the bus exists from beforeEach to afterEach");
        }
        return current;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        VirtualCanBus bus = VirtualCanBus.create();
        for (String name : classic) {
            bus.addInterface(name);
        }
        for (String name : fd) {
            bus.addFdInterface(name);
        }
        Backend.Scope scope = bus.useByDefault();
        current = bus;
        context.getStore(NAMESPACE).put("bus", bus);
        context.getStore(NAMESPACE).put("scope", scope);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Backend.Scope scope = context.getStore(NAMESPACE).remove("scope", Backend.Scope.class);
        VirtualCanBus bus = context.getStore(NAMESPACE).remove("bus", VirtualCanBus.class);
        if (scope != null) {
            scope.close();
        }
        if (bus != null) {
            bus.close();
        }
        current = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VirtualCanBus.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualCanBus bus = context.getStore(NAMESPACE).get("bus", VirtualCanBus.class);
        return bus != null ? bus : bus();
    }
}
