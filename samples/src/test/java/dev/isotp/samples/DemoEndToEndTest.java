package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ChannelOverrides;
import dev.isotp.samples.di.DaggerDiagnosticsComponent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The demo on vcan0: the ECU simulator and the tester talk UDS over ISO-TP and every check passes. */
@Tag("kernel")
class DemoEndToEndTest {
    private static String run(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDemoPassesEveryCheck() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Demo.run(new String[] {"--iface", "vcan0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = run(out);
        System.out.print(text);
        assertEquals(0, code, text + run(err));
        assertTrue(text.contains("demo: all 6 checks passed"), text);
        assertTrue(text.contains("\"1HGCM82633A004352\""), text);
        assertTrue(text.contains("7F 22 31"), text);
        assertTrue(text.contains("3075 bytes in 440 CAN frames"), text);
    }

    @Test
    void theEcuAndTesterRolesWorkApart() throws Exception {
        ByteArrayOutputStream ecuOut = new ByteArrayOutputStream();
        CompletableFuture<Integer> ecu = CompletableFuture.supplyAsync(() -> Demo.run(
                new String[] {"--iface", "vcan0", "--role", "ecu", "--count", "6"},
                new PrintStream(ecuOut, true, StandardCharsets.UTF_8), System.err));
        Thread.sleep(1_000); // the ECU's socket is bound well before the tester's first request
        ByteArrayOutputStream testerOut = new ByteArrayOutputStream();
        int tester = Demo.run(new String[] {"--iface", "vcan0", "--role", "tester"},
                new PrintStream(testerOut, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, tester, run(testerOut));
        assertEquals(0, ecu.get(20, TimeUnit.SECONDS), run(ecuOut));
        assertTrue(run(ecuOut).contains("ECU simulator answered 6 requests"), run(ecuOut));
        assertTrue(run(ecuOut).contains("ECU    got 22 BE EF, answered 7F 22 31"), run(ecuOut));
    }

    @Test
    void theInjectedTesterReadsTheVinFromTheSimulatedEcu() throws Exception {
        try (EcuSimulator channel = new IsoTp_EcuSimulator(ChannelOverrides.iface("vcan0"));
                DiagnosticSession session = DaggerDiagnosticsComponent.factory().create("vcan0").session()) {
            Ecu ecu = new Ecu(channel);
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try {
                    return ecu.serve(1, line -> { });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DiagnosticSession.Timed vin = session.readDataByIdentifier(Ecu.VIN);
            assertEquals("62 F1 90 31 48 47 43 4D 38 32 36 33 33 41 30 30 34 33 35 32", vin.response().toString());
            assertEquals(1, served.get(20, TimeUnit.SECONDS));
        }
    }
}
