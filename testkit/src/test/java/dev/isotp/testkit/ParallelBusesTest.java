package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Backend;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests on the virtual bus under JUnit's parallel execution (the module's surefire configuration enables it; the two
 * nested classes run at the same time, and so do their methods): each test's channels open on its own bus, on the
 * test's thread and on the threads it starts, with the same interface and ids everywhere, so a mixed bus would hand
 * one test another's answer. The outer class runs alone, so the timing of the other classes' tests is not disturbed.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ParallelBusesTest {
    private static final AtomicInteger TOKENS = new AtomicInteger();
    /** Two tests meet here: it opens only while two run at the same time. */
    private static final CyclicBarrier PAIRS = new CyclicBarrier(2);

    private static IsoTpConfig tester(int i) {
        return IsoTpConfig.builder().iface("vcan0").rxid(0x7E8 + i).txid(0x7E0 + i).receiveTimeoutMillis(10_000).build();
    }

    /**
     * One test's work: three ECUs answering with the test's own token, each asked ten times from its own thread (the
     * test's, one it starts, one of a pool it creates) by a tester opened there without naming a backend.
     */
    static void conversation(VirtualCanBus bus) throws Exception {
        int token = TOKENS.incrementAndGet();
        byte[] answer = ByteBuffer.allocate(12).putInt(0x62F19000).putInt(token).putInt(~token).array();
        try (SimulatedEcu ecu0 = SimulatedEcu.mirroring(bus, tester(0)).otherwise(r -> answer).start();
                SimulatedEcu ecu1 = SimulatedEcu.mirroring(bus, tester(1)).otherwise(r -> answer).start();
                SimulatedEcu ecu2 = SimulatedEcu.mirroring(bus, tester(2)).otherwise(r -> answer).start()) {
            PAIRS.await(60, TimeUnit.SECONDS);
            ExecutorService pool = Executors.newFixedThreadPool(1);     // created by the test: its thread inherits
            try {
                Future<?> a = pool.submit(() -> ask(1, answer, 10));
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread own = new Thread(() -> {
                    try {
                        ask(2, answer, 10);
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                own.start();
                ask(0, answer, 10);
                a.get();
                own.join();
                if (failed.get() != null) {
                    throw new AssertionError(failed.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(10, ecu0.requestCount());
            assertEquals(10, ecu1.requestCount());
            assertEquals(10, ecu2.requestCount());
        }
        // this bus carried this test's requests only (single frames; the flow controls of the answers aside)
        assertEquals(10, bus.frames().matching(f -> f.id() == 0x7E0 && f.pciType() == 0).size());
        assertEquals(10, bus.frames().matching(f -> f.id() == 0x7E2 && f.pciType() == 0).size());
    }

    private static Void ask(int i, byte[] expected, int times) throws IOException, InterruptedException {
        try (IsoTpSocket tester = IsoTpSocket.open(tester(i))) {          // no backend named: the test's bus
            for (int n = 0; n < times; n++) {
                tester.send(new byte[] {0x22, (byte) 0xF1, (byte) 0x90});
                assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(tester.receive()));
                Thread.sleep(2);
            }
        }
        return null;
    }

    @Nested
    @Execution(ExecutionMode.CONCURRENT)
    @ExtendWith(VirtualCanBusExtension.class)
    class OneClass {
        @RepeatedTest(4)
        void talksOnItsOwnBus(VirtualCanBus bus) throws Exception {
            conversation(bus);
        }

        @Test
        void aThreadThatExistedBeforeNamesTheBus(VirtualCanBus bus) throws Exception {
            AtomicReference<Object> seen = new AtomicReference<>();
            // a thread that does not inherit the test's scope, as a shared pool's thread created earlier
            Thread shared = new Thread(null, () -> {
                seen.set(Backend.byDefault());
                try (IsoTpSocket named = IsoTpSocket.open(tester(0).toBuilder().backend(bus.backend()).build())) {
                    seen.set(seen.get() + " / " + named.iface());
                } catch (IOException e) {
                    seen.set(e);
                }
            }, "shared-pool", 0, false);
            shared.start();
            shared.join();
            assertEquals(Backend.kernel() + " / vcan0", String.valueOf(seen.get()));
            PAIRS.await(60, TimeUnit.SECONDS);
        }
    }

    @Nested
    @Execution(ExecutionMode.CONCURRENT)
    class AnotherClass {
        /** One extension instance shared by every test of the class, which run at the same time. */
        @RegisterExtension
        final VirtualCanBusExtension can = VirtualCanBusExtension.withInterfaces("vcan0");

        @RepeatedTest(4)
        void talksOnItsOwnBus(VirtualCanBus bus) throws Exception {
            assertSame(bus, can.bus());
            conversation(can.bus());
            assertSame(bus, can.bus());
        }

        @Test
        void theExtensionsBusIsOnlyOnTheTestsThreads(VirtualCanBus bus) throws Exception {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread shared = new Thread(null, () -> seen.set(assertThrows(IllegalStateException.class, can::bus)),
                    "shared-pool", 0, false);
            shared.start();
            shared.join();
            assertTrue(seen.get().getMessage().contains("no test is running on this thread"), seen.get().getMessage());
            PAIRS.await(60, TimeUnit.SECONDS);
        }
    }
}
