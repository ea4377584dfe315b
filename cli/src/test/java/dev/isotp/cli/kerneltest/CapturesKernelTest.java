package dev.isotp.cli.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.cli.ExitCodes;
import dev.isotp.testkit.CandumpLog;
import dev.isotp.testkit.LoggedFrame;
import dev.isotp.testkit.ScriptedEcu;
import dev.isotp.testkit.VirtualCanBus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures against can-utils: a log candump wrote of a kernel conversation reassembles through the test kit into the
 * PDUs isotp sniff printed live; a log the test kit wrote plays on vcan0 through canplayer into isotprecv.
 */
@Tag("kernel")
class CapturesKernelTest {
    private static final long WAIT_MILLIS = 20_000;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process start(Path out, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("stdbuf", "-oL"));
        line.addAll(List.of(command));
        ProcessBuilder b = new ProcessBuilder(line);
        if (out != null) {
            b.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            b.redirectErrorStream(true);
        }
        Process p = b.start();
        processes.add(p);
        return p;
    }

    private static String output(Process p) throws Exception {
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "did not end: " + p.info().commandLine().orElse(""));
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Waits until a /proc/net/can receive list has {@code count} lines of {@code iface} and {@code kind}. */
    private static void awaitReceivers(String list, String iface, String id, String kind, int count) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        long found = 0;
        while (System.currentTimeMillis() < deadline) {
            found = Files.readAllLines(Paths.get("/proc/net/can/" + list)).stream().map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length == 7 && f[0].equals(iface) && f[6].equals(kind)
                            && (id == null || f[1].matches("[0-9A-Fa-f]+")
                                    && (Long.parseLong(f[1], 16) & 0x7FF) == Long.parseLong(id, 16)))
                    .count();
            if (found >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(found + " of " + count + " " + kind + " receivers in " + list + " on " + iface);
    }

    private static byte[] counting(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", b & 0xFF));
        }
        return s.toString();
    }

    @Test
    void aCandumpLogReassemblesIntoThePdusSniffPrintedLive(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("candump.log");
        start(log, "candump", "-L", "vcan0");                              // candump -l's format, to a file we name
        awaitReceivers("rcvlist_all", "vcan0", null, "raw", 1);
        CompletableFuture<CanUtilsPeerTest.Run> live = CompletableFuture.supplyAsync(() -> CanUtilsPeerTest.isotp(
                "sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--count", "4", "--timestamp", "none",
                "--head", "0", "--timeout", "20000"));
        awaitReceivers("rcvlist_sff", "vcan0", "7E8", "isotp", 1);
        awaitReceivers("rcvlist_sff", "vcan0", "7E0", "isotp", 1);
        IsoTpConfig tester = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(10_000)
                .build();
        IsoTpConfig ecu = IsoTpConfig.builder().iface("vcan0").rxid(0x7E0).txid(0x7E8).receiveTimeoutMillis(10_000)
                .build();
        try (IsoTpSocket t = IsoTpSocket.open(tester); IsoTpSocket e = IsoTpSocket.open(ecu)) {   // the kernel's
            t.send(new byte[] {0x22, (byte) 0xF1, (byte) 0x90});
            e.receive();
            e.send(counting(100, 0x62));                                    // multi-frame answer
            t.receive();
            t.send(counting(30, 0x2E));                                     // multi-frame request
            e.receive();
            e.send(new byte[] {0x6E, (byte) 0xF1, (byte) 0x90});
            t.receive();
        }
        CanUtilsPeerTest.Run sniffed = live.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(ExitCodes.OK, sniffed.exitCode(), sniffed::toString);
        assertEquals(4, sniffed.out().lines().count(), sniffed::toString);
        Thread.sleep(200);                                                  // candump has written the last frame
        processes.get(0).destroy();                                         // SIGTERM: candump ends its output
        processes.get(0).waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);

        List<LoggedFrame> frames = CandumpLog.read(log);                    // what candump wrote reads back
        assertTrue(frames.size() >= 2 + 15 + 1 + 5 + 1, "frames in the log: " + frames.size());
        CanUtilsPeerTest.Run replayed = CanUtilsPeerTest.isotp("sniff", "--file", log.toString(), "--txid", "7E0",
                "--rxid", "7E8", "--timestamp", "none", "--head", "0");
        assertEquals(ExitCodes.OK, replayed.exitCode(), replayed::toString);
        assertEquals(sniffed.out(), replayed.out());
        CanUtilsPeerTest.Run fast = CanUtilsPeerTest.isotp("sniff", "--file", log.toString(), "--fast", "--txid",
                "7E0", "--rxid", "7E8", "--timestamp", "none", "--head", "0");
        assertEquals(sniffed.out(), fast.out());

        // the kit itself: the log replayed onto a virtual bus, a channel there receives the ECU's answers
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0");
                IsoTpSocket listener = IsoTpSocket.open(tester.toBuilder().listenMode(true).backend(bus.backend())
                        .build())) {
            bus.replay(frames, false).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertArrayEquals(counting(100, 0x62), listener.receive());
            assertArrayEquals(new byte[] {0x6E, (byte) 0xF1, (byte) 0x90}, listener.receive());
        }
    }

    @Test
    void aLogTheKitWrotePlaysThroughCanplayerIntoIsotprecv(@TempDir Path dir) throws Exception {
        byte[] pdu = counting(50, 1);
        Path log = dir.resolve("kit.log");
        IsoTpConfig tester = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).receiveTimeoutMillis(10_000)
                .build();
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
            try (ScriptedEcu ecu = ScriptedEcu.mirroring(bus, tester).open();
                    IsoTpSocket t = IsoTpSocket.open(tester.toBuilder().backend(bus.backend()).build())) {
                t.send(pdu);
                assertArrayEquals(pdu, ecu.nextRequest(Duration.ofSeconds(10)).bytes());
            }
            bus.awaitIdle(Duration.ofSeconds(10));
            CandumpLog.write(bus.frames().all(), log);
        }
        Process isotprecv = start(null, "isotprecv", "-s", "7E8", "-d", "7E0", "vcan0");
        awaitReceivers("rcvlist_sff", "vcan0", "7E0", "isotp", 1);
        Process canplayer = start(null, "canplayer", "-I", log.toString());
        assertEquals("", output(canplayer).trim());
        assertEquals(0, canplayer.exitValue());
        assertEquals(hex(pdu), output(isotprecv).trim());
    }
}
