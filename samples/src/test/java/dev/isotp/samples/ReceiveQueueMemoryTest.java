package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpChannels;
import dev.isotp.samples.async.AsyncEcu;
import dev.isotp.samples.async.IsoTp_AsyncEcu;
import dev.isotp.spi.CanFrame;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A generated client that does not receive while a peer floods it, on the engine over the virtual bus: its queue
 * holds what its receive buffer (208 KiB of real heap by default, as the kernel's SO_RCVBUF) takes, drops and
 * counts the rest, and gives its memory back once drained.
 */
@ExtendWith(VirtualCanBusExtension.class)
class ReceiveQueueMemoryTest {
    private static final int PDUS = 1_000_000;
    private static final int BATCH = 20_000;
    /** What the issue allows the queue of a client that does not receive to add to the heap. */
    private static final long MOST_BYTES = 16L << 20;
    /** How long the drain waits for one more PDU once the queue is empty. */
    private static final Duration DRAIN = Duration.ofMillis(500);

    @Test
    void aMillionSingleFramesToAClientThatDoesNotReceiveStayWithinSixteenMegabytes(VirtualCanBus bus) throws Exception {
        try (AsyncEcu client = new IsoTp_AsyncEcu()) {
            long before = heapAfterGc();
            for (int sent = 0; sent < PDUS; sent += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    bus.inject("vcan0", CanFrame.classic(0x7E8, new byte[] {0x01, (byte) (sent + i)}));
                }
                // the log keeps every frame: wait for this batch's delivery, then forget it (it is the test's, not the client's)
                while (bus.frames().all().size() < BATCH) {
                    Thread.sleep(5);
                }
                bus.frames().clear();
            }
            long added = heapAfterGc() - before;
            long drops = IsoTpChannels.receiveQueueDrops(client);
            System.out.printf("%,d one-byte PDUs to a client that does not receive: %,d dropped, heap +%,d bytes%n",
                    PDUS, drops, added);
            assertTrue(added < MOST_BYTES, "the queue added " + added + " bytes of heap");
            // 212,992 bytes at 56 bytes a PDU: 3,804 queued (the limit is checked before each PDU is added)
            long queued = 0;
            byte first = -1;
            // a queued PDU is taken at once; the time only bounds the wait after the last one (a 1 ms timer could fire
            // before the receive looked at the queue on a busy machine)
            for (Optional<byte[]> pdu = client.poll(DRAIN).get(); pdu.isPresent(); pdu = client.poll(DRAIN).get()) {
                if (queued == 0) {
                    first = pdu.get()[0];
                }
                queued++;
            }
            assertEquals(0, first, "the oldest PDUs are kept, the later ones dropped");
            assertEquals(212_992 / 56 + (212_992 % 56 == 0 ? 0 : 1), queued);
            assertEquals(PDUS - queued, drops);
            // drained, the client receives again
            bus.inject("vcan0", CanFrame.classic(0x7E8, new byte[] {0x02, 0x50, 0x01}));
            assertArrayEquals(new byte[] {0x50, 0x01}, client.receiveNow(Duration.ofSeconds(10)));
            assertEquals(PDUS - queued, IsoTpChannels.receiveQueueDrops(client));
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
