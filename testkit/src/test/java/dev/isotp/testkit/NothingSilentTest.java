package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameReceiver;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Exceptions in code the kit runs are recorded on the bus and fail the test that owns it; the ECU goes on. */
class NothingSilentTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IsoTpConfig TESTER =
            IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(3000).build();

    @Test
    void anAnswerFunctionThatThrowsIsRecordedAndTheEcuGoesOn() throws IOException {
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0");
                SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER)
                        .answerPrefix(new byte[] {0x22}, r -> {
                            throw new IllegalStateException("no data for " + HEX.formatHex(r));
                        })
                        .answer(HEX.parseHex("3E00"), HEX.parseHex("7E00")).start();
                IsoTpSocket tester = IsoTpSocket.open(TESTER.toBuilder().backend(bus.backend()).build())) {
            tester.send(HEX.parseHex("22F190"));
            assertThrows(SocketTimeoutException.class, () -> tester.receive(Duration.ofMillis(200)));
            tester.send(HEX.parseHex("3E00"));
            assertEquals("7e00", HEX.formatHex(tester.receive()));         // the worker still runs
            List<BusError> errors = bus.errors();
            assertEquals(1, errors.size());
            assertEquals("answer function of SimulatedEcu[" + ecu.socket().address() + "] for request 22F190",
                    errors.get(0).where());
            assertEquals("no data for 22f190", errors.get(0).error().getMessage());
        }
    }

    @Test
    void aReceiverThatThrowsDuringDeliveryIsRecordedAndTheOthersStillGetTheFrame() throws Exception {
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
            List<CanFrame> got = new ArrayList<>();
            FrameLink broken = bus.attach("vcan0", false, receiver(f -> {
                throw new ArithmeticException("broken receiver");
            }));
            FrameLink fine = bus.attach("vcan0", false, receiver(f -> {
                synchronized (got) {
                    got.add(f);
                }
            }));
            bus.inject("vcan0", CanFrame.classic(0x123, (byte) 1));
            bus.frames().await(f -> f.id() == 0x123, 1, Duration.ofSeconds(5));
            synchronized (got) {
                assertEquals(1, got.size());                             // await returned after every delivery
            }
            assertEquals(1, bus.errors().size());
            assertTrue(bus.errors().get(0).where().startsWith("delivery of vcan0  123#01 to "), bus.errors().get(0).where());
            assertInstanceOf(ArithmeticException.class, bus.errors().get(0).error());
            broken.close();
            fine.close();
        }
    }

    @Test
    void theExtensionFailsTheTestWithTheRecordedErrors() {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        Launched.on = true;
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Launched.class)).build(),
                    new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            if (id.isTest()) {
                                results.put(id.getDisplayName(), result);
                            }
                        }
                    });
        } finally {
            Launched.on = false;
        }
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("quiet(VirtualCanBus)").getStatus());
        TestExecutionResult failed = results.get("anAnswerFunctionThrows(VirtualCanBus)");
        assertEquals(TestExecutionResult.Status.FAILED, failed.getStatus());
        Throwable t = failed.getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, t);
        assertTrue(t.getMessage().startsWith("2 error(s) on the virtual bus of this test (in code the test kit ran "
                + "for it); the first, in answer function of SimulatedEcu["), t.getMessage());
        assertEquals("boom 1", t.getCause().getMessage());                 // with its stack trace
        assertSame(IllegalStateException.class, t.getCause().getClass());
        assertEquals(1, t.getSuppressed().length);
        assertEquals("boom 2", t.getSuppressed()[0].getCause().getMessage());
    }

    private static FrameReceiver receiver(java.util.function.Consumer<CanFrame> frames) {
        return new FrameReceiver() {
            @Override
            public void frame(CanFrame frame) {
                frames.accept(frame);
            }

            @Override
            public void linkError(int errno) {
            }
        };
    }

    /** Run by {@link #theExtensionFailsTheTestWithTheRecordedErrors} only. */
    @ExtendWith(VirtualCanBusExtension.class)
    @EnabledIf("launched")
    static class Launched {
        static volatile boolean on;

        static boolean launched() {
            return on;
        }

        @Test
        void quiet(VirtualCanBus bus) {
            bus.frames();
        }

        @Test
        void anAnswerFunctionThrows(VirtualCanBus bus) throws IOException {
            int[] n = {0};
            try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).otherwise(r -> {
                throw new IllegalStateException("boom " + ++n[0]);
            }).start();
                    IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
                tester.send(new byte[] {1});
                tester.send(new byte[] {2});
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (bus.errorCount() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
