package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.BadMessageException;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.InterfaceMtuException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.NoSuchInterfaceException;
import dev.isotp.PeerOverflowException;
import dev.isotp.SequenceNumberException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Channels on the virtual bus: round trips in several shapes, the frames on the bus, and every fault's exception. */
@ExtendWith(VirtualCanBusExtension.class)
class VirtualBusTest {
    private static final HexFormat HEX = HexFormat.of();

    private static IsoTpConfig tester(String iface) {
        return IsoTpConfig.builder().iface(iface).rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(3000).build();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aSingleFrameRequestAndAMultiFrameAnswerLookAsOnTheKernel(VirtualCanBus bus) throws IOException {
        byte[] vin = "1HGCM82633A004352".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] answer = new byte[3 + vin.length];
        answer[0] = 0x62;
        answer[1] = (byte) 0xF1;
        answer[2] = (byte) 0x90;
        System.arraycopy(vin, 0, answer, 3, vin.length);
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).answer(HEX.parseHex("22F190"), answer).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            socket.send(HEX.parseHex("22F190"));
            assertArrayEquals(answer, socket.receive());
            assertEquals(1, ecu.requests().size());
        }
        List<LoggedFrame> frames = bus.frames().all();
        assertEquals("vcan0  7E0#0322F190", frames.get(0).toString());
        assertEquals("vcan0  7E8#101462F190314847", frames.get(1).toString());
        assertEquals("vcan0  7E0#300000", frames.get(2).toString());
        assertEquals("vcan0  7E8#21434D3832363333", frames.get(3).toString());
        assertEquals("vcan0  7E8#2241303034333532", frames.get(4).toString());
        assertEquals(5, frames.size());
    }

    @Test
    void largePdusWithTheEscapeOnCanFdAndExtendedAddressing(VirtualCanBus bus) throws IOException {
        IsoTpConfig config = IsoTpConfig.builder().iface("vcanfd0").mode(AddressingMode.EXTENDED_29).rxid(0x18DAF110)
                .txid(0x18DA10F1).targetAddress(0x10).sourceAddress(0xF1).canFd(true).txDataLength(64).bs(2).stmin(0xF1)
                .txPadding(0xAA).rxPadding(0xAA).checkPaddingData(true).receiveTimeoutMillis(5000).build();
        byte[] big = bytes(6000, 1);
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, config).otherwise(r -> r).start();
                IsoTpSocket socket = IsoTpSocket.open(config)) {
            socket.send(big);
            assertArrayEquals(big, socket.receive());
        }
        LoggedFrame first = bus.frames().all().get(0);
        assertEquals(64, first.frame().length());
        // address byte 0x10, FF with FF_DL 0 and the 32-bit length 6000 = 0x1770
        assertEquals(0x98DA10F1, first.id());
        assertEquals("10100000001770", HEX.formatHex(first.frame().data(), 0, 7).toUpperCase());
    }

    @Test
    void noSuchInterfaceAndCanFdOnAClassicOneFailAsOnTheKernel(VirtualCanBus bus) {
        NoSuchInterfaceException missing = assertThrows(NoSuchInterfaceException.class, () -> IsoTpSocket.open(tester("can9")));
        assertTrue(missing.getMessage().contains("vcan0, vcanfd0"), missing.getMessage());
        assertThrows(InterfaceMtuException.class,
                () -> IsoTpSocket.open(tester("vcan0").toBuilder().canFd(true).txDataLength(64).build()));
    }

    @Test
    void noFlowControl(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).fault(Fault.noFlowControl()).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            assertThrows(FlowControlTimeoutException.class, () -> socket.send(bytes(100, 2)));
        }
    }

    @Test
    void overflow(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).fault(Fault.overflow()).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            assertThrows(PeerOverflowException.class, () -> socket.send(bytes(100, 3)));
        }
    }

    @Test
    void waitFramesDelayButDoNotFail(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).otherwise(r -> r)
                .fault(Fault.waitFrames(3, Duration.ofMillis(200))).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            byte[] pdu = bytes(50, 4);
            socket.send(pdu);
            assertArrayEquals(pdu, socket.receive());
        }
        long waits = bus.frames().withId(0x7E8).stream().filter(f -> f.frame().byteAt(0) == 0x31).count();
        assertTrue(waits >= 3, bus.frames().toString());
    }

    @Test
    void wrongSequenceNumber(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).otherwise(r -> bytes(40, 5))
                .fault(Fault.wrongSequenceNumber()).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            socket.send(new byte[] {0x22});
            assertThrows(SequenceNumberException.class, socket::receive);
        }
    }

    @Test
    void badPadding(VirtualCanBus bus) throws IOException {
        IsoTpConfig config = tester("vcan0").toBuilder().txPadding(0xCC).rxPadding(0xCC).checkPaddingData(true).build();
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, config).otherwise(r -> new byte[] {0x7E, 0x00})
                .fault(Fault.badPadding()).start();
                IsoTpSocket socket = IsoTpSocket.open(config)) {
            socket.send(new byte[] {0x3E, 0x00});
            assertThrows(BadMessageException.class, socket::receive);
        }
    }

    @Test
    void cutOffTransfer(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).otherwise(r -> bytes(100, 6))
                .fault(Fault.cutOffAfter(3)).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            socket.send(new byte[] {0x22});
            assertThrows(ConsecutiveFrameTimeoutException.class, socket::receive);
        }
    }

    @Test
    void delay(VirtualCanBus bus) throws IOException {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester("vcan0")).otherwise(r -> r)
                .fault(Fault.delay(Duration.ofMillis(500))).start();
                IsoTpSocket socket = IsoTpSocket.open(tester("vcan0"))) {
            socket.send(new byte[] {0x22});
            assertThrows(SocketTimeoutException.class, () -> socket.receive(Duration.ofMillis(100)));
            assertArrayEquals(new byte[] {0x22}, socket.receive(Duration.ofSeconds(3)));
        }
    }
}
