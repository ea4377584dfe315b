package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameReceiver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The default backend's scopes: per thread and the threads it starts, nested, closed from anywhere. */
class BackendScopeTest {
    /** A bus that is never attached to: only its identity matters here. */
    private static FrameBus bus(String name) {
        return new FrameBus() {
            @Override
            public FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> interfaces() {
                return List.of();
            }

            @Override
            public int mtu(String iface) {
                return -1;
            }

            @Override
            public String howToAddInterface() {
                return name;
            }
        };
    }

    private static Backend onOtherThread(boolean inherit) throws InterruptedException {
        AtomicReference<Backend> seen = new AtomicReference<>();
        Thread t = new Thread(null, () -> seen.set(Backend.byDefault()), "other", 0, inherit);
        t.start();
        t.join();
        return seen.get();
    }

    @Test
    void aScopeHoldsOnItsThreadAndTheThreadsItStartsOnly() throws Exception {
        Backend a = Backend.engine(bus("a"));
        assertEquals(Backend.kernel(), Backend.byDefault());
        try (Backend.Scope scope = Backend.useByDefault(a)) {
            assertSame(a, Backend.byDefault());
            assertSame(a, onOtherThread(true));                      // a thread it starts
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                assertSame(a, pool.submit(Backend::byDefault).get()); // a pool it creates
            } finally {
                pool.shutdown();
            }
            assertSame(a, CompletableFuture.supplyAsync(Backend::byDefault, r -> new Thread(r).start()).get());
            assertEquals(Backend.kernel(), onOtherThread(false));    // a thread that does not inherit: a shared pool's
        }
        assertEquals(Backend.kernel(), Backend.byDefault());
    }

    @Test
    void scopesNestAndAThreadStartedInAClosedScopeFallsBack() throws Exception {
        Backend a = Backend.engine(bus("a"));
        Backend b = Backend.engine(bus("b"));
        try (Backend.Scope outer = Backend.useByDefault(a)) {
            AtomicReference<Backend> seenLater = new AtomicReference<>();
            CountDownLatch go = new CountDownLatch(1);
            Backend.Scope inner = Backend.useByDefault(b);
            assertSame(b, Backend.byDefault());
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                seenLater.set(Backend.byDefault());
            });
            t.start();
            inner.close();                                           // closed while its child thread still runs
            inner.close();                                           // twice: nothing more
            assertSame(a, Backend.byDefault());
            go.countDown();
            t.join();
            assertSame(a, seenLater.get());                          // the child falls back to the outer scope
        }
        assertEquals(Backend.kernel(), Backend.byDefault());
    }

    @Test
    void aScopeClosedOnAnotherThreadNoLongerHolds() throws Exception {
        Backend a = Backend.engine(bus("a"));
        Backend.Scope scope = Backend.useByDefault(a);
        Thread closer = new Thread(scope::close);
        closer.start();
        closer.join();
        assertEquals(Backend.kernel(), Backend.byDefault());
        Backend b = Backend.engine(bus("b"));
        try (Backend.Scope again = Backend.useByDefault(b)) {
            assertSame(b, Backend.byDefault());
            assertSame(b, again.backend());
        }
        assertEquals(Backend.kernel(), Backend.byDefault());
    }
}
