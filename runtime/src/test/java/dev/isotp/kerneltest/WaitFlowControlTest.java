package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import dev.isotp.kernel.RawCanSocket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Linux does with WAIT flow controls (flow status 1) and with wftmax: it stores wftmax and never enforces it. As
 * a sender it accepts any number of WAIT frames, each restarting its 1 s wait for the next flow control (N_Bs), so a
 * peer that keeps sending WAIT holds {@code send}; as a receiver it never sends WAIT. The peer is a CAN_RAW socket.
 * Times are measured and printed; only what the frames themselves guarantee is asserted.
 */
@Tag("kernel")
class WaitFlowControlTest {
    /** Classic CAN (MTU 16), so that no other test's traffic mixes in. */
    private static final String IFACE = "vcanwait0";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FC_CTS = 0x30;
    private static final int FC_WAIT = 0x31;

    @RegisterExtension
    static final Vcan.Own OWN_INTERFACE = Vcan.own(IFACE, 16);

    private static IsoTpSocket channel(int rxid, int txid, int wftmax) throws Exception {
        return IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(rxid).txid(txid).wftmax(wftmax).build());
    }

    /** Runs {@code call} in its own thread; the result (or its failure) is read with get. */
    private static <T> FutureTask<T> start(String name, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    private static String outcome(FutureTask<?> task) {
        try {
            return String.valueOf(task.get());
        } catch (Exception e) {
            return e.getCause() != null ? e.getCause().toString() : e.toString();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void wftmax0StillAcceptsFourWaitFlowControlsThenTheSendSucceeds() throws Exception {
        byte[] pdu = Kernel.payload(20, 11); // a first frame and two consecutive frames
        try (RawCanSocket peer = RawCanSocket.open(IFACE); IsoTpSocket sender = channel(0x7E8, 0x7E0, 0)) {
            assertEquals(0, sender.getFlowControlOptions().wftmax(), "wftmax as the kernel holds it");
            long start = System.nanoTime();
            FutureTask<Long> send = start("send", () -> {
                sender.send(pdu);
                return millisSince(start);
            });
            peer.await(0x7E0, 1, Kernel.PATIENCE_MILLIS);
            long firstFrame = System.nanoTime();
            for (int i = 1; i <= 4; i++) {
                peer.send(0x7E8, FC_WAIT, 0, 0);
                Thread.sleep(500);
                assertFalse(send.isDone(), "send is still held after WAIT " + i + " of 4");
            }
            peer.send(0x7E8, FC_CTS, 0, 0);
            long sendMillis = send.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            long fromFirstFrame = millisSince(firstFrame);
            RawCanSocket.Frame cf1 = peer.await(0x7E0, 2, Kernel.PATIENCE_MILLIS);
            RawCanSocket.Frame cf2 = peer.await(0x7E0, 2, Kernel.PATIENCE_MILLIS);
            assertEquals(0x21, cf1.data[0] & 0xFF, "first consecutive frame " + cf1);
            assertEquals(0x22, cf2.data[0] & 0xFF, "second consecutive frame " + cf2);
            System.out.printf("wftmax 0, four WAIT flow controls 0.5 s apart, then clear to send: send succeeded "
                    + "after %d ms (%d ms from the first frame)%n", sendMillis, fromFirstFrame);
        }
    }

    @Test
    void aSendThatWaitFramesHoldIsFreedByClose() throws Exception {
        byte[] pdu = Kernel.payload(20, 12);
        try (RawCanSocket peer = RawCanSocket.open(IFACE); IsoTpSocket sender = channel(0x6E8, 0x6E0, 0)) {
            AtomicLong ended = new AtomicLong();
            FutureTask<Void> send = start("send", () -> {
                try {
                    sender.send(pdu);
                    return null;
                } finally {
                    ended.set(System.nanoTime());
                }
            });
            peer.await(0x6E0, 1, Kernel.PATIENCE_MILLIS);
            long lastWait = 0;
            long closed = 0;
            int heldAfter = 0; // WAIT frames after which the send was still running
            for (int i = 1; i <= 6 && !send.isDone(); i++) {
                peer.send(0x6E8, FC_WAIT, 0, 0);
                lastWait = System.nanoTime();
                if (i == 2) {
                    closed = System.nanoTime();
                    sender.close();
                    System.out.printf("close() during a send held by WAIT frames returned after %d ms%n",
                            millisSince(closed));
                }
                Thread.sleep(300);
                if (!send.isDone()) {
                    heldAfter = i;
                }
            }
            Throwable failure;
            try {
                send.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                failure = null;
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            long afterLastWait = (ended.get() - lastWait) / 1_000_000;
            System.out.printf("WAIT flow controls 0.3 s apart, close() after the second: send still held after WAIT %d, "
                    + "ended %d ms after the last WAIT, %d ms after close(): %s%n", heldAfter, afterLastWait,
                    (ended.get() - closed) / 1_000_000, failure);
            // the peer kept sending WAIT, which holds a send without limit; close() frees it (the kernel's wait is
            // interruptible), so the send ended before the WAIT frames stopped
            assertTrue(heldAfter >= 1 && heldAfter < 6, "the send was held by WAIT frames, then freed by close(); "
                    + "still held after WAIT " + heldAfter);
            assertTrue(failure instanceof SocketClosedException,
                    "expected SocketClosedException from the send that close() freed, got " + failure);
        }
    }

    @Test
    void aLinuxReceiverSendsOnlyClearToSendWhateverWftmaxSays() throws Exception {
        byte[] pdu = Kernel.payload(6 + 7 * 4, 13); // a first frame and four consecutive frames
        try (CanSniffer sniffer = CanSniffer.start(IFACE);
                RawCanSocket peer = RawCanSocket.open(IFACE);
                IsoTpSocket receiver = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x5E0).txid(0x5E8)
                        .wftmax(255).bs(2).build())) {
            FutureTask<byte[]> receive = start("receive", () -> receiver.receive(WAIT));
            int[] first = new int[8];
            first[0] = 0x10;
            first[1] = pdu.length;
            for (int i = 0; i < 6; i++) {
                first[2 + i] = pdu[i] & 0xFF;
            }
            peer.send(0x5E0, first);
            int offset = 6;
            for (int block = 0; block < 2; block++) {
                RawCanSocket.Frame fc;
                try {
                    fc = peer.await(0x5E8, 3, Kernel.PATIENCE_MILLIS);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + " (flow control " + (block + 1) + "); on the bus: "
                            + sniffer.frames() + "; the receive: " + (receive.isDone() ? outcome(receive) : "running"), e);
                }
                assertEquals(FC_CTS, fc.data[0] & 0xFF, "flow control " + (block + 1) + " is clear to send: " + fc);
                assertEquals(2, fc.data[1] & 0xFF, "block size " + fc);
                for (int n = 0; n < 2; n++) {
                    int[] cf = new int[8];
                    cf[0] = 0x20 | ((block * 2 + n + 1) & 0x0F);
                    for (int i = 0; i < 7; i++) {
                        cf[1 + i] = pdu[offset++] & 0xFF;
                    }
                    peer.send(0x5E0, cf);
                }
            }
            assertArrayEquals(pdu, receive.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
            peer.drain();
            System.out.println("receiver with wftmax 255, bs 2: two flow controls, both clear to send, no WAIT");
        }
    }
}
