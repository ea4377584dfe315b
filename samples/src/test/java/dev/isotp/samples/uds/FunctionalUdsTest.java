package dev.isotp.samples.uds;

import static dev.isotp.samples.uds.UdsChannelTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpChannels;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A functional request of a UDS channel: each responder judged on its own (one pending then final, one negative, one
 * silent, one sending another request's answer first), a pending answer extending that responder's wait past the
 * window, and TesterPresent sent functionally once a responder entered a non-default session.
 */
@ExtendWith(VirtualCanBusExtension.class)
class FunctionalUdsTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    /** One ECU: receives on its physical id, answers on its own. */
    private static IsoTpSocket ecu(VirtualCanBus bus, int rxid, int txid) throws IOException {
        return IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(rxid).txid(txid).backend(bus.backend()).build());
    }

    private static CompletableFuture<Map<Integer, byte[]>> ask(FunctionalUds channel, byte[] request, Duration window) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return channel.ask(request, window);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void eachResponderIsJudgedOnItsOwnAndAPendingOneMayAnswerAfterTheWindow(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket e8 = ecu(bus, 0x7E0, 0x7E8); IsoTpSocket e9 = ecu(bus, 0x7E1, 0x7E9);
                FunctionalUds channel = new IsoTp_FunctionalUds()) {
            long start = System.nanoTime();
            CompletableFuture<Map<Integer, byte[]>> asked = ask(channel, bytes(0x31, 0x01, 0xFF, 0x00),
                    Duration.ofMillis(300));
            bus.frames().await(f -> f.id() == 0x7DF, 1, LONG);
            e8.send(bytes(0x7F, 0x31, 0x78));                  // working on it
            e9.send(bytes(0x62, 0xF1, 0x90, 0x01));            // not an answer to this request
            e9.send(bytes(0x7F, 0x31, 0x22));                  // conditionsNotCorrect: its answer
            Thread.sleep(600);                                 // past the window, inside P2* (800 + 200 ms)
            e8.send(bytes(0x71, 0x01, 0xFF, 0x00, 0x00));
            Map<Integer, byte[]> answers = asked.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(List.of(0x7E8, 0x7E9), new ArrayList<>(answers.keySet()), "0x7EA stayed silent: absent");
            assertArrayEquals(bytes(0x71, 0x01, 0xFF, 0x00, 0x00), answers.get(0x7E8));
            assertArrayEquals(bytes(0x7F, 0x31, 0x22), answers.get(0x7E9), "a negative answer is that ECU's answer");
            assertEquals(1, IsoTpChannels.droppedPdus(channel));
            assertTrue(System.nanoTime() - start >= 600_000_000L);
        }
    }

    @Test
    void aSessionAnswerStartsTesterPresentOnTheFunctionalId(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket e8 = ecu(bus, 0x7E0, 0x7E8); FunctionalUds channel = new IsoTp_FunctionalUds()) {
            CompletableFuture<Map<Integer, byte[]>> asked = ask(channel, bytes(0x10, 0x03), Duration.ofMillis(300));
            bus.frames().await(f -> f.id() == 0x7DF, 1, LONG);
            e8.send(bytes(0x50, 0x03, 0x00, 0x32, 0x01, 0xF4));
            assertEquals(1, asked.get(LONG.toMillis(), TimeUnit.MILLISECONDS).size());
            assertEquals(0x03, IsoTpChannels.udsSession(channel));
            bus.frames().await(f -> f.id() == 0x7DF && f.frame().data()[1] == 0x3E, 2, LONG);
            assertEquals("7DF#023E80", bus.frames().matching(f -> f.id() == 0x7DF).get(1).frame().toString());
        }
    }
}
