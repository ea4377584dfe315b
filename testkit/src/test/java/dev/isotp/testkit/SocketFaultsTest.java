package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpFlag;
import dev.isotp.IsoTpSocket;
import dev.isotp.KernelOptions;
import dev.isotp.NoSuchInterfaceException;
import dev.isotp.PduTooLargeException;
import dev.isotp.internal.failure.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IsoTpSocket's own behaviour above the carrier, on the engine over the virtual bus: a failed bind leaves the socket
 * as it was, read-only buffers are sent and refused as receive targets before anything is taken, a heap buffer takes
 * what fits its room, setReceiveBufferSize does not wait for a running receive, and a broadcast socket refuses to
 * receive. The kernel's side of these is in the runtime's kerneltest.SocketFaultsKernelTest.
 */
@ExtendWith(VirtualCanBusExtension.class)
class SocketFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static IsoTpConfig.Builder side(int rxid, int txid) {
        return IsoTpConfig.builder().iface("vcan0").rxid(rxid).txid(txid).receiveTimeoutMillis(10_000);
    }

    private static byte[] payload(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void aFailedBindOfAnExtendedAddressingSocketLeavesItsOptionsAsTheyWere(VirtualCanBus bus) throws IOException {
        try (IsoTpSocket socket = IsoTpSocket.open()) {
            KernelOptions before = socket.getKernelOptions();
            Address extended = Address.builder(AddressingMode.EXTENDED_11).rxid(0x6E8).txid(0x6E0).targetAddress(0x10)
                    .sourceAddress(0xF1).build();
            assertThrows(NoSuchInterfaceException.class, () -> socket.bind("vcan9", extended));
            KernelOptions after = socket.getKernelOptions();
            assertFalse(after.flags().contains(IsoTpFlag.EXTEND_ADDR), "EXTEND_ADDR after a failed bind: " + after);
            assertFalse(after.flags().contains(IsoTpFlag.RX_EXT_ADDR), "RX_EXT_ADDR after a failed bind: " + after);
            assertEquals(before, after, "the options after a failed bind");

            // the socket is usable as it was: a normal-addressing bind sends frames without an address byte
            socket.bind("vcan0", Address.builder(AddressingMode.NORMAL_11).rxid(0x6E8).txid(0x6E0).build());
            try (IsoTpSocket peer = IsoTpSocket.open(side(0x6E0, 0x6E8).build())) {
                socket.send(new byte[] {0x3E, 0x00});
                assertArrayEquals(new byte[] {0x3E, 0x00}, peer.receive(WAIT));
            }
            assertEquals("vcan0  6E0#023E00", bus.frames().all().get(0).toString(), "no address byte in front");
        }
    }

    @Test
    void aReadOnlyHeapBufferIsSent() throws IOException {
        try (IsoTpSocket a = IsoTpSocket.open(side(0x6A8, 0x6A0).build());
                IsoTpSocket b = IsoTpSocket.open(side(0x6A0, 0x6A8).build())) {
            byte[] pdu = payload(40);
            ByteBuffer readOnly = ByteBuffer.wrap(pdu).asReadOnlyBuffer();
            readOnly.position(3);
            a.send(readOnly);
            assertEquals(readOnly.limit(), readOnly.position(), "the position advanced to the limit");
            assertArrayEquals(java.util.Arrays.copyOfRange(pdu, 3, 40), b.receive(WAIT));
        }
    }

    @Test
    void aReadOnlyBufferIsRefusedBeforeAnythingIsTaken() throws IOException {
        try (IsoTpSocket a = IsoTpSocket.open(side(0x6B8, 0x6B0).build());
                IsoTpSocket b = IsoTpSocket.open(side(0x6B0, 0x6B8).build())) {
            byte[] pdu = payload(30);
            a.send(pdu);
            for (ByteBuffer readOnly : new ByteBuffer[] {ByteBuffer.allocate(64).asReadOnlyBuffer(),
                    ByteBuffer.allocateDirect(64).asReadOnlyBuffer()}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.receive(readOnly, WAIT));
                assertEquals(Failure.READ_ONLY_BUFFER.message(), e.getMessage());
                assertEquals(0, readOnly.position());
                e = assertThrows(IllegalArgumentException.class, () -> b.receive(readOnly));
                assertEquals(Failure.READ_ONLY_BUFFER.message(), e.getMessage());
            }
            assertArrayEquals(pdu, b.receive(WAIT), "the PDU is still there");
        }
    }

    @Test
    void aHeapBufferTakesWhatFitsItsRoomWhateverTheReceiveBufferSize() throws IOException {
        try (IsoTpSocket a = IsoTpSocket.open(side(0x6C8, 0x6C0).build());
                IsoTpSocket b = IsoTpSocket.open(side(0x6C0, 0x6C8).receiveBufferSize(16).build())) {
            byte[] pdu = payload(300);
            a.send(pdu);
            ByteBuffer small = ByteBuffer.allocate(100);
            PduTooLargeException tooLarge = assertThrows(PduTooLargeException.class, () -> b.receive(small, WAIT));
            assertTrue(tooLarge.getMessage().contains("300"), tooLarge.getMessage());
            assertEquals(0, small.position(), "nothing written");

            ByteBuffer heap = ByteBuffer.allocate(1000);
            heap.position(5);
            assertEquals(300, b.receive(heap, WAIT), "the PDU stayed queued and fits 995 bytes of room");
            assertEquals(305, heap.position());
            assertArrayEquals(pdu, java.util.Arrays.copyOfRange(heap.array(), 5, 305));

            // byte[] receives keep the receive buffer size, also after a heap buffer took a larger PDU
            a.send(pdu);
            PduTooLargeException dropped = assertThrows(PduTooLargeException.class, () -> b.receive(WAIT));
            assertTrue(dropped.getMessage().contains("16"), dropped.getMessage());
            a.send(payload(16));
            assertArrayEquals(payload(16), b.receive(WAIT));
        }
    }

    @Test
    void setReceiveBufferSizeDoesNotWaitForARunningReceive() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(side(0x6D8, 0x6D0).build());
                IsoTpSocket b = IsoTpSocket.open(side(0x6D0, 0x6D8).build())) {
            AtomicReference<Thread> receiver = new AtomicReference<>();
            CompletableFuture<Object> receive = CompletableFuture.supplyAsync(() -> {
                receiver.set(Thread.currentThread());
                try {
                    return b.receive(Duration.ofSeconds(60));
                } catch (IOException e) {
                    return e;
                }
            });
            awaitWaitingInReceive(receiver);
            long start = System.nanoTime();
            b.setReceiveBufferSize(8);
            long micros = (System.nanoTime() - start) / 1000;
            System.out.println("setReceiveBufferSize while another thread waits in receive: returned after " + micros
                    + " µs");
            assertFalse(receive.isDone(), "the receive still waits: setReceiveBufferSize did not wait for it");

            // the running receive keeps the size it started with; the next one uses the new size
            byte[] pdu = payload(20);
            a.send(pdu);
            Object got = receive.get();
            assertTrue(got instanceof byte[], "the running receive gets the PDU, not " + got);
            assertArrayEquals(pdu, (byte[]) got, "the running receive took the PDU with the size it started with");
            a.send(pdu);
            PduTooLargeException e = assertThrows(PduTooLargeException.class, () -> b.receive(WAIT));
            assertTrue(e.getMessage().contains("8"), e.getMessage());
        }
    }

    private static void awaitWaitingInReceive(AtomicReference<Thread> receiver) throws InterruptedException {
        for (;;) {
            Thread t = receiver.get();
            if (t != null && (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING)
                    && java.util.Arrays.stream(t.getStackTrace())
                            .anyMatch(f -> f.getClassName().equals(IsoTpSocket.class.getName()))) {
                return;
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aBroadcastSocketRefusesToReceive() throws Exception {
        for (IsoTpConfig config : new IsoTpConfig[] {side(0x6F8, 0x6F0).sfBroadcast(true).build(),
                side(0x6F8, 0x6F0).cfBroadcast(true).build()}) {
            try (IsoTpSocket broadcast = IsoTpSocket.open(config);
                    IsoTpSocket peer = IsoTpSocket.open(side(0x6F0, 0x6F8).build())) {
                String flag = config.generalOptions().sfBroadcast() ? "sfBroadcast" : "cfBroadcast";
                peer.send(new byte[] {0x01, 0x02});
                String expected = Failure.RECEIVE_ON_BROADCAST.message(flag);
                assertEquals(expected, assertThrows(IllegalStateException.class, broadcast::receive).getMessage());
                assertEquals(expected, assertThrows(IllegalStateException.class, () -> broadcast.receive(WAIT))
                        .getMessage());
                assertEquals(expected, assertThrows(IllegalStateException.class, broadcast::receiveQueued).getMessage());
                assertEquals(expected, assertThrows(IllegalStateException.class,
                        () -> broadcast.receive(ByteBuffer.allocate(16))).getMessage());
                assertEquals(expected, assertThrows(IllegalStateException.class, broadcast::receiveTimestamped)
                        .getMessage());
                // it sends as before
                broadcast.send(new byte[] {0x3E, 0x00});
                assertArrayEquals(new byte[] {0x3E, 0x00}, peer.receive(WAIT));
            }
        }
    }
}
