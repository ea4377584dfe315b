package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.BadMessageException;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.kernel.RawCanSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promises the documentation makes about the kernel that no other test holds it to: the MTU of a new vcan, the 1 s
 * wait for a consecutive frame, a malformed flow control, the broadcast flags and forced STmin doing what their
 * javadoc says, and the padding checks without an expected padding byte (which the validator refuses, so a Python
 * socket sets them). Peers are CAN_RAW sockets and candump; times are measured, only lower bounds asserted.
 */
@Tag("kernel")
class KernelPromisesTest {
    private static final String IFACE = "vcanprom0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Vcan.Own OWN_INTERFACE = Vcan.own(IFACE, 16);

    private static <T> FutureTask<T> start(String name, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    private static Throwable failureOf(FutureTask<?> task) throws Exception {
        try {
            task.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** docs/socket.md, "Requirements in detail": a vcan made without an MTU is a CAN FD one on current kernels. */
    @Test
    void aNewVcanHasMtu72() {
        String name = "vcannew0";
        Vcan.delete(name);
        Kernel.run(Kernel.IP, "link", "add", "dev", name, "type", "vcan");
        try {
            String mtu = Kernel.read(java.nio.file.Paths.get("/sys/class/net", name, "mtu"));
            System.out.println("ip link add dev " + name + " type vcan: MTU " + mtu + " on " + System.getProperty("os.version"));
            assertEquals("72", mtu);
        } finally {
            Vcan.delete(name);
        }
    }

    /** ConsecutiveFrameTimeoutException: the peer stops after the first frame; the kernel waits 1 s (N_Cr). */
    @Test
    void aPeerThatStopsMidPduEndsTheReceiveAfterOneSecond() throws Exception {
        try (RawCanSocket peer = RawCanSocket.open(IFACE);
                IsoTpSocket receiver = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x4E0).txid(0x4E8)
                        .build())) {
            FutureTask<byte[]> receive = start("receive", () -> receiver.receive(WAIT));
            Kernel.awaitIsoTpReceiver(IFACE, 0x4E0, false);
            peer.send(0x4E0, 0x10, 20, 1, 2, 3, 4, 5, 6); // first frame of 20 bytes, then nothing
            peer.await(0x4E8, 3, Kernel.PATIENCE_MILLIS);  // the receiver's flow control
            long flowControl = System.nanoTime();
            Throwable t = failureOf(receive);
            long millis = Kernel.millisSince(flowControl);
            System.out.println("first frame, flow control, then silence: receive failed after " + millis + " ms: " + t);
            assertTrue(t instanceof ConsecutiveFrameTimeoutException, "expected ConsecutiveFrameTimeoutException, got " + t);
            assertEquals(110, ((ConsecutiveFrameTimeoutException) t).errno(), "ETIMEDOUT");
            assertTrue(millis >= 950, "the kernel waits 1 s for a consecutive frame, not " + millis + " ms");

            byte[] pdu = {0x3E, 0x00};
            peer.send(0x4E0, 0x02, 0x3E, 0x00);
            assertArrayEquals(pdu, receiver.receive(WAIT), "the next PDU arrives");
        }
    }

    /**
     * BadMessageException: a flow control with a reserved flow status (here 5) ends the send with EBADMSG, as mainline
     * isotp_rcv_fc() does; a kernel without that fix ends the transfer silently (KernelFeaturesTest's table says which).
     */
    @Test
    void aMalformedFlowControlEndsTheSendWithBadMessage() throws Exception {
        try (RawCanSocket peer = RawCanSocket.open(IFACE);
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x3E8).txid(0x3E0)
                        .build())) {
            FutureTask<Void> send = start("send", () -> {
                sender.send(Kernel.payload(20, 21));
                return null;
            });
            peer.await(0x3E0, 1, Kernel.PATIENCE_MILLIS);
            peer.send(0x3E8, 0x35, 0, 0);
            Throwable t = failureOf(send);
            System.out.println("flow status 5 on " + dev.isotp.kernel.KernelInfo.release() + ": " + t);
            String release = dev.isotp.kernel.KernelInfo.release();
            if (!KernelFeaturesTest.ofThisKernel().unknownFlowStatusIsBadMessage()) {
                // without mainline's fix the transfer ends silently: the send returns, and the PDU was not delivered
                assertEquals(null, t, "an unknown flow status on " + release + " (KernelFeaturesTest says it ends the "
                        + "transfer silently; an exception means this kernel now has mainline's EBADMSG: update the "
                        + "table)");
                return;
            }
            assertTrue(t instanceof BadMessageException, "expected BadMessageException on " + release
                    + " (KernelFeaturesTest says it has mainline's EBADMSG), got " + t);
            assertEquals(74, ((BadMessageException) t).errno(), "EBADMSG");
        }
    }

    /**
     * The validator's rule that checkPaddingData needs rxPadding says what the kernel does without it: every frame is
     * refused (EBADMSG); with only the length check, an unpadded frame passes and a padded one is refused.
     */
    @Test
    void paddingChecksWithoutAnExpectedPaddingByteDoWhatTheValidatorSays() throws Exception {
        assertEquals("EBADMSG", pythonReceive(0x0020, 0x2E0, false), "CHK_PAD_DATA without RX_PADDING, unpadded frame");
        assertEquals("EBADMSG", pythonReceive(0x0020, 0x2E2, true), "CHK_PAD_DATA without RX_PADDING, padded frame");
        assertEquals("3e00", pythonReceive(0x0010, 0x2E4, false), "CHK_PAD_LEN without RX_PADDING, unpadded frame");
        assertEquals("EBADMSG", pythonReceive(0x0010, 0x2E6, true), "CHK_PAD_LEN without RX_PADDING, padded frame");
    }

    /** sfBroadcast: a single frame goes out with nobody listening, and no flow control is awaited. */
    @Test
    void sfBroadcastSendsASingleFrameWithNobodyListening() throws Exception {
        try (CanSniffer sniffer = CanSniffer.start(IFACE);
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1E8).txid(0x1E0)
                        .sfBroadcast(true).build())) {
            sender.send(new byte[] {0x3E, (byte) 0x80});
            List<CanSniffer.Frame> frames = sniffer.awaitFrames(0x1E0, 1);
            assertEquals(0x02, frames.get(0).u8(0), "a single frame of 2 bytes: " + frames);
        }
    }

    /** cfBroadcast: a multi-frame PDU goes out whole with nobody listening; no flow control is awaited. */
    @Test
    void cfBroadcastSendsEveryFrameWithoutWaitingForFlowControl() throws Exception {
        try (CanSniffer sniffer = CanSniffer.start(IFACE);
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1F8).txid(0x1F0)
                        .cfBroadcast(true).build())) {
            sender.send(Kernel.payload(20, 22)); // waitTxDone: returns once all three frames have left
            List<CanSniffer.Frame> frames = sniffer.awaitFrames(0x1F0, 3);
            assertEquals(List.of(0x10, 0x21, 0x22), List.of(frames.get(0).u8(0), frames.get(1).u8(0),
                    frames.get(2).u8(0)), "first frame and two consecutive frames: " + frames);
            assertEquals(List.of(), sniffer.frames(0x1F8), "no flow control on the bus");
        }
    }

    /** txStminNanos: consecutive frames at least this far apart, although the receiver asks for STmin 0. */
    @Test
    void txStminNanosSpacesConsecutiveFramesWhateverTheReceiverAsks() throws Exception {
        int cfs = 6;
        byte[] pdu = Kernel.payload(6 + 7 * cfs, 23);
        try (CanSniffer sniffer = CanSniffer.start(IFACE);
                IsoTpSocket receiver = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1A0).txid(0x1A8)
                        .build());
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1A8).txid(0x1A0)
                        .txStminNanos(20_000_000L).build())) {
            sender.send(pdu);
            assertArrayEquals(pdu, receiver.receive(WAIT));
            List<CanSniffer.Frame> frames = sniffer.awaitFrames(0x1A0, 1 + cfs);
            assertEquals(0, sniffer.frames(0x1A8).get(0).u8(2), "the receiver's flow control asks for STmin 0");
            StringBuilder gaps = new StringBuilder();
            double smallest = Double.MAX_VALUE;
            for (int i = 2; i <= cfs; i++) {
                double gap = (frames.get(i).seconds - frames.get(i - 1).seconds) * 1000;
                smallest = Math.min(smallest, gap);
                gaps.append(String.format(" %.1f", gap));
            }
            System.out.println("txStminNanos 20 ms, receiver STmin 0: gaps between consecutive frames (ms):" + gaps);
            assertTrue(smallest >= 19.5, "every gap at least 20 ms (candump's stamps):" + gaps);
        }
    }

    /** rxStminNanos: consecutive frames that come closer than this are dropped, so the PDU is not delivered. */
    @Test
    void rxStminNanosDropsConsecutiveFramesThatComeTooFast() throws Exception {
        byte[] pdu = Kernel.payload(6 + 7 * 6, 24);
        try (IsoTpSocket receiver = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1B0).txid(0x1B8)
                        .rxStminNanos(500_000_000L).build());
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(IFACE).rxid(0x1B8).txid(0x1B0)
                        .frameTxTimeNanos(dev.isotp.GeneralOptions.FRAME_TX_TIME_ZERO).build())) {
            sender.send(pdu); // the receiver's flow control asks for STmin 0: the frames come back to back
            IOException e = assertThrows(IOException.class, () -> receiver.receive(WAIT));
            System.out.println("rxStminNanos 500 ms, frames back to back: the receive failed: " + e);
        }
    }

    private static final String RECEIVER = String.join("\n",
            "import errno, socket, struct, sys",
            "iface, flags, rx, tx = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16), int(sys.argv[4], 16)",
            "s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "s.setsockopt(106, 1, struct.pack('=IIBBBB', flags, 0, 0, 0xCC, 0xCC, 0))  # SOL_CAN_ISOTP, CAN_ISOTP_OPTS",
            "s.bind((iface, rx, tx))",
            "s.settimeout(20)",
            "try:",
            "    print(s.recv(4096).hex(), flush=True)",
            "except OSError as e:",
            "    print(errno.errorcode.get(e.errno, str(e)), flush=True)");

    /** What a Python ISO-TP socket with these CAN_ISOTP_OPTS flags makes of the single frame 3E 00. */
    private static String pythonReceive(int flags, int rxid, boolean padded) throws Exception {
        try (RawCanSocket peer = RawCanSocket.open(IFACE);
                Kernel.Child python = Kernel.Child.start(Kernel.PYTHON, "-c", RECEIVER, IFACE,
                        Integer.toHexString(flags), Integer.toHexString(rxid), Integer.toHexString(rxid + 1))) {
            Kernel.awaitIsoTpReceiver(IFACE, rxid, false);
            if (padded) {
                peer.send(rxid, 0x02, 0x3E, 0x00, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC);
            } else {
                peer.send(rxid, 0x02, 0x3E, 0x00);
            }
            assertEquals(0, python.waitFor(Kernel.PATIENCE_MILLIS), python.output());
            String out = python.output().trim();
            System.out.printf("flags 0x%04X, %s frame: %s%n", flags, padded ? "padded" : "unpadded", out);
            return out;
        }
    }
}
