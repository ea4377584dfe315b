package dev.isotp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameLink;
import dev.isotp.validation.Limits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile frames: 200,000 seeded random and mutated frames (every frame type, bad lengths and sequence numbers, the
 * 32-bit escape, flow controls out of place) fed to the engine in every role: idle receiver, receiver in the middle
 * of a PDU, sender waiting for a flow control, in listen mode, with address bytes, CAN FD and padding checks. It may
 * only report the typed protocol errors, must never hang, and never holds a receive buffer larger than the largest
 * PDU it accepts plus one frame: a first frame announcing 4 GiB allocates nothing of that size.
 */
class EngineFuzzTest {
    private static final long SEED = 0x150_15765L;
    private static final int FRAMES = 200_000;
    private static final int RX = 0x7E8;
    private static final int TX = 0x7E0;
    private static final Set<Integer> PROTOCOL_ERRORS = Set.of(IsoTpEngine.EBADMSG, IsoTpEngine.EILSEQ,
            IsoTpEngine.ETIMEDOUT, IsoTpEngine.EMSGSIZE, IsoTpEngine.ECOMM);

    /** Counts what the engine sends; nothing is delivered anywhere. */
    private static final class CountingLink implements FrameLink {
        int sent;
        CanFrame last;

        @Override
        public int ifindex() {
            return 1;
        }

        @Override
        public synchronized void send(CanFrame frame) {
            sent++;
            last = frame;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void hostileFramesGetOnlyTypedProtocolErrors() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), this::fuzz);
    }

    private void fuzz() throws CarrierException {
        Random random = new Random(SEED);
        EngineSettings options = new EngineSettings(Duration.ofMillis(3).toNanos(), Duration.ofMillis(3).toNanos(), false,
                Limits.ENGINE_DEFAULT_MAX_PDU_SIZE, Limits.ENGINE_DEFAULT_RECEIVE_BUFFER);
        int maxPdu = options.maxPduSize();
        int errors = 0;
        int delivered = 0;
        int fed = 0;
        ByteBuffer into = ByteBuffer.allocateDirect(maxPdu);
        while (fed < FRAMES) {
            IsoTpEngine engine = new IsoTpEngine(options);
            boolean fd = random.nextInt(3) == 0;
            boolean ext = random.nextInt(3) == 0;
            int flags = 0;
            flags |= ext ? IsoTpEngine.EXTEND_ADDR : 0;
            flags |= random.nextBoolean() ? IsoTpEngine.TX_PADDING : 0;
            flags |= random.nextBoolean() ? IsoTpEngine.RX_PADDING : 0;
            flags |= random.nextInt(3) == 0 ? IsoTpEngine.CHK_PAD_LEN : 0;
            flags |= random.nextInt(3) == 0 ? IsoTpEngine.CHK_PAD_DATA : 0;
            flags |= random.nextInt(5) == 0 ? IsoTpEngine.LISTEN_MODE : 0;
            flags |= random.nextInt(5) == 0 ? IsoTpEngine.HALF_DUPLEX : 0;
            flags |= random.nextInt(5) == 0 ? IsoTpEngine.DYN_FC_PARMS : 0;
            engine.flags = flags;
            engine.frameTxTime = 0;
            engine.extAddress = 0x55;
            engine.rxExtAddress = 0xAA;
            engine.rxfcBs = random.nextInt(4);
            engine.mtu = fd ? 72 : 16;
            engine.txDl = fd ? new int[] {8, 12, 16, 20, 24, 32, 48, 64}[random.nextInt(8)] : 8;
            CountingLink link = new CountingLink();
            engine.bind(link, RX, TX);
            for (int i = 0; i < 1000 && fed < FRAMES; i++, fed++) {
                if (random.nextInt(50) == 0 && engine.transmitIdle()) {
                    // the sender role: a PDU waiting for its flow control while the hostile frames come
                    int n = 1 + random.nextInt(5000);
                    engine.send(new byte[n], n);
                }
                engine.frame(hostile(random, fd, ext));
                assertTrue(engine.receiveBufferCapacity() <= maxPdu + 64,
                        "receive buffer of " + engine.receiveBufferCapacity() + " bytes");
                into.clear();
                long r = engine.tryReceive(into, into.capacity(), false, true);
                if (r >= 0) {
                    delivered++;
                } else if (r != -IsoTpEngine.EAGAIN) {
                    assertTrue(PROTOCOL_ERRORS.contains((int) -r), "errno " + -r + " is not a protocol error");
                    errors++;
                }
            }
            engine.close();
        }
        System.out.printf("fuzz: %d hostile frames, %d PDUs delivered, %d protocol errors reported%n", fed, delivered, errors);
        assertEquals(FRAMES, fed);
        assertTrue(delivered > 0 && errors > 0, "the frames never reached the interesting paths");
    }

    @Test
    void aFirstFrameAnnouncingFourGibibytesAllocatesNothingOfThatSize() {
        IsoTpEngine engine = new IsoTpEngine(new EngineSettings(Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS).toNanos(),
                Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS).toNanos(), false, Limits.ENGINE_DEFAULT_MAX_PDU_SIZE,
                Limits.ENGINE_DEFAULT_RECEIVE_BUFFER));
        CountingLink link = new CountingLink();
        engine.bind(link, RX, TX);
        engine.frame(CanFrame.classic(RX, new byte[] {0x10, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2}));
        assertEquals(0, engine.receiveBufferCapacity());
        // answered with an OVERFLOW flow control, as Linux does
        assertEquals("7E0#320000", link.last.toString());
        engine.close();
    }

    private static CanFrame hostile(Random r, boolean fd, boolean ext) {
        int id = r.nextInt(10) == 0 ? r.nextInt(0x800) : RX;
        boolean frameFd = r.nextInt(10) == 0 ? !fd : fd;
        int[] fdLengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
        int len = frameFd ? fdLengths[r.nextInt(fdLengths.length)] : r.nextInt(9);
        byte[] d = new byte[len];
        r.nextBytes(d);
        int ae = ext ? 1 : 0;
        if (ext && len > 0 && r.nextInt(4) != 0) {
            d[0] = (byte) 0xAA;
        }
        if (len > ae) {
            int type = r.nextInt(5); // SF, FF, CF, FC, or a reserved type
            int low = r.nextInt(16);
            d[ae] = (byte) (type << 4 | low);
            if (type == 1 && len > ae + 1) {
                if (r.nextInt(4) == 0) {
                    d[ae] = 0x10; // the 32-bit escape, with a random (often huge) length
                    if (len > ae + 1) {
                        d[ae + 1] = 0;
                    }
                } else if (r.nextBoolean()) {
                    d[ae] = (byte) (0x10 | r.nextInt(2)); // a plausible 12-bit length
                }
            }
            if (type == 2 && r.nextBoolean()) {
                d[ae] = (byte) (0x20 | (r.nextInt(3))); // sequence numbers near the expected ones
            }
        }
        return new CanFrame(id, d, frameFd, 0);
    }
}
