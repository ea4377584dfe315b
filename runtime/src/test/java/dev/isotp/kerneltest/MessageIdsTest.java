package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.internal.failure.Failure;
import dev.isotp.kernel.RawCanSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ids and address bytes a message names are the ones the kernel used, in every addressing mode: the flow-control
 * timeout names where the first frame went (read back from the bus) and where the flow control was awaited (a flow
 * control sent exactly there lets the next transfer through).
 */
@Tag("kernel")
class MessageIdsTest {
    private static final int EFF = 0x80000000;
    private static final int EFF_MASK = 0x1FFFFFFF;

    private static Address addressOf(AddressingMode mode) {
        Address.Builder b = Address.builder(mode);
        switch (mode) {
            case NORMAL_11:
                return b.rxid(0x6A1).txid(0x6A2).build();
            case NORMAL_29:
                return b.rxid(0x1A0000A1).txid(0x1A0000A2).build();
            case NORMAL_FIXED_29:
                return b.targetAddress(0x21).sourceAddress(0xF2).build();
            case EXTENDED_11:
                return b.rxid(0x6B1).txid(0x6B2).targetAddress(0x56).sourceAddress(0xAB).build();
            case EXTENDED_29:
                return b.rxid(0x1B0000B1).txid(0x1B0000B2).targetAddress(0x34).sourceAddress(0x45).build();
            case MIXED_11:
                return b.rxid(0x6C1).txid(0x6C2).addressExtension(0x9A).build();
            case MIXED_29:
                return b.targetAddress(0x22).sourceAddress(0x31).addressExtension(0x78).build();
            default:
                throw new AssertionError(mode);
        }
    }

    @ParameterizedTest
    @EnumSource(AddressingMode.class)
    void theFlowControlTimeoutNamesTheIdsAndAddressBytesTheKernelUsed(AddressingMode mode) throws Exception {
        Address address = addressOf(mode);
        boolean byteInFront = mode.extendedAddressing();
        byte[] pdu = Kernel.payload(20, mode.ordinal());
        try (IsoTpSocket socket = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).address(address).build());
                RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            // no answer: the message names the first frame's id, format and address byte as seen on the bus
            CompletableFuture<Void> unanswered = sendInBackground(socket, pdu);
            RawCanSocket.Frame firstFrame = awaitPci(bus, 0x1, byteInFront);
            FlowControlTimeoutException e = failure(unanswered);
            String sent = Failure.endpoint(firstFrame.id & EFF_MASK, (firstFrame.id & EFF) != 0,
                    byteInFront ? firstFrame.data[0] & 0xFF : -1);
            String awaited = Failure.endpoint(address.rxid(), mode.extendedIds(), address.rxAddressByte().orElse(-1));
            assertTrue(e.getMessage().contains("is a receiver listening for " + sent + ", and does it answer on " + awaited
                    + ", where this socket awaits the flow control"), e.getMessage());
            System.out.println(mode + ": first frame " + firstFrame + "; " + e.getMessage());

            // a flow control exactly where the message said lets the next transfer through
            bus.drain();
            CompletableFuture<Void> answered = sendInBackground(socket, pdu);
            awaitPci(bus, 0x1, byteInFront);
            int id = address.rxid() | (mode.extendedIds() ? EFF : 0);
            if (byteInFront) {
                bus.send(id, address.rxAddressByte().getAsInt(), 0x30, 0x00, 0x00);
            } else {
                bus.send(id, 0x30, 0x00, 0x00);
            }
            answered.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            RawCanSocket.Frame consecutive = awaitPci(bus, 0x2, byteInFront);
            assertEquals(firstFrame.id, consecutive.id, "the consecutive frames follow on the first frame's id");
        }
    }

    @Test
    void aFlowControlOnThe29BitTwinOfTheRxIdIsNamedAsMissedWithTheElevenBitIdAwaited() throws Exception {
        // the small input: rx 0x17F / tx 0x1FF, and the peer answers on the 29-bit id 0x0000017F
        Address address = Address.builder(AddressingMode.NORMAL_11).rxid(0x17F).txid(0x1FF).build();
        try (IsoTpSocket socket = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).address(address).build());
                RawCanSocket bus = RawCanSocket.open(Kernel.VCAN)) {
            CompletableFuture<Void> send = sendInBackground(socket, Kernel.payload(20, 7));
            RawCanSocket.Frame firstFrame = awaitPci(bus, 0x1, false);
            assertEquals(0x1FF, firstFrame.id, "an 11-bit first frame on 0x1FF: " + firstFrame);
            bus.send(0x17F | EFF, 0x30, 0x00, 0x00);
            FlowControlTimeoutException e = failure(send);
            assertTrue(e.getMessage().contains("is a receiver listening for CAN id 0x1FF (11-bit), and does it answer on "
                    + "CAN id 0x17F (11-bit), where this socket awaits the flow control (compare with `candump vcan0`)"),
                    e.getMessage());
            assertEquals("ECOMM", e.errnoName());
        }
    }

    private static CompletableFuture<Void> sendInBackground(IsoTpSocket socket, byte[] pdu) {
        return CompletableFuture.runAsync(() -> {
            try {
                socket.send(pdu);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static FlowControlTimeoutException failure(CompletableFuture<Void> send) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> send.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
        Throwable cause = e.getCause() instanceof java.io.UncheckedIOException ? e.getCause().getCause() : e.getCause();
        assertTrue(cause instanceof FlowControlTimeoutException, () -> "not a flow-control timeout: " + cause);
        return (FlowControlTimeoutException) cause;
    }

    /** The next frame whose PCI (after the address byte where there is one) has the given type. */
    private static RawCanSocket.Frame awaitPci(RawCanSocket bus, int type, boolean byteInFront) {
        long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
        int at = byteInFront ? 1 : 0;
        while (System.currentTimeMillis() < deadline) {
            RawCanSocket.Frame f = bus.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (f != null && f.data.length > at && (f.data[at] & 0xF0) >> 4 == type) {
                return f;
            }
        }
        throw new AssertionError("no frame with PCI type " + type + " within " + Kernel.PATIENCE_MILLIS + " ms");
    }
}
