package dev.isotp.samples.uds;

import static dev.isotp.samples.uds.UdsChannelTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpChannels;
import dev.isotp.NegativeResponseException;
import dev.isotp.testkit.SimulatedUdsEcu;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test kit's UDS-speaking ECU against {@code @UdsChannel} clients: sessions that end after S3 unless kept alive,
 * the keep-alive's spacing, pending answers of a routine, busy and negative answers, silence on suppressed and on
 * functional refusals.
 */
@ExtendWith(VirtualCanBusExtension.class)
class SimulatedUdsEcuTest {
    private static final byte[] VIN = "1HGCM82633A004352".getBytes(StandardCharsets.US_ASCII);

    private static SimulatedUdsEcu.Builder ecu(VirtualCanBus bus, Duration s3) {
        return SimulatedUdsEcu.mirroring(bus, IsoTp_UdsTester.CONFIG).s3(s3)
                .timing(Duration.ofMillis(40), Duration.ofMillis(900))
                .data(0xF190, VIN)
                .routine(0xFF00, 2, Duration.ofMillis(200), new byte[] {0x00})
                .inSession(0x03, 0x31);
    }

    @Test
    void testerPresentKeepsTheSessionAndIsSpacedByItsInterval(VirtualCanBus bus) throws Exception {
        try (SimulatedUdsEcu ecu = ecu(bus, Duration.ofMillis(2000)).start(); UdsTester channel = new IsoTp_UdsTester()) {
            assertArrayEquals(bytes(0x50, 0x03, 0x00, 0x28, 0x00, 0x5A), channel.request(bytes(0x10, 0x03)));
            Thread.sleep(2500); // longer than S3: only TesterPresent (every 400 ms) keeps the session
            assertEquals(0x03, ecu.session());
            assertEquals(0, ecu.sessionExpiries());
            // the client never sends sooner than 400 ms after its last exchange; the ECU stamps a request when its
            // worker takes it, so a stamp that came late shortens the next gap by its lateness: 100 ms of room
            ecu.assertTesterPresentSpacing(Duration.ofMillis(300), Duration.ofMillis(2000));
            byte[] erased = channel.request(bytes(0x31, 0x01, 0xFF, 0x00));
            assertArrayEquals(bytes(0x71, 0x01, 0xFF, 0x00, 0x00), erased, "after two 7F 31 78");
        }
    }

    @Test
    void withoutTesterPresentTheSessionEndsAfterS3(VirtualCanBus bus) throws Exception {
        try (SimulatedUdsEcu ecu = ecu(bus, Duration.ofMillis(600)).start();
                UdsTester channel = new IsoTp_UdsTester(ChannelOverrides.of(b -> b.testerPresentMillis(0)))) {
            channel.request(bytes(0x10, 0x03));
            Thread.sleep(900);
            NegativeResponseException e = assertThrows(NegativeResponseException.class,
                    () -> channel.request(bytes(0x31, 0x01, 0xFF, 0x00)));
            assertEquals(0x7F, e.responseCode(), e.getMessage());
            assertEquals(1, ecu.sessionExpiries());
            assertTrue(ecu.testerPresentTimes().isEmpty());
            AssertionError spacing = assertThrows(AssertionError.class,
                    () -> ecu.assertTesterPresentSpacing(Duration.ofMillis(1), Duration.ofMillis(1000)));
            assertTrue(spacing.getMessage().contains("(0 requests)"), spacing.getMessage());
        }
    }

    @Test
    void busyAndScriptedRefusalsAndSuppressedAnswers(VirtualCanBus bus) throws Exception {
        try (SimulatedUdsEcu ecu = ecu(bus, Duration.ofSeconds(5)).busy(bytes(0x22, 0xF1, 0x90), 2)
                .refuse(bytes(0x27, 0x01), 0x37).start();
                UdsTester channel = new IsoTp_UdsTester()) {
            byte[] vin = channel.request(bytes(0x22, 0xF1, 0x90));           // after two busyRepeatRequest
            assertEquals("1HGCM82633A004352", new String(vin, 3, vin.length - 3, StandardCharsets.US_ASCII));
            NegativeResponseException delay = assertThrows(NegativeResponseException.class,
                    () -> channel.request(bytes(0x27, 0x01)));
            assertEquals("0x37 requiredTimeDelayNotExpired: the ECU refused 0x27 SecurityAccess 01 (vcan0, UdsTester)",
                    delay.getMessage());
            assertArrayEquals(new byte[0], channel.request(bytes(0x10, 0x82)));  // suppressed: nothing comes
            assertEquals(0x02, ecu.session());
            assertArrayEquals(new byte[0], channel.request(bytes(0x11, 0x81)));
            assertEquals(0x01, ecu.session());
            assertEquals(0, IsoTpChannels.droppedPdus(channel));
        }
    }

    /** The ECU's state changes before its answer leaves: a client that has the answer sees the new session. */
    @Test
    void theSessionChangesBeforeTheAnswerLeaves(VirtualCanBus bus) throws Exception {
        try (SimulatedUdsEcu ecu = ecu(bus, Duration.ofSeconds(5)).start(); UdsTester channel = new IsoTp_UdsTester()) {
            for (int i = 0; i < 30; i++) {
                channel.request(bytes(0x10, 0x02));
                assertEquals(0x02, ecu.session());
                channel.request(bytes(0x11, 0x01));
                assertEquals(0x01, ecu.session(), "after the ECUReset answer, round " + i);
            }
        }
    }

    @Test
    void functionalRespondersAnswerPendRefuseOrStaySilent(VirtualCanBus bus) throws Exception {
        SimulatedUdsEcu.Builder working = SimulatedUdsEcu.responder(bus, IsoTp_FunctionalUds.CONFIG, 0x7E8, 0x7E0)
                .routine(0xFF00, 1, Duration.ofMillis(100), new byte[] {0x00});
        SimulatedUdsEcu.Builder refusing = SimulatedUdsEcu.responder(bus, IsoTp_FunctionalUds.CONFIG, 0x7E9, 0x7E1)
                .refuse(bytes(0x31, 0x01), 0x22);
        // 0x7EA has no such routine: requestOutOfRange (0x31), which a server keeps to itself when asked functionally
        SimulatedUdsEcu.Builder silent = SimulatedUdsEcu.responder(bus, IsoTp_FunctionalUds.CONFIG, 0x7EA, 0x7E2);
        try (SimulatedUdsEcu a = working.start(); SimulatedUdsEcu b = refusing.start(); SimulatedUdsEcu c = silent.start();
                FunctionalUds channel = new IsoTp_FunctionalUds()) {
            Map<Integer, byte[]> answers = channel.ask(bytes(0x31, 0x01, 0xFF, 0x00), Duration.ofMillis(500));
            assertEquals(List.of(0x7E8, 0x7E9), new ArrayList<>(answers.keySet()));
            assertArrayEquals(bytes(0x71, 0x01, 0xFF, 0x00, 0x00), answers.get(0x7E8));
            assertArrayEquals(bytes(0x7F, 0x31, 0x22), answers.get(0x7E9));
        }
    }
}
