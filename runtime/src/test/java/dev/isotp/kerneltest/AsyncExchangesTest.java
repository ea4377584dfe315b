package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.SocketClosedException;
import dev.isotp.support.ChannelSupport;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous exchanges of a generated client (through {@link ChannelSupport}, which its methods call) on the
 * kernel's ISO-TP socket, against Python's standard-library socket as the ECU: the answer is taken by the process
 * poller's readiness report, with no thread waiting for it.
 */
@Tag("kernel")
class AsyncExchangesTest {
    private static final long SECONDS = 60;

    /**
     * An ECU on (iface, rx id, tx id): answers each request with its first byte plus 0x40 and the rest unchanged,
     * stays silent for a request that starts with 0xAA, and ends on the request FF.
     */
    private static final String ECU = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "s.bind((sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)))",
            "print('READY', flush=True)",
            "while True:",
            "    r = s.recv(70000)",
            "    if r == b'\\xff':",
            "        break",
            "    if r[0] == 0xAA:",
            "        continue",
            "    s.send(bytes([(r[0] + 0x40) & 0xFF]) + r[1:])",
            "print('DONE', flush=True)");

    private static ChannelSupport open(int rxid, int txid) throws java.io.IOException {
        return ChannelSupport.open("AsyncKernel", IsoTpConfig.builder().iface(Kernel.VCAN).rxid(rxid).txid(txid)
                .requestTimeoutMillis(10_000).build());
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    @Test
    void requestsInFlightTimeoutCancelAndCloseOnTheKernel() throws Exception {
        try (Kernel.Child python = Kernel.Child.start(Kernel.PYTHON, "-c", ECU, Kernel.VCAN, "7A0", "7A8")) {
            python.awaitLine("READY"::equals, Kernel.PATIENCE_MILLIS, "READY");
            ChannelSupport channel = open(0x7A8, 0x7A0);
            try {
                // 40 requests in flight, single- and multi-frame, each gets its own answer
                List<byte[]> requests = new ArrayList<>();
                List<CompletableFuture<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    byte[] request = Kernel.payload(3 + (i * 7) % 60, i);
                    request[0] = 0x22;
                    requests.add(request);
                    answers.add(channel.requestAsync(request, pdu -> pdu));
                }
                for (int i = 0; i < 40; i++) {
                    byte[] expected = requests.get(i).clone();
                    expected[0] = 0x62;
                    assertArrayEquals(expected, answers.get(i).get(SECONDS, TimeUnit.SECONDS), "answer " + i);
                }

                // a silent ECU: the synchronous shape's exception, as the cause
                Throwable timeout = failure(channel.requestAsync(new byte[] {(byte) 0xAA, 1}, Duration.ofMillis(300),
                        pdu -> pdu));
                assertInstanceOf(SocketTimeoutException.class, timeout);
                assertEquals("no answer on vcan0 within 300 ms after the request had left (AsyncKernel); an answer "
                        + "that comes later is dropped before the next request", timeout.getMessage());

                // cancelled while waiting: the next exchange proceeds
                CompletableFuture<byte[]> silent = channel.requestAsync(new byte[] {(byte) 0xAA, 2}, pdu -> pdu);
                CompletableFuture<byte[]> next = channel.requestAsync(new byte[] {0x3E, 0x00}, pdu -> pdu);
                Kernel.sleep(200);
                assertTrue(silent.cancel(true));
                assertThrows(CancellationException.class, silent::join);
                assertArrayEquals(new byte[] {0x7E, 0x00}, next.get(SECONDS, TimeUnit.SECONDS));

                // close() completes every pending future at once
                CompletableFuture<byte[]> receiving = channel.receiveAsync(pdu -> pdu);
                CompletableFuture<byte[]> queued = channel.requestAsync(new byte[] {(byte) 0xAA, 3}, pdu -> pdu);
                Kernel.sleep(100);
                long start = System.nanoTime();
                channel.close();
                assertInstanceOf(SocketClosedException.class, failure(receiving));
                assertInstanceOf(SocketClosedException.class, failure(queued));
                System.out.printf("close() completed 2 pending futures within %.1f ms%n",
                        (System.nanoTime() - start) / 1e6);
            } finally {
                channel.close();
                try (ChannelSupport last = open(0x7A8, 0x7A0)) {
                    last.send(new byte[] {(byte) 0xFF});
                }
            }
            python.awaitLine("DONE"::equals, Kernel.PATIENCE_MILLIS, "DONE");
        }
    }

    @Test
    void pendingReceivesOnManyKernelSocketsHoldNoThreads() throws Exception {
        int channels = 50;
        int perChannel = 4;
        List<ChannelSupport> opened = new ArrayList<>();
        List<ChannelSupport> peers = new ArrayList<>();
        try {
            for (int i = 0; i < channels; i++) {
                opened.add(open(0x300 + i, 0x500 + i));
                peers.add(open(0x500 + i, 0x300 + i));
            }
            CompletableFuture<byte[]> warm = opened.get(0).receiveAsync(pdu -> pdu);
            peers.get(0).send(new byte[] {0});
            warm.get(SECONDS, TimeUnit.SECONDS);
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (ChannelSupport c : opened) {
                for (int k = 0; k < perChannel; k++) {
                    futures.add(c.receiveAsync(pdu -> pdu));
                }
            }
            Kernel.sleep(200);
            int pending = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("%d pending futures on %d kernel sockets: %d live threads before, %d with them pending%n",
                    futures.size(), channels, before, pending);
            // at most the shared pool (as many threads as processors, at least 2) and its timer, however many futures
            int shared = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
            assertTrue(pending - before <= shared, "threads grew from " + before + " to " + pending);
            for (int k = 0; k < perChannel; k++) {
                for (int i = 0; i < channels; i++) {
                    peers.get(i).send(new byte[] {(byte) i, (byte) k});
                }
            }
            for (int i = 0; i < channels; i++) {
                for (int k = 0; k < perChannel; k++) {
                    assertArrayEquals(new byte[] {(byte) i, (byte) k},
                            futures.get(i * perChannel + k).get(SECONDS, TimeUnit.SECONDS));
                }
            }
        } finally {
            opened.forEach(ChannelSupport::close);
            peers.forEach(ChannelSupport::close);
        }
    }
}
