package dev.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * The poller's table of waiters under concurrent arming while it grows: every waiter armed stays findable. Runs on
 * the host (epoll and eventfd need no CAN).
 */
class PollerTest {
    private static final int THREADS = 8;
    private static final int DESCRIPTORS = 3000; // past two doublings of the first table (1024)

    @Test
    void noWaiterIsLostWhileTheTableGrows() throws Exception {
        NativeBinding c = NativeBinding.get();
        for (int round = 0; round < 10; round++) {
            int epfd = c.epollCreate();
            assertTrue(epfd >= 0, "epoll_create: " + Errno.nameOf(-epfd));
            int[] fds = new int[DESCRIPTORS];
            try {
                for (int i = 0; i < fds.length; i++) {
                    fds[i] = c.eventfd(0, KernelAbi.EFD_CLOEXEC | KernelAbi.EFD_NONBLOCK);
                    assertTrue(fds[i] >= 0, "eventfd " + i + ": " + Errno.nameOf(-fds[i]));
                }
                Poller poller = new Poller(c, epfd, false);
                Thread[] armedBy = new Thread[fds.length];
                CyclicBarrier go = new CyclicBarrier(THREADS);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    Thread thread = new Thread(() -> {
                        ByteBuffer event = Structs.allocate(KernelAbi.EPOLL_EVENT_SIZE);
                        try {
                            go.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        // interleaved, ascending: the threads cross each growth of the table together
                        for (int i = first; i < fds.length; i += THREADS) {
                            armedBy[i] = Thread.currentThread();
                            int r = poller.arm(fds[i], Thread.currentThread(), false, event);
                            if (r != 0) {
                                throw new IllegalStateException("epoll_ctl: " + Errno.nameOf(-r));
                            }
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                int lost = 0;
                for (int i = 0; i < fds.length; i++) {
                    if (poller.waiterOf(fds[i]) != armedBy[i]) {
                        lost++;
                    }
                }
                assertEquals(0, lost, "waiters lost in round " + round + " of " + fds.length + " armed");
            } finally {
                for (int fd : fds) {
                    if (fd > 0) {
                        c.close(fd);
                    }
                }
                c.close(epfd);
            }
        }
    }
}
