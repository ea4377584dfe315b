package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Backend;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpException;
import dev.isotp.IsoTpSocket;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import dev.isotp.spi.FrameReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No error is lost on the engine's own threads: what a timer task or a frame's delivery meets reaches the send that
 * waits for it, or, when no call waits, is logged on {@code dev.isotp.channel}, counted by the socket and reported
 * to the bus ({@code FrameBus.reportError}). The faults are a frame bus that throws (a broken adapter) and a
 * readiness callback that throws; the bus under them is the test kit's virtual bus. And each bus has timers of its
 * own, which end with its last channel.
 */
class UnclaimedErrorsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("dev.isotp.channel");
    private VirtualCanBus bus;

    @BeforeEach
    void attachLog() {
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        bus = VirtualCanBus.create().addInterface("vcan0");
    }

    @AfterEach
    void detachLog() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(true);
        bus.close();
    }

    /** The virtual bus, seen through a node whose link throws on the frames {@code breaks} picks. */
    static final class BreakingBus implements FrameBus {
        final VirtualCanBus bus;
        final Predicate<CanFrame> breaks;
        final List<String> reported = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> reportedErrors = Collections.synchronizedList(new ArrayList<>());
        final Set<Thread> sendingThreads = Collections.synchronizedSet(new HashSet<>());

        BreakingBus(VirtualCanBus bus, Predicate<CanFrame> breaks) {
            this.bus = bus;
            this.breaks = breaks;
        }

        @Override
        public FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException {
            FrameLink link = bus.attach(iface, canFd, receiver);
            return new FrameLink() {
                @Override
                public int ifindex() {
                    return link.ifindex();
                }

                @Override
                public void send(CanFrame frame) throws FrameLinkException {
                    sendingThreads.add(Thread.currentThread());
                    if (breaks.test(frame)) {
                        throw new IllegalStateException("the adapter broke sending " + frame);
                    }
                    link.send(frame);
                }

                @Override
                public void close() {
                    link.close();
                }
            };
        }

        @Override
        public List<String> interfaces() {
            return bus.interfaces();
        }

        @Override
        public int mtu(String iface) {
            return bus.mtu(iface);
        }

        @Override
        public String howToAddInterface() {
            return bus.howToAddInterface();
        }

        @Override
        public void reportError(String where, Throwable error) {
            reported.add(where);
            reportedErrors.add(error);
        }
    }

    private static IsoTpConfig tester(Backend backend, boolean waitTxDone) {
        return IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).waitTxDone(waitTxDone).backend(backend).build();
    }

    /** The ECU's side, on the plain virtual bus: asks for 5 ms between consecutive frames, so a timer sends them. */
    private IsoTpSocket ecu() throws IOException {
        return IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E0).txid(0x7E8).stmin(5)
                .backend(bus.backend()).build());
    }

    private static boolean secondConsecutiveFrame(CanFrame f) {
        return f.byteAt(0) == 0x22;
    }

    private static void awaitCount(IsoTpSocket socket, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (socket.unclaimedErrors() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, socket.unclaimedErrors());
    }

    @Test
    void aTimerTaskThatMeetsABrokenBusFailsTheSendWaitingForIt() throws Exception {
        BreakingBus broken = new BreakingBus(bus, UnclaimedErrorsTest::secondConsecutiveFrame);
        try (IsoTpSocket ecu = ecu(); IsoTpSocket tester = IsoTpSocket.open(tester(Backend.engine(broken), true))) {
            IsoTpException e = assertThrows(IsoTpException.class, () -> tester.send(new byte[40]));
            // the adapter's own exception, from the timer thread that sent the second consecutive frame
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains("the frame bus failed"), e.getMessage());
            assertEquals(0, tester.unclaimedErrors());
            assertTrue(broken.reported.isEmpty(), broken.reported.toString());
            // the transfer ended: the next send starts at once, and this one arrives whole
            BreakingBus fixed = broken;
            byte[] short7 = {1, 2, 3, 4, 5, 6, 7};
            tester.send(short7);
            assertArrayEquals(short7, ecu.receive(WAIT));
            assertTrue(fixed.reported.isEmpty());
        }
    }

    @Test
    void aTimerTaskThatMeetsABrokenBusWithNoSendWaitingIsLoggedCountedAndReported() throws Exception {
        BreakingBus broken = new BreakingBus(bus, UnclaimedErrorsTest::secondConsecutiveFrame);
        try (IsoTpSocket ecu = ecu(); IsoTpSocket tester = IsoTpSocket.open(tester(Backend.engine(broken), false))) {
            tester.send(new byte[40]); // returns once the first frame is out
            awaitCount(tester, 1);
            assertEquals(List.of("consecutive frame of vcan0 0x7E0->0x7E8"), broken.reported);
            assertTrue(broken.reportedErrors.get(0) instanceof IllegalStateException);
            LogRecord record = logged.stream().filter(r -> r.getThrown() == broken.reportedErrors.get(0)).findFirst()
                    .orElseThrow(() -> new AssertionError("not logged: " + logged));
            assertEquals(Level.SEVERE, record.getLevel());
            assertTrue(record.getMessage().contains("consecutive frame of vcan0 0x7E0->0x7E8 failed and no call was waiting"),
                    record.getMessage());
            // the transfer was ended at once, not left to the 2 s echo timer: the next send is not refused
            tester.send(new byte[] {0x3E, 0x00});
            assertArrayEquals(new byte[] {0x3E, 0x00}, ecu.receive(WAIT));
        }
    }

    @Test
    void aFlowControlTheBusCannotSendOnTheDeliveryThreadIsReported() throws Exception {
        BreakingBus broken = new BreakingBus(bus, f -> (f.byteAt(0) & 0xF0) == 0x30);
        try (IsoTpSocket ecu = ecu(); IsoTpSocket tester = IsoTpSocket.open(tester(Backend.engine(broken), true))) {
            CountDownLatch peerFailed = new CountDownLatch(1);
            Thread peer = new Thread(() -> {
                try {
                    ecu.send(new byte[30]);
                } catch (IOException expected) {
                    peerFailed.countDown(); // no flow control came
                }
            });
            peer.start();
            awaitCount(tester, 1);
            assertEquals(List.of("flow control of vcan0 0x7E0->0x7E8"), broken.reported);
            // as the kernel after a lost flow control: the reception runs out (N_Cr) and the receive says so
            assertThrows(ConsecutiveFrameTimeoutException.class, () -> tester.receive(WAIT));
            assertTrue(peerFailed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            peer.join();
        }
    }

    @Test
    void aReadinessCallbackThatThrowsOnTheDeliveryThreadIsReported() throws Exception {
        BreakingBus watched = new BreakingBus(bus, f -> false);
        try (IsoTpSocket ecu = ecu(); IsoTpSocket tester = IsoTpSocket.open(tester(Backend.engine(watched), true))) {
            RuntimeException thrown = new IllegalArgumentException("a callback's bug");
            tester.armReadable(() -> {
                throw thrown;
            });
            ecu.send(new byte[] {0x50, 0x01});
            awaitCount(tester, 1);
            assertEquals(List.of("readiness callback of vcan0 0x7E0->0x7E8"), watched.reported);
            assertSame(thrown, watched.reportedErrors.get(0));
            // the PDU is still there for a receive
            assertArrayEquals(new byte[] {0x50, 0x01}, tester.receive(WAIT));
        }
    }

    @Test
    void eachBusHasTimersOfItsOwnThatEndWithItsLastChannel() throws Exception {
        try (VirtualCanBus other = VirtualCanBus.create().addInterface("vcan0")) {
            BreakingBus a = new BreakingBus(bus, f -> false);
            BreakingBus b = new BreakingBus(other, f -> false);
            AtomicInteger received = new AtomicInteger();
            try (IsoTpSocket ecuB = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E0).txid(0x7E8).stmin(5)
                    .backend(other.backend()).build());
                    IsoTpSocket testerB = IsoTpSocket.open(tester(Backend.engine(b), true))) {
                try (IsoTpSocket ecuA = ecu(); IsoTpSocket testerA = IsoTpSocket.open(tester(Backend.engine(a), true))) {
                    for (int i = 0; i < 3; i++) {
                        testerA.send(new byte[40]);
                        testerB.send(new byte[40]);
                        ecuA.receive(WAIT);
                        ecuB.receive(WAIT);
                        received.addAndGet(2);
                    }
                }
                Set<Thread> timersA = timerThreads(a);
                Set<Thread> timersB = timerThreads(b);
                assertFalse(timersA.isEmpty(), "consecutive frames at STmin 5 ms are sent by timers");
                assertFalse(timersB.isEmpty());
                for (Thread t : timersA) {
                    assertFalse(timersB.contains(t), t + " serves both buses");
                    t.join(WAIT.toMillis());
                    assertFalse(t.isAlive(), t + " outlived the last channel of its bus");
                }
                // the other bus's channels still run on theirs
                testerB.send(new byte[40]);
                ecuB.receive(WAIT);
                assertTrue(timersB.stream().allMatch(Thread::isAlive) || !timerThreads(b).isEmpty());
            }
            assertEquals(6, received.get());
        }
    }

    private static Set<Thread> timerThreads(BreakingBus bus) {
        Set<Thread> threads = new HashSet<>();
        synchronized (bus.sendingThreads) {
            for (Thread t : bus.sendingThreads) {
                if (t.getName().startsWith("isotp-engine-timer")) {
                    threads.add(t);
                }
            }
        }
        return threads;
    }
}
