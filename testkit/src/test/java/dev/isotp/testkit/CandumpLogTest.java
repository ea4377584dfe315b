package dev.isotp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.spi.CanFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Captures in candump -l's format: written from the frame log, read back, replayed onto the bus. */
@ExtendWith(VirtualCanBusExtension.class)
class CandumpLogTest {
    private static final HexFormat HEX = HexFormat.of();
    /** A bench's capture as candump -l wrote it (11-bit ids; a request and a multi-frame answer with its flow control). */
    private static final String BENCH = String.join("\n",
            "(1700000000.100000) can0 7E0#0322F190",
            "(1700000000.110000) can0 7E8#101462F190314847",
            "(1700000000.111000) can0 7E0#300000",
            "(1700000000.112000) can0 7E8#21434D3832363333",
            "(1700000000.400000) can0 7E8#2241303034333532",
            "");

    @Test
    void theFrameLogWrittenAsCandumpWritesAndReadBack(VirtualCanBus bus, @TempDir Path dir) throws Exception {
        IsoTpConfig tester = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(5000).build();
        try (SimulatedEcu ecu = SimulatedEcu.mirroring(bus, tester).otherwise(r -> new byte[20]).start();
                IsoTpSocket socket = IsoTpSocket.open(tester)) {
            socket.send(HEX.parseHex("22F190"));
            socket.receive();
        }
        bus.inject("vcanfd0", new CanFrame(0x18DAF110 | CanFrame.EFF_FLAG, new byte[12], true, CanFrame.BRS));
        List<LoggedFrame> frames = bus.frames().await(f -> f.iface().equals("vcanfd0"), 1, Duration.ofSeconds(5));
        frames = bus.frames().all();
        Path file = dir.resolve("conversation.log");
        CandumpLog.write(frames, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(frames.size(), lines.size());
        assertTrue(lines.get(0).matches("\\(\\d{10}\\.\\d{6}\\) vcan0 7E0#0322F190"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("\\(\\d{10}\\.\\d{6}\\) vcanfd0 18DAF110##1000000000000000000000000"),
                lines.get(lines.size() - 1));
        List<LoggedFrame> back = CandumpLog.read(file);
        assertEquals(frames.size(), back.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(frames.get(i).toString(), back.get(i).toString());
            assertEquals(frames.get(i).frame(), back.get(i).frame());
            assertEquals(frames.get(i).epochNanos() / 1000, back.get(i).epochNanos() / 1000);
        }
    }

    @Test
    void aBenchCaptureReplayedAsFastAsPossibleReachesAChannel(VirtualCanBus bus) throws Exception {
        List<LoggedFrame> bench = CandumpLog.onInterface(CandumpLog.parse(BENCH), "vcan0");
        // a listener of the ECU's answers, as isotpsniff or a tester would be on the bench
        try (IsoTpSocket listener = IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0)
                .listenMode(true).receiveTimeoutMillis(5000).build())) {
            bus.replay(bench, false).get(5, TimeUnit.SECONDS);
            assertEquals("62f190314847434d383236333341303034333532", HEX.formatHex(listener.receive()));
        }
        assertEquals(5, bus.frames().total());
    }

    @Test
    void atItsOwnPaceTheReplayTakesTheRecordedTime(VirtualCanBus bus) throws Exception {
        List<LoggedFrame> bench = CandumpLog.onInterface(CandumpLog.parse(BENCH), "vcan0");
        long t0 = System.nanoTime();
        bus.replay(bench, true).get(10, TimeUnit.SECONDS);
        // each frame no earlier than its time in the log after the first (a late frame may shorten a gap)
        assertTrue(System.nanoTime() - t0 >= 300_000_000L);               // 0.1 s to 0.4 s in the log
        List<LoggedFrame> played = bus.frames().all();
        assertEquals(5, played.size());
        assertEquals(List.of("7E0#0322F190", "7E8#101462F190314847", "7E0#300000", "7E8#21434D3832363333",
                "7E8#2241303034333532"), played.stream().map(f -> f.frame().toString()).toList());
    }

    @Test
    void badLinesSayWhatIsWrongAndWhatIsAllowed(VirtualCanBus bus) {
        assertEquals("the log line 2 (can0 7E0#0322F190): not a candump -l line: a line has three fields: "
                        + "(seconds.microseconds) interface frame",
                assertThrows(IllegalArgumentException.class,
                        () -> CandumpLog.parse("(1.000000) can0 7E0#01\ncan0 7E0#0322F190")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CandumpLog.parse("(1.0) can0 7E0#R"))
                .getMessage().endsWith("a remote frame (R): ISO-TP carries none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CandumpLog.parse("(1.0) can0 7E0#0102030405060708090A"))
                .getMessage().endsWith("a classic frame carries 0-8 bytes, not 10 (CAN FD frames are ID##F...)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CandumpLog.parse("(1.0) can0 800#01"))
                .getMessage().endsWith("an 11-bit id is 000-7FF"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CandumpLog.parse("(1.0) can0 7E0#123"))
                .getMessage().endsWith("the data is pairs of hex digits without separators, e.g. 0322F190"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.replay(CandumpLog.parse(BENCH), false));
        assertTrue(e.getMessage().contains("which the bus does not have; it has [vcan0, vcanfd0]"), e.getMessage());
        assertEquals(0, bus.frames().total());                            // nothing played
        assertArrayEquals(new byte[0], CandumpLog.parse("(1.5) can0 123#").get(0).frame().data());
    }
}
