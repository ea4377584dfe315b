package dev.isotp.processor.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.FlowControlOptions;
import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpChannels;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PayloadCodecException;
import dev.isotp.SocketClosedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A generated client's request and response on the kernel: threads, late answers, the default timeout, waitTxDone
 * off, declared exceptions, functional requests against Python responders, a package-private interface, a failing
 * codec, null arguments. Figures are printed, times never asserted.
 */
@Tag("kernel")
class RequestResponseTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The answer an echo peer gives: the request with 0x40 added to its first byte, as a UDS server would. */
    private static byte[] answerTo(byte[] request) {
        byte[] a = request.clone();
        a[0] = (byte) (a[0] + 0x40);
        return a;
    }

    /** A peer on (rx, tx) answering each PDU after {@code delay} tells it to; runs until closed. */
    private static IsoTpSocket peer(int rxid, int txid, FlowControlOptions fc, UnaryOperator<byte[]> answer,
            java.util.function.ToLongFunction<byte[]> delayMillis) throws Exception {
        IsoTpSocket peer = IsoTpSocket.open();
        peer.setFlowControlOptions(fc);
        peer.bind("vcan0", dev.isotp.Address.builder(dev.isotp.AddressingMode.NORMAL_11).rxid(rxid).txid(txid).build());
        Thread t = new Thread(() -> {
            try {
                for (;;) {
                    byte[] request = peer.receive();
                    long delay = delayMillis.applyAsLong(request);
                    if (delay < 0) {
                        continue; // stays silent
                    }
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    peer.send(answer.apply(request));
                }
            } catch (SocketClosedException e) {
                // the test is over
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "peer " + Integer.toHexString(rxid));
        t.setDaemon(true);
        t.start();
        return peer;
    }

    @Test
    void requestsFromManyThreadsNeverGetEachOthersAnswers() throws Exception {
        int threads = 8;
        int perThread = 25;
        try (IsoTpSocket echo = peer(0x6C0, 0x6C8, FlowControlOptions.builder().build(), RequestResponseTest::answerTo,
                r -> (r[2] & 3));
                Asker asker = IsoTpChannels.open(Asker.class)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger checked = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // 3 to 40 bytes: single and multi-frame requests, each naming its thread and number
                        byte[] request = new byte[3 + (thread * 7 + i * 5) % 38];
                        request[0] = 0x22;
                        request[1] = (byte) thread;
                        request[2] = (byte) i;
                        for (int k = 3; k < request.length; k++) {
                            request[k] = (byte) (thread * 31 + i * 7 + k);
                        }
                        byte[] answer = asker.request(request, WAIT);
                        assertArrayEquals(answerTo(request), answer, "thread " + thread + " request " + i);
                        checked.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(300, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(threads * perThread, checked.get());
            System.out.printf("%d threads x %d requests on one client: %d answers checked byte for byte, none swapped, "
                    + "in %d ms%n", threads, perThread, checked.get(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void aLateAnswerIsDroppedAndCountedAndTheNextRequestGetsItsOwn() throws Exception {
        // the first request's answer comes 1.5 s late, after its 300 ms timeout
        try (IsoTpSocket late = peer(0x6C0, 0x6C8, FlowControlOptions.builder().build(), RequestResponseTest::answerTo,
                r -> r[1] == 1 ? 1500 : 0);
                Asker asker = IsoTpChannels.open(Asker.class)) {
            SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class,
                    () -> asker.request(new byte[] {0x22, 1}, Duration.ofMillis(300)));
            assertTrue(timeout.getMessage().contains("300 ms"), timeout.getMessage());
            Thread.sleep(3000); // the late answer arrives and waits in the queue
            assertEquals(0, IsoTpChannels.droppedPdus(asker));
            assertArrayEquals(new byte[] {0x62, 2}, asker.request(new byte[] {0x22, 2}, WAIT));
            assertEquals(1, IsoTpChannels.droppedPdus(asker));
        }
    }

    @Test
    void aRequestWithoutATimeoutWaitsTheDefaultRequestTimeout() throws Exception {
        try (IsoTpSocket silent = peer(0x6C0, 0x6C8, FlowControlOptions.builder().build(), r -> r, r -> -1);
                Asker asker = IsoTpChannels.open(Asker.class)) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> asker.request(new byte[] {0x3E, 0}));
            System.out.printf("a silent ECU: request() gave up after %d ms: %s%n", (System.nanoTime() - start) / 1_000_000,
                    e.getMessage());
            assertTrue(e.getMessage().contains("within 5000 ms"), e.getMessage());
        }
    }

    @Test
    void withoutWaitTxDoneTheAnswersTimeStartsWhenTheRequestHasLeft() throws Exception {
        // STmin 127 ms: 100 bytes (a first frame and 14 consecutive frames) take about 1.8 s, longer than the
        // 1 s request timeout; the answer follows at once
        try (IsoTpSocket ecu = peer(0x6C1, 0x6C9, FlowControlOptions.builder().stmin(0x7F).build(),
                r -> new byte[] {0x7E, 0x00}, r -> 0);
                SlowSender sender = IsoTpChannels.open(SlowSender.class)) {
            long start = System.nanoTime();
            assertArrayEquals(new byte[] {0x7E, 0x00}, sender.request(new byte[100]));
            System.out.printf("waitTxDone off: a 100-byte request at STmin 127 ms answered after %d ms with a 1000 ms "
                    + "request timeout%n", (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void declaredExceptionsAreThrownAsThemselves() throws Exception {
        try (Declaring channel = IsoTpChannels.open(Declaring.class)) {
            assertThrows(SocketTimeoutException.class, () -> channel.receive(Duration.ofMillis(200)));
            // nobody listens on 0x6C2: no flow control for a multi-frame PDU
            FlowControlTimeoutException noFc = assertThrows(FlowControlTimeoutException.class,
                    () -> channel.send(new byte[20]));
            assertNotNull(noFc.getMessage());
            UncheckedIOException wrapped = assertThrows(UncheckedIOException.class,
                    () -> channel.sendBuffer(ByteBuffer.wrap(new byte[20])));
            assertTrue(wrapped.getCause() instanceof FlowControlTimeoutException, wrapped.toString());
            assertThrows(FlowControlTimeoutException.class, () -> channel.request(new byte[20], Duration.ofSeconds(1)));
            assertThrows(SocketTimeoutException.class, () -> channel.request(new byte[] {0x3E}, Duration.ofMillis(200)));
        }
    }

    /** Binds a functional and a physical socket like an ECU; answers once (single, multi) or never (silent). */
    private static final String RESPONDER = String.join("\n",
            "import socket, sys",
            "func_rx, phys_rx, tx, mode = int(sys.argv[1], 16), int(sys.argv[2], 16), int(sys.argv[3], 16), sys.argv[4]",
            "f = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "f.bind(('vcan0', func_rx, tx))",
            "p = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "p.bind(('vcan0', phys_rx, tx))",
            "print('READY', flush=True)",
            "req = f.recv(4095)",
            "print('GOT', req.hex(), flush=True)",
            "head = bytes([req[0] + 0x40]) + req[1:]",
            "if mode == 'single': p.send(head + bytes([tx & 0xFF]))",
            "if mode == 'multi': p.send(head + bytes(range(60)))",
            "if mode == 'slow':",
            "    import time",
            "    time.sleep(1.5)",
            "    p.send(head + bytes(range(60)))",
            "p.close()",
            "print('DONE', flush=True)");

    @Test
    void aFunctionalRequestCollectsEveryResponderWithinTheWindow() throws Exception {
        List<Process> ecus = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try (Obd obd = IsoTpChannels.open(Obd.class)) {
            String[][] roles = {{"7E0", "7E8", "single"}, {"7E1", "7E9", "multi"}, {"7E2", "7EA", "silent"}};
            for (String[] role : roles) {
                Process p = new ProcessBuilder("/usr/bin/python3", "-c", RESPONDER, "7DF", role[0], role[1], role[2])
                        .redirectErrorStream(true).start();
                ecus.add(p);
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
                outputs.add(out);
                String line = out.readLine();
                assertEquals("READY", line, "responder " + role[1]);
            }
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> obd.ask(new byte[8], Duration.ofSeconds(1)));
            System.out.println("a functional request of 8 bytes: " + tooLong.getMessage());

            long start = System.nanoTime();
            Map<Integer, byte[]> answers = obd.ask(new byte[] {0x01, 0x00}, Duration.ofSeconds(5));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(0x7E8, 0x7E9), new ArrayList<>(answers.keySet()));
            assertArrayEquals(new byte[] {0x41, 0x00, (byte) 0xE8}, answers.get(0x7E8));
            byte[] multi = new byte[62];
            multi[0] = 0x41;
            for (int i = 0; i < 60; i++) {
                multi[2 + i] = (byte) i;
            }
            assertArrayEquals(multi, answers.get(0x7E9));
            for (int i = 0; i < 3; i++) {
                assertEquals("GOT 0100", outputs.get(i).readLine(), "responder " + roles[i][1] + " got the request");
            }
            System.out.printf("functional request 01 00 to 0x7DF: answers from %s within a 5 s window (%d ms): "
                    + "0x7E8 %d bytes, 0x7E9 %d bytes (multi-frame), 0x7EA silent%n", answers.keySet().stream().map(Integer::toHexString).collect(java.util.stream.Collectors.toList()), took,
                    answers.get(0x7E8).length, answers.get(0x7E9).length);
        } finally {
            for (Process p : ecus) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The responder of issue 19 that breaks off, over CAN_RAW: on the functional request it sends a first frame of a
     * 20-byte answer, takes the flow control on its physical id, sends one consecutive frame and stops.
     */
    private static final String BREAKING_RESPONDER = String.join("\n",
            "import socket, struct, time",
            "s = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)",
            "s.bind(('vcan0',))",
            "def recv_id(want):",
            "    while True:",
            "        fr = s.recv(16)",
            "        cid, dlc = struct.unpack('=IB3x', fr[:8])",
            "        if cid & 0x1FFFFFFF == want: return fr[8:8 + dlc]",
            "def send(cid, data): s.send(struct.pack('=IB3x8s', cid, len(data), bytes(data)))",
            "print('READY', flush=True)",
            "req = recv_id(0x7DF)",
            "print('GOT', req[1:1 + req[0]].hex(), flush=True)",
            "send(0x7E9, [0x10, 20, 0x41, 0x00, 1, 2, 3, 4])",
            "recv_id(0x7E1)",
            "send(0x7E9, [0x21, 5, 6, 7, 8, 9, 10, 11])",
            "print('DONE', flush=True)",
            "time.sleep(10)");

    @Test
    void aResponderThatBreaksOffLosesOnlyItsOwnAnswerOnTheKernel() throws Exception {
        aResponderThatBreaksOffLosesOnlyItsOwnAnswer(dev.isotp.Backend.kernel());
    }

    @Test
    void aResponderThatBreaksOffLosesOnlyItsOwnAnswerOnTheEngine() throws Exception {
        aResponderThatBreaksOffLosesOnlyItsOwnAnswer(dev.isotp.Backend.canRaw());
    }

    private void aResponderThatBreaksOffLosesOnlyItsOwnAnswer(dev.isotp.Backend backend) throws Exception {
        List<Process> ecus = new ArrayList<>();
        try (Obd obd = IsoTpChannels.open(Obd.class, dev.isotp.ChannelOverrides.backend(backend))) {
            String[][] roles = {{"7E0", "7E8", "single"}, {"", "7E9", "breaks"}, {"7E2", "7EA", "slow"}};
            for (String[] role : roles) {
                Process p = role[2].equals("breaks")
                        ? new ProcessBuilder("/usr/bin/python3", "-c", BREAKING_RESPONDER).redirectErrorStream(true).start()
                        : new ProcessBuilder("/usr/bin/python3", "-c", RESPONDER, "7DF", role[0], role[1], role[2])
                                .redirectErrorStream(true).start();
                ecus.add(p);
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("READY", out.readLine(), "responder " + role[1]);
            }
            long start = System.nanoTime();
            Map<Integer, byte[]> answers = obd.ask(new byte[] {0x01, 0x00}, Duration.ofSeconds(5));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(0x7E8, 0x7EA), new ArrayList<>(answers.keySet()));
            assertArrayEquals(new byte[] {0x41, 0x00, (byte) 0xE8}, answers.get(0x7E8));
            byte[] multi = new byte[62];
            multi[0] = 0x41;
            for (int i = 0; i < 60; i++) {
                multi[2 + i] = (byte) i;
            }
            assertArrayEquals(multi, answers.get(0x7EA));
            assertEquals(1, IsoTpChannels.droppedPdus(obd), "the broken answer is counted");
            System.out.printf("functional request on %s with 0x7E9 breaking off: answers from 0x7E8 and 0x7EA "
                    + "(%d ms, window 5 s)%n", backend, took);
        } finally {
            for (Process p : ecus) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPackagePrivateInterfaceOpensThroughIsoTpChannels() throws Exception {
        try (Hidden hidden = IsoTpChannels.open(Hidden.class);
                IsoTpSocket peer = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x6C3).txid(0x6CB).build())) {
            hidden.send(new byte[] {0x10, 0x03});
            assertArrayEquals(new byte[] {0x10, 0x03}, peer.receive(WAIT));
            peer.send(new byte[] {0x50, 0x03});
            assertArrayEquals(new byte[] {0x50, 0x03}, hidden.receive(WAIT));
        }
    }

    @Test
    void aCodecThatThrowsNamesTheChannelTheMethodAndThePdu() throws Exception {
        try (Reading reading = IsoTpChannels.open(Reading.class);
                IsoTpSocket peer = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x6C4).txid(0x6CC).build())) {
            peer.send(new byte[] {0x62, (byte) 0xF1, (byte) 0x90, 0x31, 0x48});
            assertEquals("3148", reading.read(WAIT));
            byte[] negative = {0x7F, 0x22, 0x31};
            peer.send(negative);
            PayloadCodecException e = assertThrows(PayloadCodecException.class, () -> reading.read(WAIT));
            assertTrue(e.getMessage().contains("Reading.read"), e.getMessage());
            assertTrue(e.getMessage().contains("3 bytes: 7F 22 31"), e.getMessage());
            assertTrue(e.getMessage().contains("PositiveAnswerCodec"), e.getMessage());
            assertArrayEquals(negative, e.pdu());
            assertTrue(e.getCause() instanceof IllegalArgumentException);
            System.out.println("a codec that throws: " + e.getMessage());
        }
    }

    @Test
    void nullArgumentsNameTheParameter() throws Exception {
        try (Asker asker = IsoTpChannels.open(Asker.class); Declaring declaring = IsoTpChannels.open(Declaring.class)) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> asker.request(null));
            assertEquals("request is null: Asker.request needs a PDU of 1 or more bytes", e.getMessage());
            e = assertThrows(NullPointerException.class, () -> asker.request(new byte[] {1}, null));
            assertEquals("timeout is null: Asker.request needs a positive Duration", e.getMessage());
            e = assertThrows(NullPointerException.class, () -> declaring.send(null));
            assertEquals("payload is null: Declaring.send needs a PDU of 1 or more bytes", e.getMessage());
            assertFalse(Arrays.asList(e.getStackTrace()).isEmpty());
        }
    }
}
