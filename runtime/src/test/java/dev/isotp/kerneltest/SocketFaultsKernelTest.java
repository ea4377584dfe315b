package dev.isotp.kerneltest;

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
import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.internal.failure.Failure;
import dev.isotp.kernel.KernelSocket;
import dev.isotp.kernel.RawCanSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel's side of IsoTpSocket's faults (the same behaviour on the virtual bus is the testkit's
 * SocketFaultsTest): a failed bind takes back the address flags it wrote into the kernel's options, read-only
 * buffers, and what the kernel does with a broadcast socket's receive path (nothing: isotp_bind() registers no
 * receiver for the rx id when SF_BROADCAST or CF_BROADCAST is set, net/can/isotp.c isotp_register_rxid()).
 */
@Tag("kernel")
class SocketFaultsKernelTest {
    private static final String IFACE = Kernel.VCAN;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aFailedBindTakesBackTheAddressFlagsItWroteIntoTheKernel() throws Exception {
        try (IsoTpSocket socket = IsoTpSocket.open(); RawCanSocket bus = RawCanSocket.open(IFACE)) {
            KernelOptions before = socket.getKernelOptions();
            Address extended = Address.builder(AddressingMode.EXTENDED_11).rxid(0x5E8).txid(0x5E0).targetAddress(0x10)
                    .sourceAddress(0xF1).build();
            assertThrows(NoSuchInterfaceException.class, () -> socket.bind("nosuchcan0", extended));
            KernelOptions after = socket.getKernelOptions();
            assertFalse(after.flags().contains(IsoTpFlag.EXTEND_ADDR), "the kernel's options: " + after);
            assertEquals(before, after, "the kernel's options after a failed bind");

            socket.bind(IFACE, Address.builder(AddressingMode.NORMAL_11).rxid(0x5E8).txid(0x5E0).build());
            socket.send(new byte[] {0x3E, 0x00});
            RawCanSocket.Frame frame = bus.await(0x5E0, 0, Kernel.PATIENCE_MILLIS);
            assertArrayEquals(new byte[] {0x02, 0x3E, 0x00}, frame.data, "a single frame without an address byte");
        }
    }

    @Test
    void readOnlyBuffersAreSentAndRefusedAsReceiveTargets() throws Exception {
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface(IFACE).receiveTimeoutMillis(10_000);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x5A8).txid(0x5A0).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x5A0).txid(0x5A8).build())) {
            byte[] pdu = Kernel.payload(40, 31);
            a.send(ByteBuffer.wrap(pdu).asReadOnlyBuffer());

            // a read-only view of direct memory: the kernel would write into it, so it is refused before the recv
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            ByteBuffer readOnlyDirect = direct.asReadOnlyBuffer();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.receive(readOnlyDirect, WAIT));
            assertEquals(Failure.READ_ONLY_BUFFER.message(), e.getMessage());
            byte[] memory = new byte[64];
            direct.get(0, memory);
            assertArrayEquals(new byte[64], memory, "nothing was written into the read-only buffer's memory");
            assertThrows(IllegalArgumentException.class, () -> b.receive(ByteBuffer.allocate(64).asReadOnlyBuffer()));
            assertArrayEquals(pdu, b.receive(WAIT), "the PDU was not taken");
        }
    }

    @Test
    void aBroadcastSocketRegistersNoReceiverAndGetsNothing() throws Exception {
        int[] flags = {IsoTpFlag.SF_BROADCAST.bit(), IsoTpFlag.CF_BROADCAST.bit()};
        for (int i = 0; i < flags.length; i++) {
            int rxid = 0x5B8 + i * 0x10;
            int txid = 0x5B0 + i * 0x10;
            try (Carrier b = new Carrier(); Carrier p = new Carrier(); RawCanSocket peer = RawCanSocket.open(IFACE)) {
                KernelSocket broadcast = b.socket;
                KernelSocket plain = p.socket;
                broadcast.setOption(KernelAbi.CAN_ISOTP_OPTS, Structs.options(flags[i], 0,
                        0, KernelAbi.DEFAULT_PAD_CONTENT, KernelAbi.DEFAULT_PAD_CONTENT, 0));
                broadcast.bind(IFACE, rxid, txid);
                plain.bind(IFACE, rxid, txid + 1);
                Kernel.awaitIsoTpReceiver(IFACE, rxid, false); // the plain socket's
                assertEquals(1, isoTpReceivers(rxid), "receivers of 0x" + Integer.toHexString(rxid)
                        + ": the plain socket's only\n" + Kernel.read(Path.of("/proc/net/can/rcvlist_sff")));

                peer.send(rxid, 0x02, 0x3E, 0x00);
                ByteBuffer into = Structs.allocate(64);
                long got = awaitPdu(plain, into);
                assertEquals(2, got, "the plain socket on the same ids receives the single frame");
                // the frame reached every receiver of the id before the plain socket could take it
                long nothing = broadcast.tryReceive(into, 64, KernelAbi.MSG_TRUNC);
                assertEquals(-Errno.EAGAIN.number(), nothing, "the broadcast socket got nothing");
            }
        }
        for (IsoTpConfig config : new IsoTpConfig[] {
                IsoTpConfig.builder().iface(IFACE).rxid(0x5D8).txid(0x5D0).sfBroadcast(true).build(),
                IsoTpConfig.builder().iface(IFACE).rxid(0x5D8).txid(0x5D0).cfBroadcast(true).build()}) {
            try (IsoTpSocket socket = IsoTpSocket.open(config)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> socket.receive(WAIT));
                assertTrue(e.getMessage().contains("receives nothing"), e.getMessage());
            }
        }
    }

    /** A kernel ISO-TP socket below IsoTpSocket, closed by try-with-resources. */
    private static final class Carrier implements AutoCloseable {
        final KernelSocket socket = KernelSocket.open();

        Carrier() throws Exception {
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** The ISO-TP receivers (ident "isotp") of {@code canId} on the interface, from /proc/net/can/rcvlist_sff. */
    private static long isoTpReceivers(int canId) {
        return Arrays.stream(Kernel.read(Path.of("/proc/net/can/rcvlist_sff")).split("\n")).map(String::trim)
                .map(l -> l.split("\\s+"))
                .filter(f -> f.length == 7 && f[0].equals(IFACE) && f[6].equals("isotp")
                        && Long.parseLong(f[1], 16) == canId)
                .count();
    }

    private static long awaitPdu(KernelSocket socket, ByteBuffer into) throws Exception {
        long deadline = System.currentTimeMillis() + Kernel.PATIENCE_MILLIS;
        for (;;) {
            long n = socket.tryReceive(into, into.capacity(), KernelAbi.MSG_TRUNC);
            if (n != -Errno.EAGAIN.number() || System.currentTimeMillis() > deadline) {
                return n;
            }
            Kernel.sleep(5);
        }
    }
}
