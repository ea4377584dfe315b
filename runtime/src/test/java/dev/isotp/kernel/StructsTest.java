package dev.isotp.kernel;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The structs reach the kernel byte for byte as include/uapi/linux/can/isotp.h and can.h lay them out (x86-64: little endian). */
class StructsTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.capacity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Test
    void nativeOrderIsLittleEndianOnThisPlatform() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "these expectations are written for x86-64 / aarch64");
    }

    @Test
    void isotpOptionsAreTwelveBytesFlagsTxtimeThenFourBytes() {
        ByteBuffer b = Structs.options(0x0402, 0xFFFFFFFFL, 0xF1, 0xCC, 0xAA, 0x10);
        assertEquals(KernelAbi.OPTIONS_SIZE, b.capacity());
        assertArrayEquals(new byte[] {
            0x02, 0x04, 0x00, 0x00,                         // flags = EXTEND_ADDR | WAIT_TX_DONE
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // frame_txtime = CAN_ISOTP_FRAME_TXTIME_ZERO
            (byte) 0xF1, (byte) 0xCC, (byte) 0xAA, 0x10},   // ext_address, txpad, rxpad, rx_ext_address
            bytes(b));
    }

    @Test
    void frameTxTimeIsUnsigned32Bit() {
        ByteBuffer b = Structs.options(0, 50_000, 0, 0, 0, 0);
        assertEquals(50_000, Structs.u32(b, 4));
        assertEquals(0xFFFFFFFFL, Structs.u32(Structs.options(0, 0xFFFFFFFFL, 0, 0, 0, 0), 4));
    }

    @Test
    void flowControlOptionsAreThreeBytesBsStminWftmax() {
        ByteBuffer b = Structs.flowControl(10, 0xF1, 255);
        assertArrayEquals(new byte[] {10, (byte) 0xF1, (byte) 0xFF}, bytes(b));
        assertEquals(KernelAbi.FC_OPTIONS_SIZE, b.capacity());
        assertEquals(0xF1, Structs.u8(b, 1));
    }

    @Test
    void linkLayerOptionsAreThreeBytesMtuTxDlTxFlags() {
        assertArrayEquals(new byte[] {72, 64, 1}, bytes(Structs.linkLayer(KernelAbi.CANFD_MTU, 64, KernelAbi.CANFD_BRS)));
        assertArrayEquals(new byte[] {16, 8, 0}, bytes(Structs.linkLayer(KernelAbi.CAN_MTU, 8, 0)));
    }

    @Test
    void stminNanosIsAFourByteUnsignedValue() {
        assertArrayEquals(new byte[] {(byte) 0xA0, (byte) 0x86, 0x01, 0x00}, bytes(Structs.nanos(100_000)));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, bytes(Structs.nanos(0xFFFFFFFFL)));
    }

    @Test
    void socketAddressHasFamilyIfindexThenReceiveIdBeforeTransmitId() {
        ByteBuffer b = Structs.socketAddress(3, 0x7E8, 0x80000000 | 0x18DA10F1);
        assertEquals(KernelAbi.SOCKADDR_CAN_SIZE, b.capacity());
        assertArrayEquals(new byte[] {
            29, 0, 0, 0,                    // can_family AF_CAN, 2 bytes padding
            3, 0, 0, 0,                     // can_ifindex
            (byte) 0xE8, 0x07, 0, 0,        // rx_id first
            (byte) 0xF1, 0x10, (byte) 0xDA, (byte) 0x98, // tx_id with CAN_EFF_FLAG
            0, 0, 0, 0, 0, 0, 0, 0},        // j1939 tail, zero
            bytes(b));
    }
}
