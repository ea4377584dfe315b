package dev.isotp.samples.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpChannels;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PayloadCodecException;
import dev.isotp.SocketClosedException;
import dev.isotp.spi.CanFrame;
import dev.isotp.testkit.SimulatedEcu;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The asynchronous shapes on the test kit's virtual bus: one exchange at a time in call order, shared with the
 * synchronous shapes; timeouts, cancellation and close() as the synchronous shapes behave; and no thread per pending
 * future.
 */
@ExtendWith(VirtualCanBusExtension.class)
class AsyncChannelTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    /** How long a PDU that must not come is awaited. */
    private static final Duration QUIET = Duration.ofMillis(300);

    /** The ECU's end, driven by the test: receives on 0x7E0, answers on 0x7E8. */
    private static IsoTpSocket peer(VirtualCanBus bus, int rxid, int txid) throws IOException {
        return IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(rxid).txid(txid)
                .backend(bus.backend()).build());
    }

    private static IsoTpSocket peer(VirtualCanBus bus) throws IOException {
        return peer(bus, 0x7E0, 0x7E8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /**
     * Waits until every frame on the bus so far has reached every node: the bus delivers in order on one thread, and a
     * send returns at its transmit confirmation, before the receivers have the frame.
     */
    private static void settle(VirtualCanBus bus) {
        int marker = 0x5A5;
        int seen = bus.frames().withId(marker).size();
        bus.inject("vcan0", CanFrame.classic(marker, (byte) 0));
        bus.frames().await(f -> f.frame().id() == marker, seen + 1, LONG);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return e.getCause();
    }

    @Test
    void exchangesRunOneAtATimeInCallOrderAsynchronousAndSynchronousAlike(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = peer(bus); AsyncEcu channel = new IsoTp_AsyncEcu()) {
            CompletableFuture<byte[]> first = channel.request(bytes(0x10, 0x01));
            CompletableFuture<byte[]> received = channel.receive();
            CompletableFuture<byte[]> third = channel.request(bytes(0x10, 0x03));
            assertArrayEquals(bytes(0x10, 0x01), ecu.receive(LONG));
            assertThrows(SocketTimeoutException.class, () -> ecu.receive(QUIET), "the third request waits its turn");
            ecu.send(bytes(0x50, 0x01));
            assertArrayEquals(bytes(0x50, 0x01), first.get(10, TimeUnit.SECONDS));
            ecu.send(bytes(0x7E, 0x00)); // for the receive, which has its turn now
            assertArrayEquals(bytes(0x7E, 0x00), received.get(10, TimeUnit.SECONDS));
            assertArrayEquals(bytes(0x10, 0x03), ecu.receive(LONG));
            ecu.send(bytes(0x50, 0x03));
            assertArrayEquals(bytes(0x50, 0x03), third.get(10, TimeUnit.SECONDS));

            // a synchronous request called after an asynchronous one waits for it
            CompletableFuture<byte[]> pending = channel.request(bytes(0x22, 0xF1, 0x90));
            CompletableFuture<byte[]> sync = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    sync.complete(channel.requestNow(bytes(0x22, 0xF1, 0x91), LONG));
                } catch (RuntimeException e) {
                    sync.completeExceptionally(e);
                }
            });
            assertArrayEquals(bytes(0x22, 0xF1, 0x90), ecu.receive(LONG));
            caller.start();
            assertThrows(SocketTimeoutException.class, () -> ecu.receive(QUIET), "the synchronous one waits its turn");
            ecu.send(bytes(0x62, 0xF1, 0x90));
            assertArrayEquals(bytes(0x22, 0xF1, 0x91), ecu.receive(LONG));
            ecu.send(bytes(0x62, 0xF1, 0x91));
            assertArrayEquals(bytes(0x62, 0xF1, 0x90), pending.get(10, TimeUnit.SECONDS));
            assertArrayEquals(bytes(0x62, 0xF1, 0x91), sync.get(10, TimeUnit.SECONDS));
            caller.join();
        }
    }

    @Test
    void aHundredRequestsInFlightGetTheirOwnAnswersInCallOrder(VirtualCanBus bus) throws Exception {
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, IsoTp_AsyncEcu.CONFIG)
                .otherwise(request -> bytes(0x62, request[1] & 0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66))
                .start();
                AsyncEcu channel = new IsoTp_AsyncEcu()) {
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(channel.request(bytes(0x22, i)));
            }
            for (int i = 0; i < 100; i++) {
                byte[] answer = answers.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(9, answer.length);
                assertEquals(i, answer[1] & 0xFF, "answer " + i);
                assertEquals(i, ecu.requests().get(i)[1] & 0xFF, "the ECU got the requests in call order");
            }
            assertEquals(0, IsoTpChannels.droppedPdus(channel));
        }
    }

    @Test
    void aTimeoutCompletesTheFutureWithTheSynchronousShapesException(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = peer(bus); AsyncEcu channel = new IsoTp_AsyncEcu()) {
            Duration wait = Duration.ofMillis(100);
            Throwable asyncRequest = failure(channel.request(bytes(0x3E, 0x00), wait));
            ecu.receive(LONG);
            UncheckedIOException syncRequest = assertThrows(UncheckedIOException.class,
                    () -> channel.requestNow(bytes(0x3E, 0x00), wait));
            ecu.receive(LONG);
            assertInstanceOf(SocketTimeoutException.class, asyncRequest);
            assertEquals(syncRequest.getCause().getMessage(), asyncRequest.getMessage());
            assertEquals("no answer on vcan0 within 100 ms after the request had left (AsyncEcu); an answer that comes "
                    + "later is dropped before the next request", asyncRequest.getMessage());

            Throwable asyncReceive = failure(channel.receive(wait));
            UncheckedIOException syncReceive = assertThrows(UncheckedIOException.class, () -> channel.receiveNow(wait));
            assertInstanceOf(SocketTimeoutException.class, asyncReceive);
            assertEquals(syncReceive.getCause().getMessage(), asyncReceive.getMessage());
            assertEquals(Optional.empty(), channel.poll(wait).get(10, TimeUnit.SECONDS));

            // the late answer of the timed-out request is dropped and counted before the next request
            ecu.send(bytes(0x7E, 0x00));
            settle(bus);
            CompletableFuture<byte[]> next = channel.request(bytes(0x3E, 0x80));
            assertArrayEquals(bytes(0x3E, 0x80), ecu.receive(LONG));
            ecu.send(bytes(0x7E, 0x80));
            assertArrayEquals(bytes(0x7E, 0x80), next.get(10, TimeUnit.SECONDS));
            assertEquals(1, IsoTpChannels.droppedPdus(channel));
        }
    }

    @Test
    void cancelAbandonsTheExchangeTheNextProceedsAndItsAnswerCountsAsLate(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = peer(bus); AsyncEcu channel = new IsoTp_AsyncEcu()) {
            CompletableFuture<byte[]> abandoned = channel.request(bytes(0x22, 0x01));
            assertArrayEquals(bytes(0x22, 0x01), ecu.receive(LONG));
            assertTrue(abandoned.cancel(true));
            assertThrows(CancellationException.class, abandoned::join);
            ecu.send(bytes(0x62, 0x01)); // comes after the cancel: late
            settle(bus);

            // a receive proceeds at once and would take it; a request drops it first
            CompletableFuture<byte[]> next = channel.request(bytes(0x22, 0x02));
            assertArrayEquals(bytes(0x22, 0x02), ecu.receive(LONG));
            ecu.send(bytes(0x62, 0x02));
            assertArrayEquals(bytes(0x62, 0x02), next.get(10, TimeUnit.SECONDS));
            assertEquals(1, IsoTpChannels.droppedPdus(channel));

            // cancelled before its turn: never sent
            CompletableFuture<byte[]> waiting = channel.receive();
            CompletableFuture<byte[]> never = channel.request(bytes(0x22, 0x03));
            assertTrue(never.cancel(true));
            ecu.send(bytes(0x01));
            assertArrayEquals(bytes(0x01), waiting.get(10, TimeUnit.SECONDS));
            CompletableFuture<byte[]> after = channel.request(bytes(0x22, 0x04));
            assertArrayEquals(bytes(0x22, 0x04), ecu.receive(LONG), "the cancelled request was not sent");
            ecu.send(bytes(0x62, 0x04));
            assertArrayEquals(bytes(0x62, 0x04), after.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeCompletesEveryPendingFutureWithSocketClosedException(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = peer(bus)) {
            AsyncEcu channel = new IsoTp_AsyncEcu();
            CompletableFuture<byte[]> receiving = channel.receive();
            CompletableFuture<byte[]> queued = channel.request(bytes(0x3E, 0x00));
            CompletableFuture<Optional<byte[]>> polling = channel.poll(LONG);
            long start = System.nanoTime();
            channel.close();
            for (CompletableFuture<?> f : List.of(receiving, queued, polling)) {
                assertInstanceOf(SocketClosedException.class, failure(f));
            }
            System.out.printf("close() completed 3 pending futures within %.1f ms%n",
                    (System.nanoTime() - start) / 1e6);
            assertInstanceOf(SocketClosedException.class, failure(channel.receive()), "after close");
            assertThrows(SocketTimeoutException.class, () -> ecu.receive(QUIET), "the queued request was not sent");
        }
    }

    @Test
    void sendsAndTypedAnswersComplete(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = peer(bus); AsyncEcu channel = new IsoTp_AsyncEcu()) {
            byte[] long100 = new byte[100];
            long100[0] = 0x36;
            CompletableFuture<Void> first = channel.send(long100);
            CompletableFuture<Void> second = channel.send(bytes(0x3E, 0x80));
            assertArrayEquals(long100, ecu.receive(LONG));
            assertArrayEquals(bytes(0x3E, 0x80), ecu.receive(LONG), "sends go out in call order");
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);

            CompletableFuture<String> text = channel.ask("VIN?");
            assertArrayEquals("VIN?".getBytes(java.nio.charset.StandardCharsets.US_ASCII), ecu.receive(LONG));
            ecu.send("1HGCM".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("1HGCM", text.get(10, TimeUnit.SECONDS));

            CompletableFuture<String> undecodable = channel.ask("VIN?");
            ecu.receive(LONG);
            ecu.send(bytes(0xFF, 0x00));
            PayloadCodecException e = assertInstanceOf(PayloadCodecException.class, failure(undecodable));
            assertArrayEquals(bytes(0xFF, 0x00), e.pdu());

            Throwable empty = failure(channel.send(new byte[0]));
            assertInstanceOf(IllegalArgumentException.class, empty);
        }
    }

    @Test
    void aThousandPendingFuturesOnTwoHundredChannelsHoldNoThreads(VirtualCanBus bus) throws Exception {
        int channels = 200;
        int perChannel = 5;
        List<AsyncEcu> opened = new ArrayList<>();
        List<IsoTpSocket> peers = new ArrayList<>();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < channels; i++) {
                int rx = 0x100 + i;
                int tx = 0x400 + i;
                opened.add(new IsoTp_AsyncEcu(ChannelOverrides.of(c -> c.rxid(rx).txid(tx))));
                peers.add(peer(bus, tx, rx));
            }
            // one warm-up exchange starts the shared threads, so that they are counted before
            CompletableFuture<byte[]> warm = opened.get(0).receive();
            peers.get(0).send(bytes(0x00));
            warm.get(10, TimeUnit.SECONDS);
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            for (AsyncEcu channel : opened) {
                for (int k = 0; k < perChannel; k++) {
                    futures.add(channel.receive());
                }
            }
            int pending = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("%d pending futures on %d channels: %d live threads before, %d with them pending%n",
                    futures.size(), channels, before, pending);
            // at most the shared pool (as many threads as processors, at least 2) and its timer, however many futures
            int shared = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
            assertTrue(pending - before <= shared, "threads grew from " + before + " to " + pending);
            for (int k = 0; k < perChannel; k++) {
                for (int i = 0; i < channels; i++) {
                    peers.get(i).send(bytes(i & 0xFF, i >> 8, k));
                }
            }
            for (int i = 0; i < channels; i++) {
                for (int k = 0; k < perChannel; k++) {
                    assertArrayEquals(bytes(i & 0xFF, i >> 8, k), futures.get(i * perChannel + k).get(30, TimeUnit.SECONDS));
                }
            }
        } finally {
            opened.forEach(AsyncEcu::close);
            peers.forEach(IsoTpSocket::close);
        }
    }
}
