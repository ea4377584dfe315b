package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.GeneralOptions;
import dev.isotp.InterfaceMtuException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.LinkLayerOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CAN FD on an interface with MTU 72, with frames of 8 and 64 data bytes, in both directions; a CAN FD socket on an
 * interface with MTU 16 is refused with a message that says how to fix the interface. The test makes its own two
 * vcan interfaces, one of each MTU, and removes them afterwards.
 */
@Tag("kernel")
class CanFdTest {
    private static final String FD = "ktfd0";
    private static final String CLASSIC = "ktcc0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Vcan.Own OWN_FD = Vcan.own(FD, 72);
    @RegisterExtension
    static final Vcan.Own OWN_CLASSIC = Vcan.own(CLASSIC, 16);

    @ParameterizedTest(name = "tx data length {0}")
    @ValueSource(ints = {8, 64})
    void canFdPdusGoBothWays(int txDataLength) throws Exception {
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface(FD).canFd(true).txDataLength(txDataLength)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x731).txid(0x730).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x730).txid(0x731).bitRateSwitch(txDataLength == 64).build())) {
            assertEquals(LinkLayerOptions.canFd(txDataLength, false), a.getLinkLayerOptions());
            assertEquals(LinkLayerOptions.canFd(txDataLength, txDataLength == 64), b.getLinkLayerOptions());
            for (int size : new int[] {5, 62, 4095}) {
                exchange(a, b, size, txDataLength);
            }
            // a smaller exchange watched on the wire (candump may drop frames of a burst of hundreds)
            try (CanSniffer sniffer = CanSniffer.start(FD)) {
                exchange(a, b, 200, txDataLength);
                b.send(new byte[] {0x7E}); // a last single frame: once candump shows it, it has shown all before it
                assertArrayEquals(new byte[] {0x7E}, a.receive(WAIT));
                List<CanSniffer.Frame> all = sniffer.awaitFrame(f -> f.id == 0x731 && f.u8(0) == 0x01 && f.u8(1) == 0x7E,
                        "b's last single frame");
                for (CanSniffer.Frame f : all) {
                    assertTrue(f.fd, "every frame is a CAN FD frame: " + f);
                    assertTrue(f.data.length <= txDataLength, "no frame longer than " + txDataLength + ": " + f);
                    assertEquals(f.id == 0x731 && txDataLength == 64, (f.fdFlags & 0x01) != 0, "bit rate switch of " + f);
                }
                CanSniffer.Frame firstFrame = all.stream().filter(f -> f.id == 0x730 && f.u8(0) >> 4 == 1).findFirst()
                        .orElseThrow(() -> new AssertionError("no first frame from a in " + all));
                assertEquals(txDataLength, firstFrame.data.length, "a first frame fills the data length: " + firstFrame);
                System.out.println("CAN FD, tx data length " + txDataLength + ": first frame " + firstFrame);
            }
        }
    }

    private static void exchange(IsoTpSocket a, IsoTpSocket b, int size, int seed) throws Exception {
        byte[] there = Kernel.payload(size, seed);
        a.send(there);
        assertArrayEquals(there, b.receive(WAIT), size + " bytes a to b");
        byte[] back = Kernel.payload(size, seed + 1);
        b.send(back);
        assertArrayEquals(back, a.receive(WAIT), size + " bytes b to a");
    }

    @Test
    void canFdOnAnInterfaceWithMtu16IsRefusedWithTheCommandThatFixesIt() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setLinkLayerOptions(LinkLayerOptions.canFd(64, false));
            InterfaceMtuException e = assertThrows(InterfaceMtuException.class, () -> s.bind(CLASSIC,
                    Address.builder(AddressingMode.NORMAL_11).rxid(0x733).txid(0x732).build()));
            assertTrue(e.getMessage().contains("ip link set " + CLASSIC + " mtu 72"), e.getMessage());
            assertEquals(22, e.errno(), "EINVAL from bind");
            System.out.println("CAN FD on MTU 16: " + e.getMessage());
        }
    }

    @Test
    void classicCanWorksOnAnInterfaceWithMtu72() throws Exception {
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface(FD);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x735).txid(0x734).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x734).txid(0x735).build())) {
            byte[] pdu = Kernel.payload(30, 3);
            a.send(pdu);
            assertArrayEquals(pdu, b.receive(WAIT));
        }
    }
}
