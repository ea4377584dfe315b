package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import dev.isotp.kernel.KernelSocket;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread waiting in receive parks and leaves its carrier free (JDK 21+): with every carrier's worth of
 * virtual threads (twice the scheduler's parallelism) in {@code receive(5 s)}, one more trivial virtual thread runs
 * while they all still wait; close() then ends each receive with SocketClosedException. On JDK 17-20, where there
 * are no virtual threads, platform threads wait the same way and close() ends them the same way. And the native
 * binding is the one the JDK calls for: FFM on 22+, JNA before.
 */
@Tag("kernel")
class VirtualThreadsTest {
    private static final Duration RECEIVE = Duration.ofSeconds(5);

    @Test
    void theBindingIsFfmOnJdk22AndJnaBefore() {
        int feature = Runtime.version().feature();
        assertEquals(feature >= 22 ? "ffm" : "jna", KernelSocket.bindingName(), "the native binding on JDK " + feature);
    }

    @Test
    void receivesWaitingOnVirtualThreadsLeaveTheCarriersFree() throws Exception {
        int parallelism = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        int waiters = 2 * parallelism;
        Method newVirtualExecutor = virtualExecutorFactory();
        ExecutorService pool = newVirtualExecutor != null ? (ExecutorService) newVirtualExecutor.invoke(null)
                : Executors.newCachedThreadPool();
        List<IsoTpSocket> sockets = new ArrayList<>();
        List<CompletableFuture<Throwable>> receives = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(waiters);
        try {
            for (int i = 0; i < waiters; i++) {
                // each listens on an id nothing sends on
                sockets.add(IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x5A0 + i).txid(0x5C0 + i).build()));
            }
            long start = System.nanoTime();
            for (IsoTpSocket s : sockets) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                receives.add(outcome);
                pool.execute(() -> {
                    started.countDown();
                    try {
                        s.receive(RECEIVE);
                        outcome.complete(null);
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                });
            }
            assertTrue(started.await(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS), "every receiver started");
            CompletableFuture<Long> trivial = new CompletableFuture<>();
            pool.execute(() -> trivial.complete(System.nanoTime()));
            long ranAt = trivial.get(2 * RECEIVE.toMillis(), TimeUnit.MILLISECONDS);
            long pending = receives.stream().filter(f -> !f.isDone()).count();
            System.out.printf("%s, parallelism %d: %d receivers waiting, a trivial task ran %.1f ms after they began;"
                    + " %d still waiting then%n", newVirtualExecutor != null ? "virtual threads" : "platform threads",
                    parallelism, waiters, (ranAt - start) / 1e6, pending);
            if (newVirtualExecutor != null) {
                for (CompletableFuture<Throwable> r : receives) {
                    assertFalse(r.isDone() && !(r.getNow(null) instanceof SocketTimeoutException),
                            "a receive ended early with " + r.getNow(null));
                }
                assertEquals(waiters, pending, "the trivial task ran while every receive still waited (none pinned its carrier)");
            }
            long closedAt = System.nanoTime();
            sockets.forEach(IsoTpSocket::close);
            for (CompletableFuture<Throwable> r : receives) {
                Throwable t = r.get(Kernel.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                assertTrue(t instanceof SocketClosedException, "close() ends the receive, which ended with " + t);
            }
            System.out.printf("close() ended all %d receives within %.1f ms%n", waiters, (System.nanoTime() - closedAt) / 1e6);
        } finally {
            sockets.forEach(IsoTpSocket::close);
            pool.shutdownNow();
        }
    }

    /** Executors.newVirtualThreadPerTaskExecutor on JDK 21+, null before (the test compiles for release 17). */
    private static Method virtualExecutorFactory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
