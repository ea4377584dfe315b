package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.support.ChannelSupport;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Functional requests on the virtual bus: one ECU per responder, and a fixed-mode functional tester's mirror. */
@ExtendWith(VirtualCanBusExtension.class)
class FunctionalEcuTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The functional channel of docs/channels.md. */
    private static final IsoTpConfig OBD =
            IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7DF).sfBroadcast(true).build();
    private static final int[] RESPONDERS = {0x7E8, 0x7E0, 0x7E9, 0x7E1, 0x7EA, 0x7E2};

    @Test
    void aSingleFrameAMultiFrameAndASilentResponder(VirtualCanBus bus) throws Exception {
        byte[] vin = new byte[62];
        vin[0] = 0x49;
        try (SimulatedEcu engine = SimulatedEcu.responder(bus, OBD, 0x7E8, 0x7E0)
                        .answer(HEX.parseHex("0100"), HEX.parseHex("4100BE3FA813")).start();
                SimulatedEcu gearbox = SimulatedEcu.responder(bus, OBD, 0x7E9, 0x7E1)
                        .answer(HEX.parseHex("0100"), vin).start();
                SimulatedEcu silent = SimulatedEcu.responder(bus, OBD, 0x7EA, 0x7E2).start();
                ChannelSupport obd = ChannelSupport.open("Obd", OBD, RESPONDERS)) {
            Map<Integer, byte[]> answers = obd.requestAll(HEX.parseHex("0100"), Duration.ofMillis(1500));
            assertEquals(List.of(0x7E8, 0x7E9), List.copyOf(answers.keySet()));
            assertEquals("4100be3fa813", HEX.formatHex(answers.get(0x7E8)));
            assertArrayEquals(vin, answers.get(0x7E9));
            assertEquals(1, silent.requestCount());                   // it heard the request and kept silent
        }
        // the request on the functional id; the multi-frame answer's flow control on the gearbox's physical id
        assertEquals("vcan0  7DF#020100", bus.frames().all().get(0).toString());
        assertEquals(1, bus.frames().withId(0x7E1).size());
        assertEquals("vcan0  7E1#300000", bus.frames().withId(0x7E1).get(0).toString());
    }

    @Test
    void aResponderAnswersPhysicalRequestsToo(VirtualCanBus bus) throws Exception {
        try (ScriptedEcu ecu = ScriptedEcu.responder(bus, OBD, 0x7E8, 0x7E0).open();
                IsoTpSocket tester = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0)
                        .receiveTimeoutMillis(5000).build())) {
            assertEquals(0x7DF, ecu.functionalId().getAsInt());
            tester.send(new byte[20]);                                // multi-frame: only physically
            ScriptedEcu.Request r = ecu.nextRequest(Duration.ofSeconds(5));
            assertFalse(r.functional());
            r.answer(new byte[30]);
            assertEquals(30, tester.receive().length);
        }
    }

    @Test
    void theMirrorOfAFixedModeFunctionalTesterHearsTheFunctionalId(VirtualCanBus bus) throws Exception {
        IsoTpConfig tester = IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.NORMAL_FIXED_29)
                .targetAddress(0x33).sourceAddress(0xF1).functional(true).receiveTimeoutMillis(5000).build();
        try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, tester).open();
                IsoTpSocket socket = IsoTpSocket.open(tester)) {
            assertEquals(0x18DB33F1, ecu.functionalId().getAsInt());
            assertEquals(0x18DA33F1, ecu.address().rxid());
            socket.send(HEX.parseHex("3E00"));
            ScriptedEcu.Request r = ecu.nextRequest(Duration.ofSeconds(5));
            assertTrue(r.functional());
            assertEquals("3E00 (functional)", r.toString());
            r.answer(HEX.parseHex("7E00"));
            assertEquals("7e00", HEX.formatHex(socket.receive()));
        }
        assertEquals("vcan0  18DB33F1#023E00", bus.frames().all().get(0).toString());
        assertEquals("vcan0  18DAF133#027E00", bus.frames().all().get(1).toString());
    }

    @Test
    void aResponderThatBreaksOffMidAnswerIsAbsent(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu engine = SimulatedEcu.responder(bus, OBD, 0x7E8, 0x7E0)
                        .answer(HEX.parseHex("0902"), new byte[20]).start();
                SimulatedEcu broken = SimulatedEcu.responder(bus, OBD, 0x7E9, 0x7E1)
                        .answer(HEX.parseHex("0902"), new byte[40]).fault(Fault.cutOffAfter(1)).start();
                ChannelSupport obd = ChannelSupport.open("Obd", OBD, new int[] {0x7E8, 0x7E0, 0x7E9, 0x7E1})) {
            Map<Integer, byte[]> answers = obd.requestAll(HEX.parseHex("0902"), Duration.ofMillis(500));
            assertEquals(List.of(0x7E8), List.copyOf(answers.keySet()));
        }
    }
}
