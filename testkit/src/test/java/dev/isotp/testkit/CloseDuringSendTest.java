package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * close() from another thread ends a send that is under way on the engine (the virtual bus): the send ends with
 * SocketClosedException, the transfer stops. Prints how long close() took and when the sending thread was free;
 * asserts no time (docs/channels.md, "close() and a blocked send").
 */
class CloseDuringSendTest {
    @Test
    void closeEndsASendUnderWayOnTheEngine() throws Exception {
        StringBuilder report = new StringBuilder();
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
            for (int round = 1; round <= 3; round++) {
                // the receiver asks for 127 ms between consecutive frames: 4095 bytes take about 75 s
                try (IsoTpSocket receiver = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x6E2).txid(0x6EA)
                        .stmin(0x7F).backend(bus.backend()).build())) {
                    IsoTpSocket sender = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x6EA).txid(0x6E2)
                            .backend(bus.backend()).build());
                    CompletableFuture<Throwable> sent = CompletableFuture.supplyAsync(() -> {
                        try {
                            sender.send(new byte[4095]);
                            return null;
                        } catch (Throwable t) {
                            return t;
                        }
                    });
                    bus.frames().await(f -> f.id() == 0x6E2 && (f.frame().byteAt(0) & 0xF0) == 0x20, 3,
                            java.time.Duration.ofSeconds(20));
                    int framesBefore = bus.frames().withId(0x6E2).size();
                    long before = System.nanoTime();
                    sender.close();
                    long closeReturned = System.nanoTime();
                    Throwable outcome = sent.get(120, TimeUnit.SECONDS);
                    long woken = System.nanoTime();
                    Thread.sleep(500);
                    int framesAfter = bus.frames().withId(0x6E2).size() - framesBefore;
                    assertTrue(outcome instanceof SocketClosedException, "the send ended with " + outcome);
                    report.append(String.format("round %d: close() returned in %.3f ms, the send thread was free after "
                            + "%.3f ms, %d frames of the PDU on the bus in the 0.5 s after%n", round,
                            (closeReturned - before) / 1e6, (woken - before) / 1e6, framesAfter));
                }
                bus.frames().clear();
            }
        }
        System.out.print("engine: close() during a send of 4095 bytes at STmin 127 ms:\n" + report);
    }
}
