package dev.isotp.samples.uds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ChannelOverrides;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpChannels;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.NegativeResponseException;
import dev.isotp.TesterPresentException;
import dev.isotp.UdsTimeoutException;
import dev.isotp.UdsTiming;
import dev.isotp.testkit.LoggedFrame;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import dev.isotp.validation.Attribute;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each rule of a {@code @UdsChannel} on the virtual bus, the ECU played by the test on a socket of its own: the answer
 * that belongs to the request, response pending, busyRepeatRequest, negative responses, suppressed positive answers,
 * P2 from the session answer and the TesterPresent keep-alive. Times are bounded from below only.
 */
@ExtendWith(VirtualCanBusExtension.class)
class UdsChannelTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    private final ExecutorService caller = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        caller.shutdownNow();
    }

    private static IsoTpSocket ecu(VirtualCanBus bus) throws IOException {
        return IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E0).txid(0x7E8).backend(bus.backend()).build());
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] join(Future<byte[]> f) throws Exception {
        return f.get(LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Test
    void responsePendingIsWaitedOutAndTheFinalAnswerReturned(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            List<Integer> told = new CopyOnWriteArrayList<>();
            IsoTpChannels.onResponsePending(channel, (sid, count) -> told.add(sid << 8 | count));
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x90)));
            assertArrayEquals(bytes(0x22, 0xF1, 0x90), ecu.receive(LONG));
            ecu.send(bytes(0x7F, 0x22, 0x78));
            Thread.sleep(300); // past P2 (100 ms + 200 ms): only P2* keeps the request waiting
            ecu.send(bytes(0x7F, 0x22, 0x78));
            Thread.sleep(300);
            ecu.send(bytes(0x62, 0xF1, 0x90, 0x41, 0x42));
            assertArrayEquals(bytes(0x62, 0xF1, 0x90, 0x41, 0x42), join(answer));
            assertEquals(List.of(0x2201, 0x2202), told);
        }
    }

    @Test
    void anAsynchronousRequestWaitsOutResponsePendingWithoutAThread(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            CompletableFuture<byte[]> answer = channel.requestAsync(bytes(0x31, 0x01, 0xFF, 0x00));
            assertArrayEquals(bytes(0x31, 0x01, 0xFF, 0x00), ecu.receive(LONG));
            for (int i = 0; i < 3; i++) {
                ecu.send(bytes(0x7F, 0x31, 0x78));
                Thread.sleep(350);
            }
            assertTrue(!answer.isDone(), "a pending answer is never the answer");
            ecu.send(bytes(0x71, 0x01, 0xFF, 0x00, 0x00));
            assertArrayEquals(bytes(0x71, 0x01, 0xFF, 0x00, 0x00), answer.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void aPduThatDoesNotEchoTheRequestIsDroppedAndCounted(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x8C)));
            assertArrayEquals(bytes(0x22, 0xF1, 0x8C), ecu.receive(LONG));
            ecu.send(bytes(0x62, 0xF1, 0x90, 0x41)); // another DID: a late answer of an earlier request
            ecu.send(bytes(0x6E, 0xF1, 0x8C)); // another service
            ecu.send(bytes(0x62, 0xF1, 0x8C, 0x42));
            assertArrayEquals(bytes(0x62, 0xF1, 0x8C, 0x42), join(answer));
            assertEquals(2, IsoTpChannels.droppedPdus(channel));
        }
    }

    /** The second input: a late answer of a timed-out request comes during the next one. */
    @Test
    void aLateAnswerOfAnEarlierRequestIsNeverTheNextOnesAnswer(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> first = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x90), Duration.ofMillis(400)));
            assertArrayEquals(bytes(0x22, 0xF1, 0x90), ecu.receive(LONG));
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> join(first));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            Future<byte[]> second = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x8C)));
            assertArrayEquals(bytes(0x22, 0xF1, 0x8C), ecu.receive(LONG));
            ecu.send(bytes(0x62, 0xF1, 0x90, 0x01)); // the first request's answer, late
            ecu.send(bytes(0x62, 0xF1, 0x8C, 0x02));
            assertArrayEquals(bytes(0x62, 0xF1, 0x8C, 0x02), join(second));
            assertEquals(1, IsoTpChannels.droppedPdus(channel));
        }
    }

    @Test
    void aNegativeResponseIsThrownInIsoWords(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x90)));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x22, 0x31));
            NegativeResponseException e = assertInstanceOf(NegativeResponseException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(answer)).getCause());
            assertEquals(0x22, e.serviceId());
            assertEquals(0x31, e.responseCode());
            assertEquals("0x31 requestOutOfRange: the ECU refused 0x22 ReadDataByIdentifier F1 90 (vcan0, UdsTester)",
                    e.getMessage());
            // asynchronously too, as itself
            CompletableFuture<byte[]> async = channel.requestAsync(bytes(0x2E, 0xF1, 0x90, 0x01));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x2E, 0x33));
            CompletionException c = assertThrows(CompletionException.class, async::join);
            assertEquals("0x33 securityAccessDenied: the ECU refused 0x2E WriteDataByIdentifier F1 90 01 (vcan0, UdsTester)",
                    assertInstanceOf(NegativeResponseException.class, c.getCause()).getMessage());
        }
    }

    @Test
    void busyRepeatRequestSendsTheRequestAgainThenThrowsWhenTheRepeatsAreUsedUp(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x90)));
            ecu.receive(LONG);
            long refused = System.nanoTime();
            ecu.send(bytes(0x7F, 0x22, 0x21));
            assertArrayEquals(bytes(0x22, 0xF1, 0x90), ecu.receive(LONG), "the same request again");
            assertTrue(System.nanoTime() - refused >= 50_000_000L, "not before busyRepeatDelayMillis");
            ecu.send(bytes(0x62, 0xF1, 0x90, 0x07));
            assertArrayEquals(bytes(0x62, 0xF1, 0x90, 0x07), join(answer));

            CompletableFuture<byte[]> async = channel.requestAsync(bytes(0x22, 0xF1, 0x90));
            for (int i = 0; i <= 3; i++) { // the first refusal and 3 repeats (the default)
                assertArrayEquals(bytes(0x22, 0xF1, 0x90), ecu.receive(LONG));
                ecu.send(bytes(0x7F, 0x22, 0x21));
            }
            NegativeResponseException e = assertInstanceOf(NegativeResponseException.class,
                    assertThrows(CompletionException.class, async::join).getCause());
            assertEquals(0x21, e.responseCode());
        }
    }

    @Test
    void resourceTemporarilyNotAvailableIsFinal(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x31, 0x01, 0x02, 0x03)));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x31, 0x94));
            NegativeResponseException e = assertInstanceOf(NegativeResponseException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(answer)).getCause());
            assertEquals(0x94, e.responseCode());
            assertTrue(ecu.receiveQueued().isEmpty(), "not repeated");
        }
    }

    @Test
    void pendingAnswersAreBoundedByP2StarAndTheTimeoutSaysHowManyCame(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            long start = System.nanoTime();
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x31, 0x01, 0xFF, 0x00)));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x31, 0x78));
            UdsTimeoutException e = assertInstanceOf(UdsTimeoutException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(answer)).getCause());
            assertEquals(1, e.pendingAnswers());
            assertTrue(System.nanoTime() - start >= 1_000_000_000L, "P2* 800 ms + 200 ms after the pending answer");
            assertTrue(e.getMessage().startsWith("no final answer to 0x31 RoutineControl 01 FF 00 on vcan0 within 1000 ms"
                    + " (P2* 800 ms and 200 ms for its transfer) after the last of 1 response-pending answers"),
                    e.getMessage());
        }
    }

    @Test
    void maxPendingAnswersBoundsTheirCount(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus);
                UdsTester channel = new IsoTp_UdsTester(ChannelOverrides.of(b -> b.maxPendingAnswers(2)))) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x31, 0x01, 0xFF, 0x00)));
            ecu.receive(LONG);
            for (int i = 0; i < 3; i++) {
                ecu.send(bytes(0x7F, 0x31, 0x78));
            }
            UdsTimeoutException e = assertInstanceOf(UdsTimeoutException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(answer)).getCause());
            assertEquals(3, e.pendingAnswers());
            assertTrue(e.getMessage().contains("with more than maxPendingAnswers 2 response-pending answers"),
                    e.getMessage());
        }
    }

    @Test
    void theRequestTimeoutCapsTheWholeCallPendingAnswersIncluded(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            Future<byte[]> answer = caller.submit(() -> channel.request(bytes(0x31, 0x01, 0xFF, 0x00),
                    Duration.ofMillis(1500)));
            ecu.receive(LONG);
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) { // every 400 ms, well within P2*: only the cap ends the call
                ecu.send(bytes(0x7F, 0x31, 0x78));
                Thread.sleep(400);
                if (i > 1 && ecu.receiveQueued().isPresent()) {
                    break;
                }
            }
            UdsTimeoutException e = assertInstanceOf(UdsTimeoutException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(answer)).getCause());
            assertTrue(e.pendingAnswers() >= 3, e::getMessage);
            assertTrue(e.getMessage().startsWith("no final answer to 0x31 RoutineControl 01 FF 00 on vcan0 within the"
                    + " request timeout of 1500 ms"), e.getMessage());
            assertTrue(System.nanoTime() - start >= 1_400_000_000L);
        }
    }

    @Test
    void aSuppressedPositiveAnswerReturnsEmptyAfterP2AndANegativeOneStillThrows(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            long start = System.nanoTime();
            assertArrayEquals(new byte[0], channel.request(bytes(0x3E, 0x80)));
            assertTrue(System.nanoTime() - start >= 300_000_000L, "P2 100 ms + 200 ms");
            assertArrayEquals(bytes(0x3E, 0x80), ecu.receive(LONG));

            Future<byte[]> refused = caller.submit(() -> channel.request(bytes(0x31, 0x81, 0x02, 0x03)));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x31, 0x22));
            assertInstanceOf(NegativeResponseException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> join(refused)).getCause());

            Future<byte[]> pending = caller.submit(() -> channel.request(bytes(0x31, 0x81, 0x02, 0x03)));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x31, 0x78));
            ecu.send(bytes(0x71, 0x01, 0x02, 0x03));
            assertArrayEquals(bytes(0x71, 0x01, 0x02, 0x03), join(pending), "after a 78 the final answer is returned");

            // a service the channel declares to have a sub-function (subFunctionServices = 0xBA)
            assertArrayEquals(new byte[0], channel.request(bytes(0xBA, 0x81)));
            assertArrayEquals(bytes(0xBA, 0x81), ecu.receive(LONG));
            Future<byte[]> declared = caller.submit(() -> channel.request(bytes(0xBA, 0x01)));
            ecu.receive(LONG);
            ecu.send(bytes(0xFA, 0x81, 0x07)); // echoes bits 0-6 of the sub-function only
            assertArrayEquals(bytes(0xFA, 0x81, 0x07), join(declared));

            // 22 F1 90: byte 2 has bit 7 set, but ReadDataByIdentifier has no sub-function
            Future<byte[]> read = caller.submit(() -> channel.request(bytes(0x22, 0xF1, 0x90)));
            ecu.receive(LONG);
            ecu.send(bytes(0x62, 0xF1, 0x90, 0x55));
            assertArrayEquals(bytes(0x62, 0xF1, 0x90, 0x55), join(read));
        }
    }

    private static List<Long> testerPresentTimes(VirtualCanBus bus) {
        return bus.frames().matching(f -> f.id() == 0x7E0 && f.frame().length() >= 3
                && f.frame().data()[1] == 0x3E && f.frame().data()[2] == (byte) 0x80)
                .stream().map(LoggedFrame::nanos).collect(Collectors.toList());
    }

    @Test
    void aSessionAnswerSetsP2AndStartsTesterPresentUntilTheEcuResets(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            assertEquals(0x01, IsoTpChannels.udsSession(channel));
            Future<byte[]> session = caller.submit(() -> channel.request(bytes(0x10, 0x03)));
            ecu.receive(LONG);
            ecu.send(bytes(0x50, 0x03, 0x00, 0x32, 0x01, 0xF4));
            join(session);
            assertEquals(0x03, IsoTpChannels.udsSession(channel));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(bytes(0x3E, 0x80), ecu.receive(LONG));
            }
            List<Long> times = testerPresentTimes(bus);
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i) - times.get(i - 1) >= 400_000_000L, "spaced by testerPresentMillis: " + times);
            }
            Future<byte[]> reset = caller.submit(() -> channel.request(bytes(0x11, 0x01)));
            byte[] got;
            do {
                got = ecu.receive(LONG);
            } while (got[0] == 0x3E);
            ecu.send(bytes(0x51, 0x01));
            join(reset);
            assertEquals(0x01, IsoTpChannels.udsSession(channel));
            int before = testerPresentTimes(bus).size();
            Thread.sleep(1000);
            assertEquals(before, testerPresentTimes(bus).size(), "no TesterPresent in the default session");
        }
    }

    @Test
    void aSuppressedSessionRequestThatDrewNoNegativeAnswerEntersTheSession(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            assertArrayEquals(new byte[0], channel.request(bytes(0x10, 0x83)));
            assertEquals(0x03, IsoTpChannels.udsSession(channel));
            assertArrayEquals(bytes(0x10, 0x83), ecu.receive(LONG));
            assertArrayEquals(bytes(0x3E, 0x80), ecu.receive(LONG));
        }
    }

    @Test
    void aFailedTesterPresentIsThrownByTheNextCallBeforeItSends(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            channel.request(bytes(0x10, 0x83));
            bus.removeInterface("vcan0");
            Thread.sleep(1200); // a few TesterPresent intervals
            bus.addInterface("vcan0");
            TesterPresentException e = assertThrows(TesterPresentException.class,
                    () -> channel.request(bytes(0x22, 0xF1, 0x90)));
            assertTrue(e.getMessage().startsWith("TesterPresent (3E 80) keeping session 0x03 could not be sent on vcan0"
                    + " (UdsTester)"), e.getMessage());
            assertEquals(0x01, IsoTpChannels.udsSession(channel));
        }
    }

    @Test
    void aCallsOwnTimingReplacesTheChannelsP2Star(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = ecu(bus); UdsTester channel = new IsoTp_UdsTester()) {
            // the channel waits P2* 800 ms + 200 ms; this call 2500 ms + 200 ms
            UdsTiming longer = UdsTiming.of(Duration.ofMillis(100), Duration.ofMillis(2500), Duration.ofSeconds(20));
            Future<byte[]> erased = caller.submit(() -> channel.erase(bytes(0x31, 0x01, 0xFF, 0x00), longer));
            ecu.receive(LONG);
            ecu.send(bytes(0x7F, 0x31, 0x78));
            Thread.sleep(1200);
            ecu.send(bytes(0x71, 0x01, 0xFF, 0x00));
            assertArrayEquals(bytes(0x71, 0x01, 0xFF, 0x00), join(erased));
        }
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> UdsTiming.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertEquals("p2Millis 0 is out of range: use 1-65535 ms (P2server_max, a 16-bit count of 1 ms in ISO 14229)",
                e.getMessage());
    }

    @Test
    void udsSettingsAreAttributesOverridableAtRunTimeAndRefusedOnAPlainChannel() {
        IsoTpConfig config = IsoTp_UdsTester.CONFIG;
        assertTrue(config.uds());
        assertEquals(800, config.udsSetting(Attribute.P2_STAR_MILLIS));
        assertEquals(10_000, ChannelOverrides.of(b -> b.p2StarMillis(10_000)).applyTo(config)
                .udsSetting(Attribute.P2_STAR_MILLIS));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ChannelOverrides.of(b -> b.p2StarMillis(10_000)).applyTo(
                        IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).build()));
        assertTrue(e.getMessage().contains("p2StarMillis 10000 is a UDS setting, but the channel does not speak UDS"),
                e.getMessage());
    }
}
