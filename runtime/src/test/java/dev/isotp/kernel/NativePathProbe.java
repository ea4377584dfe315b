package dev.isotp.kernel;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.PduTooLargeException;
import dev.isotp.SocketClosedException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link NativePathsTest}: every call of the send and receive path once through the native path
 * this JVM's system properties chose, on vcan0. Prints that path ({@code binding: ...}), how many sockets waited in
 * epoll_wait(2) ({@code epoll waiters: N}) and {@code OK} at the end; anything that goes wrong ends it with an
 * exception (exit code 1).
 *
 * <p>Usage: {@code NativePathProbe RXID_HEX} (the socket pair uses RXID and RXID + 1).
 */
public final class NativePathProbe {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NativePathProbe() {
    }

    public static void main(String[] args) throws Exception {
        int id = Integer.parseInt(args[0], 16);
        System.out.println("binding: " + KernelSocket.bindingDescription());
        System.out.println("thread signal: " + ThreadSignal.available());
        try (IsoTpSocket a = IsoTpSocket.open(config(id + 1, id));
                IsoTpSocket b = IsoTpSocket.open(config(id, id + 1))) {
            // queued PDUs, direct buffers reused (send, and one recvmsg into the room with the spill area)
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(100);
            for (int i = 0; i < 100; i++) {
                byte[] pdu = payload(7, i);
                out.clear().put(pdu).flip();
                a.send(out);
                in.clear();
                check(b.receive(in, WAIT) == 7, "a 7-byte PDU");
                check(Arrays.equals(pdu, bytes(in.flip())), "the 7 bytes sent");
            }
            // byte[] both ways, and a PDU larger than the room: held whole for the next receive
            byte[] large = payload(300, 1);
            a.send(large);
            in.clear();
            try {
                b.receive(in, WAIT);
                throw new AssertionError("a 300-byte PDU fitted a 100-byte room");
            } catch (PduTooLargeException expected) {
                // stays for the next receive
            }
            check(Arrays.equals(large, b.receive(WAIT)), "the held PDU, whole");
            // nothing comes: the timeout (EAGAIN through whatever carries errno on this path)
            long start = System.nanoTime();
            try {
                b.receive(Duration.ofMillis(200));
                throw new AssertionError("a PDU came from nowhere");
            } catch (SocketTimeoutException expected) {
                check(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190), "the timeout was waited out");
            }
            // a receive that waits for its PDU (on a platform thread: in recvmsg, or in epoll_wait)
            byte[] later = payload(20, 2);
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                sleep(200);
                try {
                    a.send(later);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            check(Arrays.equals(later, b.receive(WAIT)), "the PDU waited for");
            send.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            // a virtual thread's wait (JDK 21+): parked on the poller
            CompletableFuture<byte[]> got = new CompletableFuture<>();
            boolean virtual = startVirtual(() -> {
                try {
                    got.complete(b.receive(WAIT));
                } catch (Throwable t) {
                    got.completeExceptionally(t);
                }
            });
            if (virtual) {
                sleep(200);
                a.send(later);
                check(Arrays.equals(later, got.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)), "the PDU a virtual thread waited for");
            }
        }
        // close() frees a receive that waits
        IsoTpSocket c = IsoTpSocket.open(config(id, id + 1));
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                c.receive(WAIT);
                return new AssertionError("a PDU came from nowhere");
            } catch (Throwable t) {
                return t;
            }
        });
        sleep(300);
        c.close();
        Throwable ended = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        check(ended instanceof SocketClosedException, "close() ended the waiting receive, not " + ended);
        System.out.println("epoll waiters: " + KernelSocket.epollWaiters());
        System.out.println("OK");
        System.exit(0); // the poller's and the pool's threads are daemons, but do not wait for them
    }

    private static IsoTpConfig config(int rxid, int txid) {
        return IsoTpConfig.builder().iface("vcan0").rxid(rxid).txid(txid)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).build();
    }

    private static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("not as expected: " + what);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thread.startVirtualThread on JDK 21+; false before (nothing started). */
    private static boolean startVirtual(Runnable task) throws Exception {
        try {
            Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
