package dev.isotp.samples.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.IsoTpChannels;
import dev.isotp.spi.CanFrame;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A functional request where one responder breaks off its answer (first frame, flow control, one consecutive frame,
 * then nothing): the answers of the others, one before it and one after it, are returned; the broken one is absent,
 * counted and logged, not thrown. The engine on the virtual bus; the ECUs are played frame by frame.
 */
@ExtendWith(VirtualCanBusExtension.class)
class BrokenResponderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static CanFrame frame(int id, int... data) {
        byte[] d = new byte[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) data[i];
        }
        return CanFrame.classic(id, d);
    }

    @Test
    void aResponderThatBreaksOffIsAbsentAndTheOthersAnswersAreReturned(VirtualCanBus bus) throws Exception {
        try (Obd obd = IsoTpChannels.open(Obd.class)) {
            CompletableFuture<Map<Integer, byte[]>> asked = CompletableFuture.supplyAsync(() -> {
                try {
                    return obd.ask(new byte[] {0x01, 0x00}, Duration.ofMillis(2500));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            bus.frames().await(f -> f.id() == 0x7DF, 1, WAIT);
            bus.inject("vcan0", frame(0x7E8, 0x03, 0x41, 0x00, 0xE8));
            // 0x7E9: a first frame of 20 bytes, the flow control, one consecutive frame, then silence
            bus.inject("vcan0", frame(0x7E9, 0x10, 0x14, 0x41, 0x00, 1, 2, 3, 4));
            bus.frames().await(f -> f.id() == 0x7E1, 1, WAIT);
            bus.inject("vcan0", frame(0x7E9, 0x21, 5, 6, 7, 8, 9, 10, 11));
            // 0x7EA: a whole multi-frame answer of 10 bytes
            bus.inject("vcan0", frame(0x7EA, 0x10, 0x0A, 0x41, 0x00, 1, 2, 3, 4));
            bus.frames().await(f -> f.id() == 0x7E2, 1, WAIT);
            bus.inject("vcan0", frame(0x7EA, 0x21, 5, 6, 7, 8));
            Map<Integer, byte[]> answers = asked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(List.of(0x7E8, 0x7EA), new ArrayList<>(answers.keySet()));
            assertArrayEquals(new byte[] {0x41, 0x00, (byte) 0xE8}, answers.get(0x7E8));
            assertArrayEquals(new byte[] {0x41, 0x00, 1, 2, 3, 4, 5, 6, 7, 8}, answers.get(0x7EA));
            assertEquals(1, IsoTpChannels.droppedPdus(obd), "the broken answer is counted");
        }
    }
}
