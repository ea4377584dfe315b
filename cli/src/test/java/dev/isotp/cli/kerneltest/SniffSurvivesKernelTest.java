package dev.isotp.cli.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.cli.ExitCodes;
import dev.isotp.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * isotp sniff through an interface that goes down and comes back, or is deleted and created again (issue 19's small
 * input: --count 2, the interface down for 1 s, then a request and its answer): a line for each event, then both
 * PDUs, exit 0. With --exit-on-down it ends at once (exit 1), as candump without -D.
 */
@Tag("kernel")
class SniffSurvivesKernelTest {
    private static final long WAIT_MILLIS = 30_000;
    private static final String IFACE = "vcan7";
    private static final String STAMP = " *\\d+\\.\\d{6}  ";

    /** isotp running in this JVM, its output readable while it runs. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;

        Running(String... args) {
            exit = CompletableFuture.supplyAsync(() -> Main.commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true)).execute(args));
        }

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

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), String.join(" ", command));
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + output);
    }

    @BeforeEach
    void createInterface() throws Exception {
        run("/sbin/ip", "link", "add", "dev", IFACE, "type", "vcan");
        run("/sbin/ip", "link", "set", IFACE, "up");
    }

    @AfterEach
    void deleteInterface() throws Exception {
        new ProcessBuilder("/sbin/ip", "link", "del", IFACE).start().waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits until sniff's sockets receive 0x7E0 and 0x7E8 on the interface (the kernel's receive list). */
    private static void awaitSniffer() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        for (int id : new int[] {0x7E0, 0x7E8}) {
            for (;;) {
                boolean found = false;
                for (String line : Files.readAllLines(Path.of("/proc/net/can/rcvlist_sff"))) {
                    String[] f = line.trim().split("\\s+");
                    found |= f.length == 7 && f[0].equals(IFACE) && f[6].equals("isotp") && f[1].matches("[0-9A-Fa-f]+")
                            && Long.parseLong(f[1], 16) == id;
                }
                if (found) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("no ISO-TP receiver of 0x" + Integer.toHexString(id) + " on " + IFACE);
                }
                Thread.sleep(20);
            }
        }
    }

    private static void requestAndAnswer() throws Exception {
        run("/usr/bin/cansend", IFACE, "7E0#0322F190");
        run("/usr/bin/cansend", IFACE, "7E8#0562F1903148");
    }

    private static void assertTheTwoPdusEnd(Running sniff) {
        List<String> lines = sniff.lines();
        int n = lines.size();
        assertTrue(n >= 2, sniff::toString);
        assertTrue(lines.get(n - 2).matches(STAMP + "7E0  \\[   3\\]  22 F1 90  .*"), sniff::toString);
        assertTrue(lines.get(n - 1).matches(STAMP + "7E8  \\[   5\\]  62 F1 90 31 48  .*"), sniff::toString);
    }

    @Test
    void sniffingGoesOnWhenTheInterfaceGoesDownAndComesBack() throws Exception {
        Running sniff = new Running("sniff", "-i", IFACE, "--txid", "7E0", "--rxid", "7E8", "--count", "2",
                "--timeout", "60000");
        awaitSniffer();
        run("/sbin/ip", "link", "set", IFACE, "down");
        sniff.awaitLine("interface " + IFACE + " went down (ENETDOWN): still listening");
        Thread.sleep(1000);
        run("/sbin/ip", "link", "set", IFACE, "up");
        sniff.awaitLine("interface " + IFACE + " is up again: listening");
        requestAndAnswer();
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        List<String> lines = sniff.lines();
        assertEquals(4, lines.size(), sniff::toString);
        assertTrue(lines.get(0).matches(STAMP + "interface vcan7 went down \\(ENETDOWN\\): still listening"), sniff::toString);
        assertTrue(lines.get(1).matches(STAMP + "interface vcan7 is up again: listening"), sniff::toString);
        assertTheTwoPdusEnd(sniff);
    }

    @Test
    void anInterfaceDeletedAndCreatedAgainIsOpenedAgainByName() throws Exception {
        Running sniff = new Running("sniff", "-i", IFACE, "--txid", "7E0", "--rxid", "7E8", "--count", "2",
                "--timeout", "60000");
        awaitSniffer();
        run("/sbin/ip", "link", "del", IFACE);
        sniff.awaitLine("interface " + IFACE + " went away (ENODEV): waiting for an interface of that name");
        run("/sbin/ip", "link", "add", "dev", IFACE, "type", "vcan");
        run("/sbin/ip", "link", "set", IFACE, "up");
        sniff.awaitLine("interface " + IFACE + " is back: listening on it again");
        awaitSniffer();
        requestAndAnswer();
        assertEquals(ExitCodes.OK, sniff.exitCode(), sniff::toString);
        assertTheTwoPdusEnd(sniff);
    }

    @Test
    void withExitOnDownSniffEndsWhenTheInterfaceGoesDown() throws Exception {
        Running sniff = new Running("sniff", "-i", IFACE, "--txid", "7E0", "--rxid", "7E8", "--count", "2",
                "--timeout", "60000", "--exit-on-down");
        awaitSniffer();
        run("/sbin/ip", "link", "set", IFACE, "down");
        int code = sniff.exitCode();
        assertEquals(1, code, sniff::toString);
        assertTrue(sniff.err.toString().contains("ENETDOWN"), sniff::toString);
    }
}
