package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.DeviceGoneException;
import dev.isotp.FlowControlOptions;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpException;
import dev.isotp.IsoTpSocket;
import dev.isotp.NetworkDownException;
import dev.isotp.NoSuchInterfaceException;
import dev.isotp.PduTooLargeException;
import dev.isotp.SocketClosedException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every failure a user can act on, provoked on a real kernel: each ends in its own exception type with a message
 * that says what to do, and the socket stays usable where the kernel lets it.
 */
@Tag("kernel")
class ErrorsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static IsoTpConfig.Builder config(String iface, int rxid, int txid) {
        return IsoTpConfig.builder().iface(iface).rxid(rxid).txid(txid);
    }

    @Test
    void sendWithoutPeerFailsWithFlowControlTimeoutThenWorksOnceAPeerListens() throws Exception {
        byte[] pdu = Kernel.payload(20, 1);
        try (IsoTpSocket a = IsoTpSocket.open(config(Kernel.VCAN, 0x741, 0x740).build())) {
            long start = System.nanoTime();
            FlowControlTimeoutException e = assertThrows(FlowControlTimeoutException.class, () -> a.send(pdu));
            long millis = Kernel.millisSince(start);
            System.out.println("no flow control: failed after " + millis + " ms: " + e.getMessage());
            assertEquals(70, e.errno(), "ECOMM");
            assertEquals("ECOMM", e.errnoName());
            assertTrue(e.getMessage().contains("0x740") && e.getMessage().contains(Kernel.VCAN), e.getMessage());
            assertTrue(millis >= 950, "the kernel waits 1 s for a flow control, not " + millis + " ms");

            try (IsoTpSocket b = IsoTpSocket.open(config(Kernel.VCAN, 0x740, 0x741).build())) {
                a.send(pdu);
                assertArrayEquals(pdu, b.receive(WAIT), "the next send, with a peer, is delivered");
            }
        }
    }

    @Test
    void receiveTimeoutIsASocketTimeoutException() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(Kernel.VCAN, 0x743, 0x742).receiveTimeoutMillis(300).build())) {
            long start = System.nanoTime();
            SocketTimeoutException byDuration = assertThrows(SocketTimeoutException.class,
                    () -> a.receive(Duration.ofMillis(200)));
            assertTrue(Kernel.millisSince(start) >= 200, "waited at least the timeout");
            assertTrue(byDuration.getMessage().contains("200 ms"), byDuration.getMessage());
            assertThrows(SocketTimeoutException.class, a::receive, "the configured receive timeout");
            assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocateDirect(100)));
            assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocate(100), Duration.ofMillis(50)));
        }
    }

    @Test
    void pduLargerThanTheBufferStaysQueuedAndIsReceivedWholeIntoALargerOne() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(Kernel.VCAN, 0x745, 0x744).build());
                IsoTpSocket b = IsoTpSocket.open(config(Kernel.VCAN, 0x744, 0x745).build())) {
            for (boolean direct : new boolean[] {true, false}) {
                byte[] pdu = Kernel.payload(100, direct ? 1 : 2);
                a.send(pdu);
                ByteBuffer small = direct ? ByteBuffer.allocateDirect(50) : ByteBuffer.allocate(50);
                PduTooLargeException e = assertThrows(PduTooLargeException.class, () -> b.receive(small, WAIT));
                assertTrue(e.getMessage().contains("100") && e.getMessage().contains("50"), e.getMessage());
                assertEquals(0, small.position(), "nothing taken into the small buffer");
                ByteBuffer large = direct ? ByteBuffer.allocateDirect(200) : ByteBuffer.allocate(200);
                assertEquals(100, b.receive(large, WAIT), "the same PDU, whole");
                byte[] got = new byte[100];
                large.flip().get(got);
                assertArrayEquals(pdu, got, direct ? "direct" : "heap");
            }
        }
    }

    @Test
    void pduLargerThanTheReceiveBufferSizeIsReportedNotTruncated() throws Exception {
        try (IsoTpSocket a = IsoTpSocket.open(config(Kernel.VCAN, 0x747, 0x746).build());
                IsoTpSocket b = IsoTpSocket.open(config(Kernel.VCAN, 0x746, 0x747).receiveBufferSize(64).build())) {
            a.send(Kernel.payload(65, 1));
            PduTooLargeException e = assertThrows(PduTooLargeException.class, () -> b.receive(WAIT));
            assertTrue(e.getMessage().contains("65"), e.getMessage());
            byte[] next = Kernel.payload(64, 2);
            a.send(next);
            assertArrayEquals(next, b.receive(WAIT), "the next PDU that fits is received");
        }
    }

    @Test
    void noSuchInterfaceNamesTheCanInterfacesThatExist() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open()) {
            NoSuchInterfaceException e = assertThrows(NoSuchInterfaceException.class,
                    () -> s.bind("nocan7", Address.builder(AddressingMode.NORMAL_11).rxid(0x749).txid(0x748).build()));
            assertTrue(e.getMessage().contains("\"nocan7\""), e.getMessage());
            assertTrue(e.getMessage().contains(Kernel.VCAN), "lists the CAN interfaces: " + e.getMessage());
            assertEquals(19, e.errno(), "ENODEV");
        }
        try (IsoTpSocket s = IsoTpSocket.open()) {
            NoSuchInterfaceException e = assertThrows(NoSuchInterfaceException.class,
                    () -> s.bind("lo", Address.builder(AddressingMode.NORMAL_11).rxid(0x749).txid(0x748).build()));
            assertTrue(e.getMessage().contains("not a CAN interface") && e.getMessage().contains(Kernel.VCAN), e.getMessage());
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        IsoTpSocket a = IsoTpSocket.open(config(Kernel.VCAN, 0x74B, 0x74A).build());
        long[] woke = new long[1];
        CompletableFuture<Throwable> receiver = CompletableFuture.supplyAsync(() -> {
            try {
                a.receive(); // no receive timeout: only close() ends it
                return new AssertionError("receive returned without a PDU");
            } catch (Throwable t) {
                woke[0] = System.nanoTime();
                return t;
            }
        });
        Kernel.sleep(500); // let it block in the kernel
        long closedAt = System.nanoTime();
        a.close();
        Throwable outcome;
        try {
            outcome = receiver.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            outcome = e.getCause();
        }
        assertTrue(outcome instanceof SocketClosedException, "receive ended with " + outcome);
        assertTrue(outcome.getMessage().contains("closed"), outcome.getMessage());
        System.out.printf("close() woke the blocked receive after %.1f ms%n", (woke[0] - closedAt) / 1e6);
    }

    @Test
    void everyCallOnAClosedSocketThrowsSocketClosedException() throws Exception {
        IsoTpSocket s = IsoTpSocket.open(config(Kernel.VCAN, 0x74D, 0x74C).build());
        s.close();
        s.close(); // idempotent
        assertTrue(s.isClosed());
        assertThrows(SocketClosedException.class, () -> s.send(new byte[] {1}));
        assertThrows(SocketClosedException.class, () -> s.send(ByteBuffer.allocateDirect(4)));
        assertThrows(SocketClosedException.class, () -> s.receive());
        assertThrows(SocketClosedException.class, () -> s.receive(Duration.ofSeconds(1)));
        assertThrows(SocketClosedException.class, () -> s.receive(ByteBuffer.allocateDirect(8)));
        assertThrows(SocketClosedException.class, s::getKernelOptions);
        assertThrows(SocketClosedException.class, s::getFlowControlOptions);
        assertThrows(SocketClosedException.class, s::getSocketName);

        IsoTpSocket unbound = IsoTpSocket.open();
        unbound.close();
        assertThrows(SocketClosedException.class, () -> unbound.setGeneralOptions(GeneralOptions.builder().build()));
        assertThrows(SocketClosedException.class, () -> unbound.setFlowControlOptions(FlowControlOptions.DEFAULT));
        assertThrows(SocketClosedException.class, () -> unbound.bind(Kernel.VCAN,
                Address.builder(AddressingMode.NORMAL_11).rxid(0x74D).txid(0x74C).build()));
    }

    @Test
    void interfaceDownIsReportedAsNetworkDown() throws Exception {
        String iface = "ktdown0";
        Vcan.create(iface, 16);
        try (IsoTpSocket a = IsoTpSocket.open(config(iface, 0x74F, 0x74E).build())) {
            Vcan.setUp(iface, false);
            IsoTpException e = assertThrows(IsoTpException.class, () -> a.send(Kernel.payload(3, 1)));
            System.out.println("send on a downed interface: " + e);
            assertTrue(e instanceof NetworkDownException, "expected NetworkDownException, got " + e);
            assertTrue(e.getMessage().contains("ip link set up " + iface), e.getMessage());
        } finally {
            Vcan.delete(iface);
        }
    }

    @Test
    void interfaceDeletedIsReportedAsDeviceGone() throws Exception {
        String iface = "ktgone0";
        Vcan.create(iface, 16);
        try (IsoTpSocket a = IsoTpSocket.open(config(iface, 0x751, 0x750).build())) {
            Vcan.delete(iface);
            IsoTpException e = assertThrows(IsoTpException.class, () -> a.receive(WAIT));
            System.out.println("receive after the interface was deleted: " + e);
            assertTrue(e instanceof DeviceGoneException, "expected DeviceGoneException, got " + e);
            assertTrue(e.getMessage().contains(iface), e.getMessage());
            assertThrows(DeviceGoneException.class, () -> a.send(new byte[] {1}), "the socket stays unusable");
        } finally {
            Vcan.delete(iface);
        }
    }
}
