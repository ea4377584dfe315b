package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.FlowControlOptions;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import dev.isotp.kernel.RawCanSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Errors land on the call that caused them, and close() frees a thread blocked in a send: on the kernel, with the
 * issue's own small inputs. Times are measured and printed, never asserted.
 */
@Tag("kernel")
class SendErrorsAndCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aSocketOpenedWithoutConfigurationWaitsForItsTransferAndThrowsTheLostFlowControl() throws Exception {
        try (IsoTpSocket socket = IsoTpSocket.open()) {
            assertTrue(socket.getGeneralOptions().waitTxDone(), "open() sets waitTxDone");
            socket.bind(Kernel.VCAN, Address.builder(AddressingMode.NORMAL_11).rxid(0x6E8).txid(0x6E0).build());
            long start = System.nanoTime();
            FlowControlTimeoutException e = assertThrows(FlowControlTimeoutException.class, () -> socket.send(new byte[20]));
            System.out.printf("open(): send of 20 bytes with nobody on 0x6E0 failed after %d ms: %s%n",
                    (System.nanoTime() - start) / 1_000_000, e.getMessage());
            assertFalse(e.getMessage().contains("earlier send"), e.getMessage());
        }
    }

    @Test
    void withoutWaitTxDoneTheReceiveGetsThePduAndTheNextSendTheEarlierSendsFailure() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6E9).txid(0x6E1).waitTxDone(false).build();
        try (IsoTpSocket socket = IsoTpSocket.open(config);
                IsoTpSocket peer = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x123).txid(0x6E9).build())) {
            socket.send(new byte[20]); // returns at once: nobody sends flow control for 0x6E1
            Thread.sleep(1500);        // the kernel's 1 s N_Bs passes: ECOMM is pending on the socket
            peer.send(new byte[] {0x62, (byte) 0xF1, (byte) 0x90, 0x31}); // the single frame 04 62 F1 90 31
            assertArrayEquals(new byte[] {0x62, (byte) 0xF1, (byte) 0x90, 0x31}, socket.receive(WAIT));
            FlowControlTimeoutException e = assertThrows(FlowControlTimeoutException.class,
                    () -> socket.send(new byte[] {0x3E, 0x00}));
            assertTrue(e.getMessage().startsWith("an earlier send failed"), e.getMessage());
            assertTrue(e.getMessage().contains("not sent"), e.getMessage());
            System.out.println("waitTxDone off: the receive returned 62 F1 90 31; the next send: " + e.getMessage());
        }
    }

    @Test
    void withoutWaitTxDoneAwaitSentThrowsTheSendsOwnFailure() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6EB).txid(0x6E3).waitTxDone(false).build();
        try (IsoTpSocket socket = IsoTpSocket.open(config)) {
            socket.send(new byte[20]);
            FlowControlTimeoutException e = assertThrows(FlowControlTimeoutException.class, socket::awaitSent);
            assertFalse(e.getMessage().contains("earlier send"), e.getMessage());
            socket.send(new byte[] {0x01}); // a single frame needs no flow control: nothing is left pending
            socket.awaitSent();
        }
    }

    @Test
    void closeFreesAThreadBlockedInASendOfALongPdu() throws Exception {
        StringBuilder report = new StringBuilder();
        for (int round = 1; round <= 3; round++) {
            // the receiver asks for 127 ms between consecutive frames: 4095 bytes take about 75 s
            try (IsoTpSocket receiver = IsoTpSocket.open();
                    RawCanSocket raw = RawCanSocket.open(Kernel.VCAN)) {
                receiver.setFlowControlOptions(FlowControlOptions.builder().stmin(0x7F).build());
                receiver.bind(Kernel.VCAN, Address.builder(AddressingMode.NORMAL_11).rxid(0x6E2).txid(0x6EA).build());
                IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6EA).txid(0x6E2).build());
                CompletableFuture<Throwable> sent = CompletableFuture.supplyAsync(() -> {
                    try {
                        sender.send(new byte[4095]);
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                raw.await(0x6E2, 2, WAIT.toMillis()); // the transfer runs
                Thread.sleep(1500);
                int framesBefore = 0;
                for (RawCanSocket.Frame f; (f = raw.receive(0)) != null;) {
                    framesBefore += f.id == 0x6E2 ? 1 : 0;
                }
                assertTrue(framesBefore > 3, "the transfer ran before close(): " + framesBefore + " frames");
                long before = System.nanoTime();
                sender.close();
                long closeReturned = System.nanoTime();
                Throwable outcome = sent.get(120, TimeUnit.SECONDS);
                long woken = System.nanoTime();
                // frames of the PDU still sent after close(): count them for 3 s
                int after = 0;
                long lastFrame = before;
                long until = System.nanoTime() + 3_000_000_000L;
                for (RawCanSocket.Frame f; (f = raw.receive(Math.max(1, (until - System.nanoTime()) / 1_000_000))) != null;) {
                    if (f.id == 0x6E2) {
                        after++;
                        lastFrame = System.nanoTime();
                    }
                    if (System.nanoTime() > until) {
                        break;
                    }
                }
                assertTrue(outcome instanceof SocketClosedException, "the send ended with " + outcome);
                report.append(String.format("round %d: %d consecutive frames in the 1.5 s before close(); close() "
                        + "returned in %.3f ms, the send thread was free after %.3f ms, %d consecutive frames on the bus "
                        + "in the 3 s after (the last %.0f ms after close())%n", round, framesBefore,
                        (closeReturned - before) / 1e6, (woken - before) / 1e6, after, (lastFrame - before) / 1e6));
            }
        }
        System.out.print("close() during a blocked send of 4095 bytes at STmin 127 ms:\n" + report);
    }

    @Test
    void closeDoesNotWaitForATransferWhoseSendReturnedWithoutWaitTxDone() throws Exception {
        // the receiver asks for 127 ms between consecutive frames: 300 bytes take about 5.5 s
        try (IsoTpSocket receiver = IsoTpSocket.open();
                RawCanSocket raw = RawCanSocket.open(Kernel.VCAN)) {
            receiver.setFlowControlOptions(FlowControlOptions.builder().stmin(0x7F).build());
            receiver.bind(Kernel.VCAN, Address.builder(AddressingMode.NORMAL_11).rxid(0x6E5).txid(0x6ED).build());
            IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x6ED).txid(0x6E5)
                    .waitTxDone(false).build());
            sender.send(new byte[300]); // returns at once; the transfer runs on in the kernel
            raw.await(0x6E5, 2, WAIT.toMillis());
            long before = System.nanoTime();
            sender.close(); // close(2) waits for the transfer: done on a thread of its own, not here
            long returned = System.nanoTime();
            raw.drain(); // what the bus carried until close() returned
            // the transfer is still running after close() returned: close() did not wait for its end
            RawCanSocket.Frame next = raw.await(0x6E5, 2, WAIT.toMillis());
            assertTrue(next != null, "a consecutive frame of the transfer after close() returned");
            System.out.printf("close() with a transfer running (waitTxDone off) returned in %.3f ms; the transfer went on%n",
                    (returned - before) / 1e6);
        }
    }
}
