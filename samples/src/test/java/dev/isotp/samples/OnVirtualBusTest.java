package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.FlowControlTimeoutException;
import dev.isotp.SequenceNumberException;
import dev.isotp.samples.di.DaggerDiagnosticsComponent;
import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsResponse;
import dev.isotp.testkit.Fault;
import dev.isotp.testkit.LoggedFrame;
import dev.isotp.testkit.SimulatedEcu;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tester and the ECU simulator on the host, without a kernel: the test kit's virtual bus is the default backend
 * during each test, so the generated clients, Dagger's wiring and the demo run unchanged.
 */
@ExtendWith(VirtualCanBusExtension.class)
class OnVirtualBusTest {
    @Test
    void theWholeDemoPassesOnTheVirtualBus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Demo.run(new String[] {"--iface", "vcan0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("demo: all 6 checks passed"), text);
        assertTrue(text.contains("3075 bytes in 440 CAN frames"), text);
    }

    @Test
    void theInjectedTesterReadsTheVinFromTheSampleEcu(VirtualCanBus bus) throws Exception {
        try (EcuSimulator channel = new IsoTp_EcuSimulator();
                DiagnosticSession session = DaggerDiagnosticsComponent.factory().create("vcan0").session()) {
            Ecu ecu = new Ecu(channel);
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try {
                    return ecu.serve(1, line -> { });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            UdsResponse vin = session.readDataByIdentifier(Ecu.VIN).response();
            assertEquals(1, served.get(10, TimeUnit.SECONDS));
            assertTrue(!vin.isNegative());
            assertTrue(new String(vin.toBytes(), StandardCharsets.US_ASCII).endsWith(Ecu.VIN_VALUE));
        }
        // the answer (62 F1 90 and 17 characters, 20 bytes) is a first frame and two full consecutive frames
        List<LoggedFrame> fromEcu = bus.frames().withId(0x98DAF110);
        assertEquals(3, fromEcu.size(), bus.frames().toString());
        assertEquals("18DAF110#101462F190314847", fromEcu.get(0).frame().toString());
        assertEquals("18DAF110#2241303034333532", fromEcu.get(2).frame().toString());
    }

    @Test
    void aScriptedEcuWithAWrongSequenceNumberFailsTheTestersRequestAsTheKernelWould(VirtualCanBus bus) throws Exception {
        byte[] answer = new byte[40];
        answer[0] = 0x62;
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, IsoTp_DiagnosticTester.CONFIG)
                .answerPrefix(new byte[] {0x22}, request -> answer).fault(Fault.wrongSequenceNumber()).start();
                DiagnosticTester tester = new IsoTp_DiagnosticTester()) {
            assertThrows(SequenceNumberException.class,
                    () -> tester.request(UdsRequest.readDataByIdentifier(Ecu.VIN), DiagnosticSession.RESPONSE_TIMEOUT));
            assertArrayEquals(new byte[] {0x22, (byte) 0xF1, (byte) 0x90}, ecu.requests().get(0));
        }
    }

    @Test
    void anEcuThatSendsNoFlowControlFailsALongRequest(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, IsoTp_DiagnosticTester.CONFIG).fault(Fault.noFlowControl()).start();
                DiagnosticTester tester = new IsoTp_DiagnosticTester()) {
            UdsRequest longRequest = new UdsRequest(0x2E, new byte[20]);
            assertThrows(FlowControlTimeoutException.class, () -> tester.send(longRequest));
        }
    }
}
