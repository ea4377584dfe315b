package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PDUs of 1 (single frame), 7 (the largest single frame), 8 (the smallest first frame + consecutive frame),
 * 62, 4095 (the largest 12-bit length) and 8000 bytes (the 32-bit length escape) go through the kernel intact, sent and
 * received as byte arrays, direct ByteBuffers and heap ByteBuffers. Frames go out without a gap (FRAME_TX_TIME_ZERO).
 */
@Tag("kernel")
class PduSizesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static IsoTpSocket a;
    private static IsoTpSocket b;

    @BeforeAll
    static void openPair() throws Exception {
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface(Kernel.VCAN).frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        a = IsoTpSocket.open(base.rxid(0x711).txid(0x710).build());
        b = IsoTpSocket.open(base.rxid(0x710).txid(0x711).build());
    }

    @AfterAll
    static void closePair() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 7, 8, 62, 4095})
    void byteArraysArriveIntact(int size) throws Exception {
        byte[] sent = Kernel.payload(size, size);
        a.send(sent);
        assertArrayEquals(sent, b.receive(WAIT));
        // and back, so both sockets send and receive every size
        byte[] back = Kernel.payload(size, size + 1);
        b.send(back);
        assertArrayEquals(back, a.receive(WAIT));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 7, 8, 62, 4095})
    void directByteBuffersArriveIntact(int size) throws Exception {
        byte[] sent = Kernel.payload(size, size + 2);
        ByteBuffer out = ByteBuffer.allocateDirect(size).put(sent).flip();
        a.send(out);
        assertEquals(size, out.position(), "send advances the position past the PDU");
        ByteBuffer in = ByteBuffer.allocateDirect(5000);
        assertEquals(size, b.receive(in, WAIT));
        assertEquals(size, in.position(), "receive advances the position past the PDU");
        assertArrayEquals(sent, bytes(in.flip()));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 7, 8, 62, 4095})
    void heapByteBuffersArriveIntact(int size) throws Exception {
        byte[] sent = Kernel.payload(size, size + 3);
        ByteBuffer out = ByteBuffer.allocate(size).put(sent).flip();
        a.send(out);
        assertEquals(size, out.position());
        ByteBuffer in = ByteBuffer.allocate(5000);
        assertEquals(size, b.receive(in, WAIT));
        assertEquals(size, in.position());
        assertArrayEquals(sent, bytes(in.flip()));
    }

    @Test
    void buffersWithAnOffsetSendAndReceiveOnlyTheirRemainingBytes() throws Exception {
        byte[] sent = Kernel.payload(100, 9);
        for (boolean direct : new boolean[] {true, false}) {
            ByteBuffer out = allocate(direct, 130);
            out.position(10).put(sent).flip().position(10); // bytes 10..109 are the PDU, 0..9 are not
            out.put(0, (byte) 0x5A);
            a.send(out);
            assertEquals(110, out.position());
            ByteBuffer in = allocate(direct, 300);
            in.position(7);
            assertEquals(100, b.receive(in, WAIT));
            assertEquals(107, in.position());
            assertEquals(0, in.get(0), "nothing written before the position (" + (direct ? "direct" : "heap") + ")");
            assertArrayEquals(sent, bytes(in.flip().position(7)), direct ? "direct" : "heap");
        }
    }

    @Test
    void pduOf8000BytesUsesThe32BitLengthWhereTheKernelAllowsIt() throws Exception {
        byte[] sent = Kernel.payload(8000, 5);
        System.out.println("kernel " + dev.isotp.kernel.KernelInfo.release() + ": largest PDU " + a.maxPduSize());
        if (a.maxPduSize() >= 8000) {
            a.send(sent);
            assertArrayEquals(sent, b.receive(WAIT));
            ByteBuffer in = ByteBuffer.allocateDirect(8000);
            a.send(ByteBuffer.wrap(sent));
            assertEquals(8000, b.receive(in, WAIT));
            assertArrayEquals(sent, bytes(in.flip()));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.send(sent));
            assertTrue(e.getMessage().contains(Integer.toString(a.maxPduSize())), e.getMessage());
        }
    }

    @Test
    void payloadsOfZeroBytesAndOverTheKernelsLimitAreRefusedBeforeTheSyscall() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> a.send(new byte[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> a.send(new byte[a.maxPduSize() + 1]));
        assertTrue(large.getMessage().contains(Integer.toString(a.maxPduSize())), large.getMessage());
    }

    private static ByteBuffer allocate(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
