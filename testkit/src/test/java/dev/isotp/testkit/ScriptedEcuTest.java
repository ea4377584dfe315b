package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An ECU the test plays: requests taken one by one, any number of answers, unasked PDUs, waits bounded. */
@ExtendWith(VirtualCanBusExtension.class)
class ScriptedEcuTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IsoTpConfig TESTER =
            IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(5000).build();

    @Test
    void responsePendingThenTheFinalAnswer(VirtualCanBus bus) throws Exception {
        byte[] vin = HEX.parseHex("62F190314847434D3832363333413030343335320A");
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            tester.send(HEX.parseHex("22F190"));
            ScriptedEcu.Request request = ecu.nextRequest(Duration.ofSeconds(5));
            assertEquals("22F190", request.toString());
            assertTrue(request.startsWith(0x22, 0xF1, 0x90));
            assertFalse(request.functional());
            request.answer(HEX.parseHex("7F2278")).answer(HEX.parseHex("7F2278")).answer(vin);
            assertEquals("7f2278", HEX.formatHex(tester.receive()));
            assertEquals("7f2278", HEX.formatHex(tester.receive()));
            assertArrayEquals(vin, tester.receive());                 // multi-frame, with the tester's flow control
        }
        // the answer returned only once every frame was on the bus: the last one is in the log
        assertEquals(0x7E8, bus.frames().all().get(bus.frames().all().size() - 1).id());
    }

    @Test
    void aMultiFrameRequestANegativeAnswerAndNone(VirtualCanBus bus) throws Exception {
        byte[] write = new byte[40];
        write[0] = 0x2E;
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            tester.send(write);
            ScriptedEcu.Request request = ecu.nextRequest(Duration.ofSeconds(5));
            assertArrayEquals(write, request.bytes());
            request.answer(HEX.parseHex("7F2E31"));
            assertEquals("7f2e31", HEX.formatHex(tester.receive()));
            tester.send(HEX.parseHex("1001"));
            ecu.nextRequest(Duration.ofSeconds(5));                   // taken, not answered
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> tester.receive(Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 >= 300_000_000L);
            ecu.expectNoRequest(Duration.ofMillis(100));
        }
    }

    @Test
    void unaskedPdusFromAnyThread(VirtualCanBus bus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            Future<?> a = pool.submit(() -> {
                ecu.send(new byte[20]);
                return null;
            });
            Future<?> b = pool.submit(() -> {
                ecu.send(new byte[30]);
                return null;
            });
            a.get();
            b.get();
            int first = tester.receive().length;
            int second = tester.receive().length;
            assertEquals(50, first + second);                          // each whole: sends take turns
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitsAreBoundedAndSayWhatWasMissing(VirtualCanBus bus) throws IOException {
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open()) {
            long t0 = System.nanoTime();
            AssertionError e = assertThrows(AssertionError.class, () -> ecu.nextRequest(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= 200_000_000L);
            assertTrue(e.getMessage().contains("got no request within 200 ms"), e.getMessage());
            assertEquals(Optional.empty(), ecu.pollRequest(Duration.ZERO));
            ecu.close();
            assertThrows(IllegalStateException.class, () -> ecu.nextRequest(Duration.ofSeconds(1)));
            assertThrows(IOException.class, () -> ecu.send(new byte[] {1}));
        }
    }

    @Test
    void closeWakesAWaitingTaker(VirtualCanBus bus) throws Exception {
        ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> waiter = pool.submit(() -> {
                try {
                    ecu.nextRequest(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(100);
            ecu.close();
            assertTrue(waiter.get() instanceof IllegalStateException, String.valueOf(waiter.get()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentTakersGetEachRequestOnce(VirtualCanBus bus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            List<Future<String>> takers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                takers.add(pool.submit(() -> {
                    StringBuilder s = new StringBuilder();
                    for (int k = 0; k < 10; k++) {
                        s.append(ecu.nextRequest(Duration.ofSeconds(10))).append(' ');
                    }
                    return s.toString();
                }));
            }
            for (int i = 0; i < 30; i++) {
                tester.send(new byte[] {0x31, (byte) i});
            }
            List<String> all = new ArrayList<>();
            for (Future<String> f : takers) {
                all.addAll(List.of(f.get(20, TimeUnit.SECONDS).trim().split(" ")));
            }
            Collections.sort(all);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(String.format("31%02X", i));
            }
            assertEquals(expected, all);
            ecu.expectNoRequest(Duration.ofMillis(50));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterfaceThatGoesAwayEndsTheEcusReceiving(VirtualCanBus bus) throws Exception {
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open()) {
            bus.removeInterface("vcan0");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ecu.errors().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertEquals(1, ecu.errors().size(), ecu.errors().toString());      // reported once, not in a loop
            assertTrue(ecu.errors().get(0) instanceof dev.isotp.DeviceGoneException, ecu.errors().toString());
        }
    }

    @Test
    void anEcuLeftOpenIsClosedWithItsBus() throws Exception {
        ScriptedEcu ecu;
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
            ecu = ScriptedEcu.mirroring(bus, TESTER).open();
        }
        assertTrue(ecu.isClosed());
        assertThrows(IllegalStateException.class, () -> ecu.nextRequest(Duration.ofSeconds(1)));
    }

    @Test
    void aBroadcastConfigurationIsRefusedWithTheWayOut(VirtualCanBus bus) {
        IsoTpConfig functional = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7DF).sfBroadcast(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScriptedEcu.mirroring(bus, functional));
        assertTrue(e.getMessage().contains("ScriptedEcu.responder(bus, config, rxid, txid)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScriptedEcu.on(bus, functional));
    }
}
