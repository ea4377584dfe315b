package dev.isotp.cli.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The isotp command against can-utils' isotpsend, isotprecv and isotpsniffer on vcan0 and vcanfd0. */
@Tag("kernel")
class CanUtilsPeerTest {
    private static final long WAIT_MILLIS = 20_000;
    private final List<Process> processes = new ArrayList<>();

    /** One run of the isotp command in this JVM. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    static Run isotp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.isotp.cli.Main.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static CompletableFuture<Run> isotpInBackground(String... args) {
        return CompletableFuture.supplyAsync(() -> isotp(args));
    }

    private Process start(String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of("stdbuf", "-oL"));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    @AfterEach
    void stopPeers() {
        processes.forEach(Process::destroyForcibly);
    }

    private static byte[] counting(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) i;
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

    private static String output(Process p) throws Exception {
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "peer did not end: " + p.info().commandLine().orElse(""));
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    private static void feed(Process p, String line) throws IOException {
        try (OutputStream in = p.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Waits until {@code count} ISO-TP sockets on {@code iface} receive {@code canId}. */
    private static void awaitReceivers(String iface, long canId, boolean extended, int count) throws Exception {
        String list = extended ? "/proc/net/can/rcvlist_eff" : "/proc/net/can/rcvlist_sff";
        long mask = extended ? 0x1FFFFFFFL : 0x7FFL;
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        int found = 0;
        while (System.currentTimeMillis() < deadline) {
            found = 0;
            for (String line : Files.readAllLines(Paths.get(list))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 7 && f[0].equals(iface) && f[6].equals("isotp") && f[1].matches("[0-9A-Fa-f]+")
                        && (Long.parseLong(f[1], 16) & mask) == canId) {
                    found++;
                }
            }
            if (found >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(found + " of " + count + " ISO-TP receivers of 0x" + Long.toHexString(canId) + " on " + iface);
    }

    @Test
    void sendReachesIsotprecv() throws Exception {
        Process isotprecv = start("isotprecv", "-s", "7E8", "-d", "7E0", "vcan0");
        awaitReceivers("vcan0", 0x7E0, false, 1);
        Run run = isotp("send", "--iface", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--length", "300");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(hex(counting(300)), output(isotprecv).trim());
    }

    @Test
    void isotpsendReachesRecvTwice() throws Exception {
        CompletableFuture<Run> recv = isotpInBackground("recv", "-i", "vcan0", "--rxid", "7E0", "--txid", "7E8",
                "--count", "2", "--timeout", "20000", "--stmin", "01", "--bs", "4");
        awaitReceivers("vcan0", 0x7E0, false, 1);
        byte[] first = counting(100);
        // isotpsend transmits with -s and takes flow control on -d; one after the other
        Process isotpsend = start("isotpsend", "-s", "7E0", "-d", "7E8", "vcan0");
        feed(isotpsend, hex(first));
        assertEquals("", output(isotpsend));
        feed(start("isotpsend", "-s", "7E0", "-d", "7E8", "vcan0"), "3E 00");
        Run run = recv.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(hex(first) + "\n3E 00\n", run.out());
    }

    @Test
    void recvEndsWithThreeWhenNothingComes() {
        Run run = isotp("recv", "-i", "vcan0", "--rxid", "7E0", "--txid", "7E8", "--timeout", "200");
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("isotp recv: timeout: "), run::toString);
    }

    @Test
    void aMultiFrameSendWithoutPeerIsAnIoError() {
        Run run = isotp("send", "-i", "vcan0", "--txid", "6E0", "--rxid", "6E8", "--length", "20");
        assertEquals(ExitCodes.IO_ERROR, run.exitCode(), run::toString);
        assertTrue(run.err().contains("ECOMM"), run::toString);
    }

    @Test
    void anUnknownInterfaceIsAnIoError() {
        Run run = isotp("recv", "-i", "nosuchcan7", "--rxid", "7E0", "--txid", "7E8", "--timeout", "200");
        assertEquals(ExitCodes.IO_ERROR, run.exitCode(), run::toString);
    }

    @Test
    void normalFixed29BitIdsReachIsotprecvAndTheAnswerComesBack() throws Exception {
        // isotprecv as the ECU at 0x10: receives 18DA10F1; then isotpsend answers on 18DAF110.
        Process ecu = start("isotprecv", "-s", "18DAF110", "-d", "18DA10F1", "-p", "CC:", "vcan0");
        awaitReceivers("vcan0", 0x18DA10F1L, true, 1);
        CompletableFuture<Run> tester = isotpInBackground("send", "-i", "vcan0", "--mode", "normal_fixed_29", "--ta", "10",
                "--sa", "F1", "--padding", "CC", "--answer", "--timeout", "20000", "22", "F1", "90");
        assertEquals("22 F1 90", output(ecu).trim());
        awaitReceivers("vcan0", 0x18DAF110L, true, 1);
        String vin = "62 F1 90 31 48 47 43 4D 38 32 36 33 33 41 30 30 34 33 35 32";
        feed(start("isotpsend", "-s", "18DAF110", "-d", "18DA10F1", "vcan0"), vin);
        Run run = tester.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(vin + "\n", run.out());
    }

    @Test
    void canFdPdusReachIsotprecv() throws Exception {
        Process isotprecv = start("isotprecv", "-s", "321", "-d", "123", "-L", "72:64:0", "vcanfd0");
        awaitReceivers("vcanfd0", 0x123, false, 1);
        Run run = isotp("send", "-i", "vcanfd0", "--txid", "123", "--rxid", "321", "--can-fd", "--length", "4000");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(hex(counting(4000)), output(isotprecv).trim());
    }

    @Test
    void sniffShowsBothDirectionsOfAConversation() throws Exception {
        CompletableFuture<Run> sniff = isotpInBackground("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8",
                "--count", "2", "--timeout", "20000");
        awaitReceivers("vcan0", 0x7E0, false, 1);
        awaitReceivers("vcan0", 0x7E8, false, 1);
        // the tester's request, received by isotprecv as the ECU
        Process ecu = start("isotprecv", "-s", "7E8", "-d", "7E0", "vcan0");
        awaitReceivers("vcan0", 0x7E0, false, 2);
        feed(start("isotpsend", "-s", "7E0", "-d", "7E8", "vcan0"), "22 F1 90");
        assertEquals("22 F1 90", output(ecu).trim());
        // the ECU's multi-frame answer, received by isotprecv as the tester
        Process tester = start("isotprecv", "-s", "7E0", "-d", "7E8", "vcan0");
        awaitReceivers("vcan0", 0x7E8, false, 2);
        String vin = "62 F1 90 31 48 47 43 4D 38 32 36 33 33 41 30 30 34 33 35 32";
        feed(start("isotpsend", "-s", "7E8", "-d", "7E0", "vcan0"), vin);
        assertEquals(vin, output(tester).trim());

        Run run = sniff.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run::toString);
        assertTrue(lines[0].matches(" *\\d+\\.\\d{6}  7E0  \\[   3\\]  22 F1 90  \\|\"\\.\\.\\|  ReadDataByIdentifier F190 \\(VIN\\)"),
                run::toString);
        assertTrue(lines[1].matches(" *\\d+\\.\\d{6}  7E8  \\[  20\\]  " + vin
                + "  \\|b\\.\\.1HGCM82633A004352\\|  ReadDataByIdentifier positive response F190 \\(VIN\\)"), run::toString);
    }

    @Test
    void sniffEndsWithThreeWhenTheConversationStops() {
        Run run = isotp("sniff", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--timeout", "300");
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
    }

    @Test
    void isotpsnifferSeesWhatSendSends() throws Exception {
        Process sniffer = start("isotpsniffer", "-s", "7E0", "-d", "7E8", "-f", "1", "vcan0");
        Process ecu = start("isotprecv", "-s", "7E8", "-d", "7E0", "vcan0");
        awaitReceivers("vcan0", 0x7E0, false, 2);
        awaitReceivers("vcan0", 0x7E8, false, 1);
        Run run = isotp("send", "-i", "vcan0", "--txid", "7E0", "--rxid", "7E8", "--length", "40");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(hex(counting(40)), output(ecu).trim());
        // SIGTERM from outside: Process.destroy() would close the pipe before its lines are read
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(sniffer.pid())).start().waitFor());
        String seen = output(sniffer);
        assertTrue(seen.toUpperCase(Locale.ROOT).contains("7E0  [40]  " + hex(counting(40))), seen);
    }
}
