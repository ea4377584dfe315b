package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.kerneltest.Vcan;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing is lost under load: 8 channel pairs on one interface, both directions at once, for a minute. Every PDU has
 * a random size from 1 to 4095 bytes and carries its channel, its sequence number and a CRC-32; its whole content
 * follows from (channel, sequence number), so the receiver checks every byte, counts what is missing, corrupted or
 * from another channel, and all three must stay 0.
 *
 * <p>A sender stays at most {@link #MAX_AHEAD} PDUs ahead of its receiver. The kernel drops a completed PDU, silently,
 * when the socket's receive queue is full (sk_rcvbuf); an application that reads slower than its peer sends loses
 * PDUs there on any kernel. In the emulated VM on a busy host a receiving thread can stall for seconds, so without
 * this bound the test measured the host's load (2 of 8 channels lost PDUs at a host load of 15), not the channel.
 */
@Tag("kernel")
class LoadTest {
    private static final String IFACE = "relload0";
    private static final int PAIRS = 8;
    private static final long SECONDS = Long.getLong("isotp.reliability.loadSeconds", 60);
    private static final int MAX_SIZE = 4095;
    /** A PDU of at least this size carries channel (1 byte), sequence number (4) and CRC-32 (4) in clear. */
    private static final int HEADER_AND_CRC = 9;
    /** PDUs in flight per direction: 8 of at most 4095 bytes stay far below the default receive buffer (212992). */
    private static final int MAX_AHEAD = 8;

    @RegisterExtension
    static final Vcan.Own OWN_INTERFACE = Vcan.own(IFACE, 16);

    /** The size of PDU {@code seq} of {@code channel}: random, 1 to 4095. */
    static int size(int channel, long seq) {
        return 1 + new SplittableRandom(channel * 0x9E3779B97F4A7C15L ^ seq * 31 + 17).nextInt(MAX_SIZE);
    }

    /** PDU {@code seq} of {@code channel}, whole: [channel][seq, 4 bytes][random ...][CRC-32 of all before, 4 bytes]. */
    static byte[] pdu(int channel, long seq) {
        int size = size(channel, seq);
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(channel * 0x632BE59BD9B4E019L + seq);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        if (size >= HEADER_AND_CRC) {
            b[0] = (byte) channel;
            b[1] = (byte) (seq >>> 24);
            b[2] = (byte) (seq >>> 16);
            b[3] = (byte) (seq >>> 8);
            b[4] = (byte) seq;
            CRC32 crc = new CRC32();
            crc.update(b, 0, size - 4);
            long c = crc.getValue();
            for (int i = 0; i < 4; i++) {
                b[size - 4 + i] = (byte) (c >>> (24 - 8 * i));
            }
        }
        return b;
    }

    /** One direction of one pair: a sender thread and a receiver thread with their counts. */
    static final class Direction {
        final int channel;
        final IsoTpSocket from;
        final IsoTpSocket to;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
        final AtomicLong wrongChannel = new AtomicLong();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        volatile boolean stop;
        Thread sender;
        Thread receiver;

        Direction(int channel, IsoTpSocket from, IsoTpSocket to) {
            this.channel = channel;
            this.from = from;
            this.to = to;
        }

        void start() {
            sender = new Thread(this::send, "load sender " + channel);
            receiver = new Thread(this::receive, "load receiver " + channel);
            receiver.start();
            sender.start();
        }

        private void send() {
            try {
                for (long seq = 0; !stop; seq++) {
                    while (!stop && seq - received.get() - lost.get() - corrupted.get() - wrongChannel.get() >= MAX_AHEAD) {
                        Thread.sleep(1);
                    }
                    if (stop) {
                        break;
                    }
                    byte[] p = pdu(channel, seq);
                    from.send(p); // waitTxDone: returns once the whole PDU is on the bus
                    sent.incrementAndGet();
                    bytes.addAndGet(p.length);
                }
            } catch (Exception e) {
                errors.add("sender " + channel + ": " + e);
            }
        }

        private void receive() {
            long expected = 0;
            int idleAfterStop = 0;
            try {
                for (;;) {
                    byte[] got;
                    try {
                        got = to.receive(Duration.ofSeconds(1));
                    } catch (SocketTimeoutException e) {
                        if (stop && !sender.isAlive() && expected + lost.get() >= sent.get()) {
                            return;
                        }
                        if (stop && !sender.isAlive() && ++idleAfterStop >= 5) { // the last PDUs never came
                            lost.addAndGet(sent.get() - expected - lost.get());
                            errors.add("channel " + channel + ": PDUs from " + expected + " on never arrived");
                            return;
                        }
                        continue;
                    }
                    if (got.length >= HEADER_AND_CRC) {
                        CRC32 crc = new CRC32();
                        crc.update(got, 0, got.length - 4);
                        long c = crc.getValue();
                        boolean crcOk = true;
                        for (int i = 0; i < 4; i++) {
                            crcOk &= got[got.length - 4 + i] == (byte) (c >>> (24 - 8 * i));
                        }
                        if (!crcOk) {
                            corrupted.incrementAndGet();
                            errors.add(String.format("channel %d: PDU of %d bytes failed its CRC (expected seq %d)",
                                    channel, got.length, expected));
                            continue;
                        }
                        if ((got[0] & 0xFF) != channel) {
                            wrongChannel.incrementAndGet();
                            errors.add("channel " + channel + ": a PDU of channel " + (got[0] & 0xFF));
                            continue;
                        }
                        long seq = (got[1] & 0xFFL) << 24 | (got[2] & 0xFFL) << 16 | (got[3] & 0xFFL) << 8 | got[4] & 0xFFL;
                        if (seq != expected) {
                            if (seq > expected) {
                                lost.addAndGet(seq - expected);
                            }
                            errors.add("channel " + channel + ": seq " + seq + " where " + expected + " was due");
                            expected = seq;
                        }
                    }
                    if (!java.util.Arrays.equals(got, pdu(channel, expected))) {
                        corrupted.incrementAndGet();
                        errors.add("channel " + channel + ": PDU " + expected + " differs (" + got.length + " bytes, "
                                + size(channel, expected) + " due)");
                    }
                    received.incrementAndGet();
                    expected++;
                }
            } catch (Exception e) {
                errors.add("receiver " + channel + ": " + e);
            }
        }
    }

    @Test
    void eightChannelPairsBothWaysForAMinuteLoseNothing() throws Exception {
        List<IsoTpSocket> sockets = new ArrayList<>();
        List<Direction> directions = new ArrayList<>();
        try {
            for (int p = 0; p < PAIRS; p++) {
                int id = 0x600 + 0x10 * p;
                IsoTpSocket a = IsoTpSocket.open(fast(id, id + 1));
                IsoTpSocket b = IsoTpSocket.open(fast(id + 1, id));
                sockets.add(a);
                sockets.add(b);
                directions.add(new Direction(2 * p, a, b));
                directions.add(new Direction(2 * p + 1, b, a));
            }
            long start = System.nanoTime();
            directions.forEach(Direction::start);
            Thread.sleep(SECONDS * 1000);
            directions.forEach(d -> d.stop = true);
            for (Direction d : directions) {
                d.sender.join(60_000);
                d.receiver.join(60_000);
                assertTrue(!d.sender.isAlive() && !d.receiver.isAlive(), "channel " + d.channel + " ends");
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            long sent = 0;
            long received = 0;
            long bytes = 0;
            long lost = 0;
            long corrupted = 0;
            long wrong = 0;
            List<String> errors = new ArrayList<>();
            StringBuilder perChannel = new StringBuilder();
            for (Direction d : directions) {
                sent += d.sent.get();
                received += d.received.get();
                bytes += d.bytes.get();
                lost += d.lost.get() + Math.max(0, d.sent.get() - d.received.get() - d.lost.get() - d.corrupted.get()
                        - d.wrongChannel.get());
                corrupted += d.corrupted.get();
                wrong += d.wrongChannel.get();
                errors.addAll(d.errors);
                perChannel.append(String.format(" %d:%d", d.channel, d.received.get()));
                long drops = d.to.receiveQueueDrops();
                if (drops > 0) { // a full receive queue, not the channel, lost them
                    perChannel.append(" (").append(drops).append(" dropped for want of room)");
                }
            }
            System.out.printf("load: %d channel pairs, both ways, %.1f s on %s: %d PDUs sent, %d received, %d bytes"
                    + " (%.1f KiB/s, %.0f PDUs/s); lost %d, corrupted %d, wrong channel %d%n  PDUs per channel:%s%n",
                    PAIRS, seconds, IFACE, sent, received, bytes, bytes / seconds / 1024, received / seconds, lost,
                    corrupted, wrong, perChannel);
            errors.stream().limit(20).forEach(e -> System.out.println("  " + e));
            assertEquals(List.of(), errors, "errors");
            assertEquals(0, lost, "lost");
            assertEquals(0, corrupted, "corrupted");
            assertEquals(0, wrong, "delivered to the wrong channel");
            assertEquals(sent, received, "every PDU sent was received");
            for (Direction d : directions) {
                assertTrue(d.received.get() > 0, "channel " + d.channel + " moved PDUs");
            }
        } finally {
            sockets.forEach(IsoTpSocket::close);
        }
    }

    /** As fast as the kernel goes: no gap between frames, one flow control per PDU, no STmin. */
    private static IsoTpConfig fast(int rxid, int txid) {
        return IsoTpConfig.builder().iface(IFACE).rxid(rxid).txid(txid)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).bs(0).stmin(0).build();
    }
}
