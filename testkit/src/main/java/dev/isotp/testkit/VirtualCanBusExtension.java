package dev.isotp.testkit;

import dev.isotp.Backend;
import java.util.List;
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
 * <p>Parallel tests: the bus is the default backend of the test's own thread and of the threads it starts while it
 * runs (directly, through an executor it creates, virtual threads), not of the process, so tests run concurrently
 * under JUnit's parallel execution (same class or different classes, and beside tests on the kernel), each on its
 * own bus. A thread that existed before the test (a shared pool, the common fork-join pool, a static executor) does
 * not see the test's bus: a channel opened there names it,
 * {@code IsoTpChannels.open(EngineEcu.class, ChannelOverrides.builder().backend(bus.backend()).build())}.
 *
 * <p>Failures: when the test ends, the extension closes the bus and fails the test if the bus recorded errors
 * ({@link VirtualCanBus#errors()}: an answer function that threw, an exception in a delivery or in the engine's
 * timers): an {@link AssertionError} naming where the first happened, with it as the cause and the others
 * suppressed, each with its stack trace.
 */
public final class VirtualCanBusExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VirtualCanBusExtension.class);

    private final String[] classic;
    private final String[] fd;
    /** The bus of the test running on this thread (or on the thread that started this one). */
    private static final InheritableThreadLocal<VirtualCanBus> CURRENT = new InheritableThreadLocal<>();

    /** vcan0 (classic CAN) and vcanfd0 (CAN FD), as the project's VM harness has them. */
    public VirtualCanBusExtension() {
        this(new String[] {"vcan0"}, new String[] {"vcanfd0"});
    }

    private VirtualCanBusExtension(String[] classic, String[] fd) {
        this.classic = classic;
        this.fd = fd;
    }

    /**
     * An extension whose bus has classic CAN interfaces of these names instead of vcan0 and vcanfd0.
     *
     * @param names the interfaces, 1-15 characters each, all different
     * @return the extension, for {@code @RegisterExtension}
     */
    public static VirtualCanBusExtension withInterfaces(String... names) {
        return new VirtualCanBusExtension(names.clone(), new String[0]);
    }

    /**
     * An extension with the classic interfaces of this one and these CAN FD interfaces (instead of any given
     * before). This extension is not changed.
     *
     * @param names the CAN FD interfaces, 1-15 characters each, all different
     * @return the new extension
     */
    public VirtualCanBusExtension andFdInterfaces(String... names) {
        return new VirtualCanBusExtension(classic, names.clone());
    }

    /**
     * The bus of the test running on the calling thread (or on the thread that started it).
     *
     * @return the bus, created before each test and closed after it
     * @throws IllegalStateException outside a test (before {@code beforeEach} or after {@code afterEach}), or on a
     *         thread the test did not start (take the bus as a test parameter and pass it on)
     */
    public VirtualCanBus bus() {
        VirtualCanBus bus = CURRENT.get();
        if (bus == null || bus.isClosed()) {
            throw new IllegalStateException("no test is running on this thread: the bus exists from beforeEach to "
                    + "afterEach, on the test's thread and the threads it starts (elsewhere, take the bus as a test "
                    + "parameter and pass it on)");
        }
        return bus;
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
        CURRENT.set(bus);
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
        if (CURRENT.get() == bus) {
            CURRENT.remove();
        }
        if (bus == null) {
            return;
        }
        bus.close();
        List<BusError> errors = bus.errors();
        if (!errors.isEmpty()) {
            BusError first = errors.get(0);
            AssertionError failure = new AssertionError(bus.errorCount() + " error(s) on the virtual bus of this test"
                    + " (in code the test kit ran for it); the first, in " + first.where() + ": " + first.error(),
                    first.error());
            for (BusError e : errors.subList(1, errors.size())) {
                AssertionError more = new AssertionError("in " + e.where() + ": " + e.error(), e.error());
                failure.addSuppressed(more);
            }
            throw failure;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VirtualCanBus.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualCanBus bus = context.getStore(NAMESPACE).get("bus", VirtualCanBus.class);
        if (bus == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException("a VirtualCanBus parameter is "
                    + "resolved for a test method (and its @BeforeEach/@AfterEach methods), not for " + parameter
                    .getDeclaringExecutable());
        }
        return bus;
    }
}
