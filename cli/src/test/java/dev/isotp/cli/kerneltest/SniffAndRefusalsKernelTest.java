package dev.isotp.cli.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.cli.ExitCodes;
import dev.isotp.cli.Main;
import dev.isotp.internal.failure.Failure;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.validation.Limits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * isotp sniff against frames made by can-utils (cansend, canplayer): a broken transfer is a line and sniffing goes
 * on; lines come in the kernel's receive order. And the refusals of values only the running kernel can judge.
 */
@Tag("kernel")
class SniffAndRefusalsKernelTest {
    private static final long WAIT_MILLIS = 20_000;

    @TempDir
    Path tmp;

    /** isotp running in this JVM, its output readable while it runs. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;

        Running(String... args) {
            exit = CompletableFuture.supplyAsync(() -> Main.commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true)).execute(args));
        }

        /** Waits until the output has a line containing {@code text}. */
        void awaitLine(String text) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (!out.toString().contains(text)) {
                if (System.currentTimeMillis() > deadline || exit.isDone()) {
                    throw new AssertionError("no line with \"" + text + "\": " + this);
                }
                Thread.sleep(10);
            }
        }

        int exitCode() throws Exception {
            return exit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }

        List<String> lines() {
            String text = out.toString();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }

        @Override
        public String toString() {
            return "--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private static void cansend(String frame) throws Exception {
        Process p = new ProcessBuilder("cansend", "vcan0", frame).redirectErrorStream(true).start();
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "cansend " + frame);
        assertEquals(0, p.exitValue(), () -> "cansend " + frame + ": " + new String(readAll(p)));
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    /** Waits until both of sniff's sockets receive on vcan0 (the kernel's receive lists). */
    private static void awaitSniffer(int... ids) throws Exception {
        awaitSniffer(false, ids);
    }

    private static void awaitSniffer(boolean extended, int... ids) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Path list = Path.of("/proc/net/can", extended ? "rcvlist_eff" : "rcvlist_sff");
        for (int id : ids) {
            for (;;) {
                boolean found = false;
                for (String line : Files.readAllLines(list)) {
                    String[] f = line.trim().split("\\s+");
                    found |= f.length == 7 && f[0].equals("vcan0") && f[6].equals("isotp") && f[1].matches("[0-9A-Fa-f]+")
                            && (Long.parseLong(f[1], 16) & 0x1FFFFFFF) == id;
                }
                if (found) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("no ISO-TP receiver of 0x" + Integer.toHexString(id));
                }
                Thread.sleep(20);
            }
        }
    }

    private static final String STAMP = " *\\d+\\.\\d{6}  ";

    @Test
    void aConsecutiveFrameWithAWrongSequenceNumberIsALineAndTheGoodPairFollows() throws Exception {
        // the small input
        Running sniff = new Running("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--count", "2",
                "--timeout", "20000");
        awaitSniffer(0x7E0, 0x7E8);
        cansend("7E0#1014000102030405");
        cansend("7E8#300000");
        cansend("7E0#2206070809101112");
        sniff.awaitLine("broken transfer");
        cansend("7E0#021003");
        cansend("7E8#065003003201F4");
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        List<String> lines = sniff.lines();
        assertEquals(3, lines.size(), sniff::toString);
        assertTrue(lines.get(0).matches(STAMP + "7E0  broken transfer: " + Pattern.quote(
                "a consecutive frame arrived with a wrong sequence number on vcan0: the PDU being received was dropped, "
                        + "the next one is received normally (EILSEQ)")), sniff::toString);
        assertTrue(lines.get(1).matches(STAMP + "7E0  \\[   2\\]  10 03  \\|\\.\\.\\|  DiagnosticSessionControl"), sniff::toString);
        assertTrue(lines.get(2).matches(STAMP + "7E8  \\[   6\\]  50 03 00 32 01 F4  \\|P\\.\\.2\\.\\.\\|  "
                + "DiagnosticSessionControl positive response"), sniff::toString);
    }

    @Test
    void badPaddingAndAMissingConsecutiveFrameAreLinesToo() throws Exception {
        Running sniff = new Running("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--rxPadding", "CC",
                "--check-padding", "ALL", "--count", "2", "--timeout", "20000", "--timestamp", "none");
        awaitSniffer(0x7E0, 0x7E8);
        cansend("7E8#0250030000000000"); // padded with 00, not CC
        sniff.awaitLine("failed the padding check");
        cansend("7E0#1014000102030405");
        cansend("7E8#300000CCCCCCCCCC");
        cansend("7E0#2106070809101112"); // and then no consecutive frame: N_Cr passes after 1 s
        sniff.awaitLine("the peer stopped in the middle of a PDU");
        cansend("7E0#021003CCCCCCCCCC");
        cansend("7E8#065003003201F4CC");
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        List<String> lines = sniff.lines();
        assertEquals(4, lines.size(), sniff::toString);
        assertTrue(lines.get(0).startsWith("7E8  broken transfer: a frame on vcan0 failed the padding check"), sniff::toString);
        assertTrue(lines.get(1).startsWith("7E0  broken transfer: the peer stopped in the middle of a PDU on vcan0"),
                sniff::toString);
        assertTrue(lines.get(2).startsWith("7E0  [   2]  10 03  "), sniff::toString);
        assertTrue(lines.get(3).startsWith("7E8  [   6]  50 03 00 32 01 F4  "), sniff::toString);
    }

    @Test
    void answersSentRightAfterTheirRequestsArePrintedAfterThem() throws Exception {
        int pairs = 60;
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            log.append(String.format(Locale.ROOT, "(0.000000) vcan0 7E0#0210%02X%n(0.000000) vcan0 7E8#0250%02X%n", i, i));
        }
        Path file = Files.writeString(tmp.resolve("pairs.log"), log);
        Running sniff = new Running("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--count",
                Integer.toString(2 * pairs), "--timeout", "20000", "--timestamp", "none", "--format", "hex", "--no-uds");
        awaitSniffer(0x7E0, 0x7E8);
        Process player = new ProcessBuilder("canplayer", "-t", "-g", "0", "-I", file.toString()).redirectErrorStream(true)
                .start();
        assertTrue(player.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "canplayer did not end");
        assertEquals(0, player.exitValue(), () -> new String(readAll(player)));
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            expected.add(String.format(Locale.ROOT, "7E0  [   2]  10 %02X", i));
            expected.add(String.format(Locale.ROOT, "7E8  [   2]  50 %02X", i));
        }
        assertEquals(expected, sniff.lines());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "NORMAL_11; --txid 7E0 --rxid 7E8; 7E0#023E00; 7E8#027E00",
        "NORMAL_29; --txid 1B0000F0 --rxid 1B0000F8; 1B0000F0#023E00; 1B0000F8#027E00",
        "NORMAL_FIXED_29; --targetAddress 10 --sourceAddress F1; 18DA10F1#023E00; 18DAF110#027E00",
        "EXTENDED_11; --txid 6F0 --rxid 6F8 --targetAddress 55 --sourceAddress AA; 6F0#55023E00; 6F8#AA027E00",
        "EXTENDED_29; --txid 1B0000E0 --rxid 1B0000E8 --ta 33 --sa 44; 1B0000E0#33023E00; 1B0000E8#44027E00",
        "MIXED_11; --txid 6E0 --rxid 6E8 --addressExtension 99; 6E0#99023E00; 6E8#99027E00",
        "MIXED_29; --targetAddress 10 --sourceAddress F1 --addressExtension 77; 18CE10F1#77023E00; 18CEF110#77027E00",
    })
    void eachLineNamesTheCanIdItsPduWasSentOnInEveryMode(String mode, String addressing, String request, String answer)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("sniff", "-i", "vcan0", "--mode", mode, "--count", "2", "--timeout",
                "20000", "--timestamp", "none", "--format", "hex", "--no-uds"));
        args.addAll(List.of(addressing.split(" ")));
        Running sniff = new Running(args.toArray(new String[0]));
        String requestId = request.substring(0, request.indexOf('#'));
        String answerId = answer.substring(0, answer.indexOf('#'));
        boolean extended = requestId.length() == 8;
        try {
            awaitSniffer(extended, Integer.parseInt(requestId, 16), Integer.parseInt(answerId, 16));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; sniff " + (sniff.exit.isDone() ? "ended" : "runs") + "\n" + sniff
                    + "\n" + Files.readString(Path.of("/proc/net/can", extended ? "rcvlist_eff" : "rcvlist_sff")), e);
        }
        cansend(request);
        cansend(answer);
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        assertEquals(List.of(requestId + "  [   2]  3E 00", answerId + "  [   2]  7E 00"), sniff.lines(), sniff::toString);
    }

    @Test
    void aLengthOverThisKernelsLargestPduIsAUsageError() throws Exception {
        Running send = new Running("send", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--length", "70000");
        assertEquals(ExitCodes.USAGE, send.exitCode(), send::toString);
        System.out.println("kernel " + KernelInfo.release() + ": largest PDU " + KernelInfo.maxPduSize());
        assertEquals("isotp send: --length 70000: "
                + Failure.PAYLOAD_TOO_LARGE.message(70000, KernelInfo.maxPduSize(), Limits.MAX_PDU_SIZE_CEILING)
                + "\nsee: isotp send --help\n", send.err.toString());
    }

    @Test
    void aPayloadTheRuntimeRefusesAtSendIsAUsageErrorToo() throws Exception {
        Running send = new Running("send", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--sfBroadcast",
                "01 02 03 04 05 06 07 08");
        assertEquals(ExitCodes.USAGE, send.exitCode(), send::toString);
        assertEquals("isotp send: the data: " + Failure.PAYLOAD_TOO_LONG_FOR_BROADCAST.message(8, 7)
                + "\nsee: isotp send --help\n", send.err.toString());
    }
}
