package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sockets end cleanly: close() wakes a receive blocked in another thread, and opening, binding and closing sockets
 * many times leaves no file descriptor behind.
 */
@Tag("kernel")
class LifecycleTest {
    private static final String IFACE = "vcan0";
    private static final int WAKE_ROUNDS = 20;
    private static final int CYCLES = Integer.getInteger("isotp.reliability.cycles", 10_000);
    private static final int CYCLE_THREADS = 16;

    @Test
    void closeWakesAReceiveBlockedInAnotherThread() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(IFACE).rxid(0x761).txid(0x760).build(); // no receive timeout
        double[] latencies = new double[WAKE_ROUNDS];
        for (int round = 0; round < WAKE_ROUNDS; round++) {
            IsoTpSocket socket = IsoTpSocket.open(config);
            long[] wokeAt = new long[1];
            CompletableFuture<Throwable> receiver = FaultsTest.outcome(() -> {
                try {
                    socket.receive();
                } finally {
                    wokeAt[0] = System.nanoTime();
                }
            });
            Thread.sleep(200); // let it block in poll(2)
            assertTrue(!receiver.isDone(), "receive waits while nothing comes");
            long closedAt = System.nanoTime();
            socket.close();
            Throwable outcome = receiver.get(5, TimeUnit.SECONDS);
            assertTrue(outcome instanceof SocketClosedException, "receive ended with " + outcome);
            assertTrue(outcome.getMessage().contains("closed"), outcome.getMessage());
            latencies[round] = (wokeAt[0] - closedAt) / 1e6;
        }
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long within100 = Arrays.stream(latencies).filter(l -> l <= 100).count();
        System.out.printf("close() woke a blocked receive %d times: min %.2f ms, median %.2f ms, max %.2f ms;"
                + " %d of %d within 100 ms%n", WAKE_ROUNDS, sorted[0], sorted[WAKE_ROUNDS / 2],
                sorted[WAKE_ROUNDS - 1], within100, WAKE_ROUNDS);
        System.out.println("  in order, ms: " + Arrays.toString(Arrays.stream(latencies)
                .map(l -> Math.round(l * 10) / 10.0).toArray()));
    }

    @Test
    void openBindCloseCyclesLeaveNoFileDescriptorBehind() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(IFACE).rxid(0x763).txid(0x762).build();
        IsoTpSocket.open(config).close(); // loads JNA and the classes: their descriptors are not the sockets'
        int before = openFileDescriptors();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CYCLE_THREADS);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < CYCLE_THREADS; t++) {
            int share = CYCLES / CYCLE_THREADS + (t < CYCLES % CYCLE_THREADS ? 1 : 0);
            workers.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    IsoTpSocket.open(config).close();
                }
                return share;
            }));
        }
        int done = 0;
        for (Future<Integer> w : workers) {
            done += w.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        int after = openFileDescriptors();
        System.out.printf("%d open/bind/close cycles in %d threads: %.1f s (%.0f/s); open file descriptors before %d,"
                + " after %d%n", done, CYCLE_THREADS, seconds, done / seconds, before, after);
        assertEquals(CYCLES, done);
        assertEquals(before, after, "open file descriptors of the process before and after the cycles");
    }

    private static int openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count() - 1; // less the directory stream's own descriptor
        }
    }
}
