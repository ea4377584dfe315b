package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The send/receive path with direct ByteBuffers allocates nothing per PDU: counted with the JVM's per-thread
 * allocation counter over many PDUs after a warm-up (a property of the code path, not a timing). The bound is less
 * than one byte per PDU: any allocation the path makes per PDU is an object of 16 bytes or more each time (the libc
 * path's errno capture before C2: 40 B per call, 40,000 B here), while a tiered JVM may still allocate a few bytes
 * once while it replaces a method's compiled code inside the window (104 B seen on JDK 17 with C2).
 */
@Tag("kernel")
class DirectBufferAllocationTest {

    @Test
    void sendAndReceiveWithDirectBuffersAllocateNothingPerPdu() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface("vcan0").frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x6A1).txid(0x6A2).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x6A2).txid(0x6A1).build())) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(a.maxPduSize());
            for (int i = 0; i < 64; i++) {
                out.put(i, (byte) i);
            }
            roundTrips(a, b, out, in, 2000); // warm-up: class loading, the native path's first calls, lazy buffers, the JIT
            long before = threads.getCurrentThreadAllocatedBytes();
            int pdus = 500;
            roundTrips(a, b, out, in, pdus);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("direct ByteBuffer path: %d bytes allocated over %d PDUs (%.2f per PDU)%n",
                    allocated, pdus, (double) allocated / pdus);
            assertTrue(allocated < pdus, allocated + " bytes allocated by " + pdus + " sends and receives of direct buffers");
        }
    }

    /**
     * A buffer with less room than the kernel's largest PDU (what users allocate) takes each PDU with one receive
     * call, no size probe first, and allocates nothing either.
     */
    @Test
    void aSmallDirectBufferReceivesWithoutAllocating() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        IsoTpConfig.Builder base = IsoTpConfig.builder().iface("vcan0").frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        try (IsoTpSocket a = IsoTpSocket.open(base.rxid(0x6A3).txid(0x6A4).build());
                IsoTpSocket b = IsoTpSocket.open(base.rxid(0x6A4).txid(0x6A3).build())) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(128);
            for (int i = 0; i < 64; i++) {
                out.put(i, (byte) i);
            }
            roundTrips(a, b, out, in, 2000);
            long before = threads.getCurrentThreadAllocatedBytes();
            int pdus = 500;
            roundTrips(a, b, out, in, pdus);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("128-byte direct ByteBuffer: %d bytes allocated over %d PDUs%n", allocated, pdus);
            assertTrue(allocated < pdus, allocated + " bytes allocated by " + pdus
                    + " sends and receives into a 128-byte direct buffer");
        }
    }

    private static void roundTrips(IsoTpSocket sender, IsoTpSocket receiver, ByteBuffer out, ByteBuffer in, int count)
            throws Exception {
        for (int i = 0; i < count; i++) {
            out.clear();
            sender.send(out);
            in.clear();
            int length = receiver.receive(in);
            if (length != 64 || in.get(63) != 63) {
                throw new AssertionError("PDU " + i + " arrived as " + length + " bytes");
            }
        }
    }
}
