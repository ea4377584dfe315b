package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.isotp.kerneltest.Vcan;
import dev.isotp.BadMessageException;
import dev.isotp.DeviceGoneException;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpException;
import dev.isotp.IsoTpSocket;
import dev.isotp.NetworkDownException;
import dev.isotp.PeerOverflowException;
import dev.isotp.SequenceNumberException;
import dev.isotp.kernel.RawCanSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fault of a transfer, provoked on a real kernel, ends in its own exception with the errno the kernel gave, and
 * the channel works again afterwards where the kernel lets it. Wrong frames are put on the bus by hand through a
 * CAN_RAW socket of the runtime's own JNA binding ({@link RawCanSocket}).
 */
@Tag("kernel")
class FaultsTest {
    /** Classic CAN interface of these tests, so that no other traffic mixes in. */
    private static final String IFACE = "relfault0";
    /** Generous: the machine may be an emulated one, shared with builds. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long PATIENCE_MILLIS = 20_000;

    @RegisterExtension
    static final Vcan.Own OWN_INTERFACE = Vcan.own(IFACE, 16);

    private static IsoTpConfig.Builder channel(String iface, int rxid, int txid) {
        return IsoTpConfig.builder().iface(iface).rxid(rxid).txid(txid);
    }

    static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        return b;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void noPeerFailsWithTheFlowControlTimeoutAfterASecondThenTheNextSendWorks() throws Exception {
        byte[] pdu = payload(20, 1);
        try (IsoTpSocket a = IsoTpSocket.open(channel(IFACE, 0x701, 0x700).build())) {
            long start = System.nanoTime();
            FlowControlTimeoutException e = assertThrows(FlowControlTimeoutException.class, () -> a.send(pdu));
            long millis = millisSince(start);
            System.out.println("no peer: send failed after " + millis + " ms: " + e.getMessage());
            assertEquals(70, e.errno(), "ECOMM");
            assertTrue(e.getMessage().contains("no flow control") && e.getMessage().contains("0x700"), e.getMessage());
            assertTrue(millis >= 950, "the kernel waits 1 s (N_Bs) for a flow control, not " + millis + " ms");

            try (IsoTpSocket b = IsoTpSocket.open(channel(IFACE, 0x700, 0x701).build())) {
                a.send(pdu);
                assertArrayEquals(pdu, b.receive(WAIT), "the next send, with a peer, is delivered");
            }
        }
    }

    @Test
    void wrongSequenceNumberIsReportedThenTheNextPduArrivesIntact() throws Exception {
        try (RawCanSocket raw = RawCanSocket.open(IFACE);
                IsoTpSocket receiver = IsoTpSocket.open(channel(IFACE, 0x710, 0x718).build())) {
            // a 20-byte PDU: first frame, the receiver's flow control, then a consecutive frame numbered 2, not 1
            raw.send(0x710, 0x10, 20, 1, 2, 3, 4, 5, 6);
            raw.await(0x718, 3, PATIENCE_MILLIS);
            raw.send(0x710, 0x22, 7, 8, 9, 10, 11, 12, 13);
            SequenceNumberException e = assertThrows(SequenceNumberException.class, () -> receiver.receive(WAIT));
            System.out.println("wrong sequence number: " + e.getMessage());
            assertEquals(84, e.errno(), "EILSEQ");
            assertTrue(e.getMessage().contains("sequence number") && e.getMessage().contains(IFACE), e.getMessage());

            // the same PDU, numbered right
            raw.send(0x710, 0x10, 20, 1, 2, 3, 4, 5, 6);
            raw.await(0x718, 3, PATIENCE_MILLIS);
            raw.send(0x710, 0x21, 7, 8, 9, 10, 11, 12, 13);
            raw.send(0x710, 0x22, 14, 15, 16, 17, 18, 19, 20);
            byte[] expected = new byte[20];
            for (int i = 0; i < 20; i++) {
                expected[i] = (byte) (i + 1);
            }
            assertArrayEquals(expected, receiver.receive(WAIT), "the next good PDU, from raw frames");

            try (IsoTpSocket sender = IsoTpSocket.open(channel(IFACE, 0x718, 0x710).build())) {
                byte[] pdu = payload(1000, 2);
                sender.send(pdu);
                assertArrayEquals(pdu, receiver.receive(WAIT), "a PDU from an ISO-TP peer");
            }
        }
    }

    @Test
    void badPaddingWithPaddingChecksIsReportedThenTheNextPduArrivesIntact() throws Exception {
        IsoTpConfig checking = channel(IFACE, 0x720, 0x728).rxPadding(0xCC).checkPaddingLength(true)
                .checkPaddingData(true).build();
        try (RawCanSocket raw = RawCanSocket.open(IFACE); IsoTpSocket receiver = IsoTpSocket.open(checking)) {
            raw.send(0x720, 0x03, 1, 2, 3, 0xAA, 0xAA, 0xAA, 0xAA); // padded, but with 0xAA
            BadMessageException data = assertThrows(BadMessageException.class, () -> receiver.receive(WAIT));
            System.out.println("bad padding data: " + data.getMessage());
            assertEquals(74, data.errno(), "EBADMSG");
            assertTrue(data.getMessage().contains("padding") && data.getMessage().contains(IFACE), data.getMessage());

            raw.send(0x720, 0x03, 1, 2, 3); // not padded at all
            BadMessageException length = assertThrows(BadMessageException.class, () -> receiver.receive(WAIT));
            assertEquals(74, length.errno(), "EBADMSG for a frame shorter than padded");

            raw.send(0x720, 0x03, 1, 2, 3, 0xCC, 0xCC, 0xCC, 0xCC);
            assertArrayEquals(new byte[] {1, 2, 3}, receiver.receive(WAIT), "the next good PDU, from a raw frame");

            try (IsoTpSocket sender = IsoTpSocket.open(channel(IFACE, 0x728, 0x720).txPadding(0xCC).build())) {
                byte[] pdu = payload(500, 3);
                sender.send(pdu);
                assertArrayEquals(pdu, receiver.receive(WAIT), "a padded multi-frame PDU from an ISO-TP peer");
            }
        }
    }

    @Test
    void flowControlSayingOverflowIsReportedBySender() throws Exception {
        try (RawCanSocket raw = RawCanSocket.open(IFACE);
                IsoTpSocket sender = IsoTpSocket.open(channel(IFACE, 0x738, 0x730).build())) {
            CompletableFuture<Throwable> send = outcome(() -> sender.send(payload(100, 4)));
            raw.await(0x730, 1, PATIENCE_MILLIS); // the first frame
            raw.send(0x738, 0x32, 0, 0);          // flow control: overflow
            Throwable t = finish(send, "send");
            assertTrue(t instanceof PeerOverflowException, "expected PeerOverflowException, got " + t);
            PeerOverflowException e = (PeerOverflowException) t;
            System.out.println("overflow: " + e.getMessage());
            assertEquals(90, e.errno(), "EMSGSIZE");
            assertTrue(e.getMessage().contains("overflow") && e.getMessage().contains(IFACE), e.getMessage());

            try (IsoTpSocket receiver = IsoTpSocket.open(channel(IFACE, 0x730, 0x738).build())) {
                byte[] pdu = payload(100, 5);
                sender.send(pdu);
                assertArrayEquals(pdu, receiver.receive(WAIT), "the next send, to a peer with room, is delivered");
            }
        }
    }

    /**
     * A slow transfer between two sockets: the receiver asks for 127 ms between consecutive frames, so a PDU of 4095
     * bytes (585 consecutive frames) takes over a minute; the fault comes while it runs.
     */
    private static final class SlowTransfer implements AutoCloseable {
        final IsoTpSocket sender;
        final IsoTpSocket receiver;
        final RawCanSocket raw;
        final CompletableFuture<Throwable> send;
        final CompletableFuture<Throwable> receive;

        SlowTransfer(String iface, int id) throws Exception {
            raw = RawCanSocket.open(iface);
            sender = IsoTpSocket.open(channel(iface, id + 8, id).build());
            receiver = IsoTpSocket.open(channel(iface, id, id + 8).stmin(0x7F).build());
            receive = outcome(() -> receiver.receive(Duration.ofSeconds(120)));
            send = outcome(() -> sender.send(payload(4095, 6)));
            raw.await(id, 1, PATIENCE_MILLIS);     // first frame
            raw.await(id + 8, 3, PATIENCE_MILLIS); // flow control
            raw.await(id, 2, PATIENCE_MILLIS);     // consecutive frames are flowing
            raw.await(id, 2, PATIENCE_MILLIS);
            assertTrue(!send.isDone() && !receive.isDone(), "the transfer is still running");
        }

        @Override
        public void close() {
            sender.close();
            receiver.close();
            raw.close();
        }
    }

    @Test
    void interfaceGoingDownMidTransferIsReportedAndTheChannelWorksOnceItIsUp() throws Exception {
        String iface = "reldown0";
        Vcan.create(iface, 16);
        try (SlowTransfer t = new SlowTransfer(iface, 0x740)) {
            long start = System.nanoTime();
            Vcan.setUp(iface, false);
            Throwable received = finish(t.receive, "receive");
            long receiveMillis = millisSince(start);
            Throwable sent = finish(t.send, "send");
            long sendMillis = millisSince(start);
            System.out.println("interface down mid-transfer: receiver after " + receiveMillis + " ms: " + received);
            System.out.println("interface down mid-transfer: sender after " + sendMillis + " ms: " + sent);
            assertTrue(received instanceof NetworkDownException, "receiver: expected NetworkDownException, got " + received);
            assertTrue(received.getMessage().contains("ip link set up " + iface), received.getMessage());
            assertTrue(sent instanceof NetworkDownException, "sender: expected NetworkDownException, got " + sent);

            Vcan.setUp(iface, true);
            List<String> pending = new ArrayList<>();
            byte[] pdu = payload(300, 7);
            t.sender.send(pdu);
            byte[] got = receiveSkippingReportedErrors(t.receiver, pending);
            System.out.println("interface up again: errors still reported before the next PDU: " + pending);
            assertArrayEquals(pdu, got, "the same sockets transfer again once the interface is up");
            // at most the timeout of the PDU that was cut short (no consecutive frame within 1 s), reported once
            assertTrue(pending.isEmpty() || pending.equals(List.of("ConsecutiveFrameTimeoutException (ETIMEDOUT)")),
                    "errors reported before the next PDU: " + pending);
        } finally {
            Vcan.delete(iface);
        }
    }

    @Test
    void interfaceDeletedMidTransferLeavesTheSocketsUnusableSayingWhy() throws Exception {
        String iface = "reldel0";
        Vcan.create(iface, 16);
        try (SlowTransfer t = new SlowTransfer(iface, 0x750)) {
            long start = System.nanoTime();
            Vcan.delete(iface);
            Throwable received = finish(t.receive, "receive");
            long receiveMillis = millisSince(start);
            Throwable sent = finish(t.send, "send");
            long sendMillis = millisSince(start);
            System.out.println("interface deleted mid-transfer: receiver after " + receiveMillis + " ms: " + received);
            System.out.println("interface deleted mid-transfer: sender after " + sendMillis + " ms: " + sent);
            assertTrue(received instanceof DeviceGoneException || received instanceof NetworkDownException,
                    "receiver: expected DeviceGoneException or NetworkDownException, got " + received);
            assertTrue(sent instanceof DeviceGoneException || sent instanceof NetworkDownException,
                    "sender: expected DeviceGoneException or NetworkDownException, got " + sent);

            // from now on every call says the interface went away, even once an interface of that name is back
            Vcan.create(iface, 16);
            for (IsoTpSocket s : new IsoTpSocket[] {t.sender, t.receiver}) {
                DeviceGoneException onSend = assertThrows(DeviceGoneException.class, () -> s.send(payload(10, 8)));
                DeviceGoneException onReceive = assertThrows(DeviceGoneException.class,
                        () -> s.receive(Duration.ofSeconds(2)));
                for (DeviceGoneException e : List.of(onSend, onReceive)) {
                    assertTrue(e.getMessage().contains(iface + " went away")
                            && e.getMessage().contains("cannot be used again"), e.getMessage());
                }
            }
            System.out.println("after deletion: " + assertThrows(DeviceGoneException.class,
                    () -> t.sender.send(payload(10, 8))).getMessage());
            try (IsoTpSocket a = IsoTpSocket.open(channel(iface, 0x758, 0x750).build());
                    IsoTpSocket b = IsoTpSocket.open(channel(iface, 0x750, 0x758).build())) {
                byte[] pdu = payload(300, 9);
                a.send(pdu);
                assertArrayEquals(pdu, b.receive(WAIT), "new sockets work on the new interface");
            }
        } finally {
            Vcan.delete(iface);
        }
    }

    // ---------------------------------------------------------------- helpers

    interface Call {
        void run() throws Exception;
    }

    /** Runs a call in another thread; completes with what it threw, or with an AssertionError if it returned. */
    static CompletableFuture<Throwable> outcome(Call call) {
        CompletableFuture<Throwable> f = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                call.run();
                f.complete(new AssertionError("returned without an error"));
            } catch (Throwable t) {
                f.complete(t);
            }
        }, "fault call");
        thread.setDaemon(true);
        thread.start();
        return f;
    }

    static Throwable finish(CompletableFuture<Throwable> f, String what) throws InterruptedException {
        try {
            return f.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail(what + " hangs: no outcome within " + PATIENCE_MILLIS + " ms");
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Receives the next PDU; transfer errors still pending from before are noted, not thrown. */
    private static byte[] receiveSkippingReportedErrors(IsoTpSocket s, List<String> noted) throws Exception {
        for (int i = 0; i < 5; i++) {
            try {
                return s.receive(WAIT);
            } catch (IsoTpException e) {
                noted.add(e.getClass().getSimpleName() + " (" + e.errnoName() + ")");
            }
        }
        fail("no PDU, only errors: " + noted);
        return null;
    }
}
