package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SequenceNumberException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Faults for one answer, for the next answer, for the answers to some requests, beside the global ones. */
@ExtendWith(VirtualCanBusExtension.class)
class TargetedFaultsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IsoTpConfig TESTER =
            IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(5000).build();
    private static final byte[] LONG = new byte[40];     // a first frame (6 bytes) and 5 consecutive frames (7 each)

    @Test
    void theThirdConsecutiveFrameOfOneAnswerOnly(VirtualCanBus bus) throws Exception {
        LONG[0] = 0x62;
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, TESTER).open();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            tester.send(HEX.parseHex("22F190"));
            ScriptedEcu.Request r = ecu.nextRequest(Duration.ofSeconds(5));
            r.answer(LONG, Fault.dropConsecutiveFrame(3));
            assertThrows(SequenceNumberException.class, tester::receive);      // 21 22 24: 24 is out of turn
            List<LoggedFrame> cfs = bus.frames().await(f -> f.id() == 0x7E8 && f.pciType() == 2, 4, Duration.ofSeconds(5));
            assertEquals("21222425", cfs.stream().map(f -> HEX.formatHex(f.frame().data(), 0, 1))
                    .reduce("", String::concat));
            r.answer(LONG);                                                      // the next answer is whole
            assertArrayEquals(LONG, tester.receive());
        }
    }

    @Test
    void theNextAnswerOnly(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).otherwise(r -> LONG).start();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            ecu.faultNextAnswer(Fault.cutOffAfter(1));
            tester.send(HEX.parseHex("22F190"));
            long t0 = System.nanoTime();
            assertThrows(ConsecutiveFrameTimeoutException.class, tester::receive);
            assertTrue(System.nanoTime() - t0 >= 900_000_000L);                 // its N_Cr, 1 s after the last frame
            tester.send(HEX.parseHex("22F190"));
            assertArrayEquals(LONG, tester.receive());
        }
    }

    @Test
    void theAnswersToSomeRequestsOnly(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).otherwise(r -> LONG)
                        .faultWhen(r -> r[0] == 0x22, Fault.wrongSequenceNumber()).start();
                IsoTpSocket tester = IsoTpSocket.open(TESTER)) {
            tester.send(HEX.parseHex("21F190"));
            assertArrayEquals(LONG, tester.receive());
            tester.send(HEX.parseHex("22F190"));
            assertThrows(SequenceNumberException.class, tester::receive);
            tester.send(HEX.parseHex("21F190"));
            assertArrayEquals(LONG, tester.receive());
        }
    }

    @Test
    void flowControlFaultsAreForEveryTransferOnly(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, TESTER).start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ecu.faultNextAnswer(Fault.noFlowControl()));
            assertTrue(e.getMessage().startsWith("NO_FLOW_CONTROL acts on the flow control the ECU sends for a "
                    + "request, not on an answer"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Fault.dropConsecutiveFrame(0));
        }
    }
}
