package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpFlag;
import dev.isotp.IsoTpSocket;
import dev.isotp.KernelOptions;
import dev.isotp.SocketName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * All seven ISO 15765-2 addressing modes, each between two sockets with mirrored addresses: the ids the kernel holds
 * (getsockname, CAN_EFF_FLAG on 29-bit ids), the address flags and bytes it holds (getsockopt), a transfer in both
 * directions, and the address byte in front of every frame on the wire (candump).
 */
@Tag("kernel")
class AddressingModesTest {
    private static final int EFF = 0x80000000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One mode's pair of mirrored addresses and what the kernel must hold for side a. */
    private static final class Case {
        final Address a;
        final Address b;
        final int aRxId;
        final int aTxId;
        /** -1 in the normal modes. */
        final int aTxByte;
        final int aRxByte;

        Case(Address a, Address b, int aRxId, int aTxId, int aTxByte, int aRxByte) {
            this.a = a;
            this.b = b;
            this.aRxId = aRxId;
            this.aTxId = aTxId;
            this.aTxByte = aTxByte;
            this.aRxByte = aRxByte;
        }
    }

    private static Case caseOf(AddressingMode mode) {
        switch (mode) {
            case NORMAL_11:
                return new Case(ids(mode, 0x7A1, 0x7A2).build(), ids(mode, 0x7A2, 0x7A1).build(), 0x7A1, 0x7A2, -1, -1);
            case NORMAL_29:
                return new Case(ids(mode, 0x1ABCDE01, 0x1ABCDE02).build(), ids(mode, 0x1ABCDE02, 0x1ABCDE01).build(),
                        0x1ABCDE01 | EFF, 0x1ABCDE02 | EFF, -1, -1);
            case NORMAL_FIXED_29:
                return new Case(Address.builder(mode).targetAddress(0x10).sourceAddress(0xF1).build(),
                        Address.builder(mode).targetAddress(0xF1).sourceAddress(0x10).build(),
                        0x18DAF110 | EFF, 0x18DA10F1 | EFF, -1, -1);
            case EXTENDED_11:
                return new Case(ids(mode, 0x7B1, 0x7B2).targetAddress(0x55).sourceAddress(0xAA).build(),
                        ids(mode, 0x7B2, 0x7B1).targetAddress(0xAA).sourceAddress(0x55).build(), 0x7B1, 0x7B2, 0x55, 0xAA);
            case EXTENDED_29:
                return new Case(ids(mode, 0x1B000001, 0x1B000002).targetAddress(0x33).sourceAddress(0x44).build(),
                        ids(mode, 0x1B000002, 0x1B000001).targetAddress(0x44).sourceAddress(0x33).build(),
                        0x1B000001 | EFF, 0x1B000002 | EFF, 0x33, 0x44);
            case MIXED_11:
                return new Case(ids(mode, 0x7C1, 0x7C2).addressExtension(0x99).build(),
                        ids(mode, 0x7C2, 0x7C1).addressExtension(0x99).build(), 0x7C1, 0x7C2, 0x99, 0x99);
            case MIXED_29:
                return new Case(Address.builder(mode).targetAddress(0x20).sourceAddress(0x30).addressExtension(0x77).build(),
                        Address.builder(mode).targetAddress(0x30).sourceAddress(0x20).addressExtension(0x77).build(),
                        0x18CE3020 | EFF, 0x18CE2030 | EFF, 0x77, 0x77);
            default:
                throw new AssertionError(mode);
        }
    }

    private static Address.Builder ids(AddressingMode mode, int rxid, int txid) {
        return Address.builder(mode).rxid(rxid).txid(txid);
    }

    @ParameterizedTest
    @EnumSource(AddressingMode.class)
    void kernelHoldsTheIdsAndAddressBytesAndMirroredSocketsTalk(AddressingMode mode) throws Exception {
        Case c = caseOf(mode);
        try (IsoTpSocket a = open(); IsoTpSocket b = open(); CanSniffer sniffer = CanSniffer.start(Kernel.VCAN)) {
            a.bind(Kernel.VCAN, c.a);
            b.bind(Kernel.VCAN, c.b);

            SocketName name = a.getSocketName();
            assertEquals(Vcan.ifindex(Kernel.VCAN), name.ifindex(), "ifindex " + name);
            assertEquals(c.aRxId, name.rxid(), "rx id " + name);
            assertEquals(c.aTxId, name.txid(), "tx id " + name);
            assertEquals(mode.extendedIds(), name.extendedIds(), name.toString());
            SocketName nameB = b.getSocketName();
            assertEquals(c.aTxId, nameB.rxid(), "the peer receives what a transmits " + nameB);
            assertEquals(c.aRxId, nameB.txid(), "the peer transmits what a receives " + nameB);

            KernelOptions k = a.getKernelOptions();
            if (c.aTxByte < 0) {
                assertFalse(k.flags().contains(IsoTpFlag.EXTEND_ADDR), k.toString());
                assertFalse(k.flags().contains(IsoTpFlag.RX_EXT_ADDR), k.toString());
            } else {
                assertTrue(k.flags().contains(IsoTpFlag.EXTEND_ADDR) && k.flags().contains(IsoTpFlag.RX_EXT_ADDR), k.toString());
                assertEquals(c.aTxByte, k.extAddress(), "ext_address " + k);
                assertEquals(c.aRxByte, k.rxExtAddress(), "rx_ext_address " + k);
                assertTrue(k.flags().contains(IsoTpFlag.WAIT_TX_DONE), "bind keeps the general options " + k);
            }

            byte[] there = Kernel.payload(40, mode.ordinal());
            a.send(there);
            assertArrayEquals(there, b.receive(WAIT), "a to b");
            byte[] back = Kernel.payload(25, mode.ordinal() + 100);
            b.send(back);
            assertArrayEquals(back, a.receive(WAIT), "b to a");
            byte[] single = {0x3E, 0x00};
            a.send(single);
            assertArrayEquals(single, b.receive(WAIT), "single frame a to b");

            // on the wire: a's frames on its tx id, b's flow controls and frames on a's rx id
            int pci = c.aTxByte < 0 ? 0 : 1;
            int framesOfThere = c.aTxByte < 0 ? 6 : 7; // 40 bytes: FF 6 + 5 CF (7 each) or FF 5 + 6 CF (6 each)
            List<CanSniffer.Frame> fromA = sniffer.awaitFrames(c.aTxId, framesOfThere + 1 + 1);
            List<CanSniffer.Frame> fromB = sniffer.frames(c.aRxId);
            assertEquals(0x10, fromA.get(0).u8(pci) & 0xF0, "a's first frame " + fromA.get(0));
            assertEquals(0x30, fromB.get(0).u8(pci) & 0xF0, "b's flow control " + fromB.get(0));
            if (c.aTxByte >= 0) {
                for (CanSniffer.Frame f : fromA) {
                    assertEquals(c.aTxByte, f.u8(0), "a's address byte in front of " + f);
                }
                for (CanSniffer.Frame f : fromB) {
                    assertEquals(c.aRxByte, f.u8(0), "b's address byte in front of " + f);
                }
            }
            System.out.println(mode + ": " + name + ", " + k + ", a sent " + fromA + ", b sent " + fromB);
        }
    }

    private static IsoTpSocket open() throws Exception {
        IsoTpSocket s = IsoTpSocket.open();
        s.setGeneralOptions(GeneralOptions.builder().frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).build());
        return s;
    }
}
