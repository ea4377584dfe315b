package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel tests share: the interfaces (a test that needs its own makes it with {@link Vcan}), payloads, hex text,
 * child processes (can-utils, Python), and waiting until a peer process has bound its CAN socket (read from the
 * kernel's receive lists in /proc/net/can, so no test guesses with a sleep).
 */
final class Kernel {
    /** The classic-CAN interface every VM has (MTU 16 or 72: classic frames work on both). */
    static final String VCAN = "vcan0";
    static final String PYTHON = "/usr/bin/python3";
    static final String IP = "/sbin/ip";
    /** How long to wait for anything that should happen at once; generous for an emulated machine. */
    static final long PATIENCE_MILLIS = 20_000;

    private Kernel() {
    }

    // ---------------------------------------------------------------- interfaces

    // ---------------------------------------------------------------- payloads and hex

    /** A payload whose bytes differ from their neighbours and from a shifted copy: 0x00, 0x01, ... from a seed. */
    static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + seed + (i >> 8));
        }
        return b;
    }

    /** "01 02 AB" (the format of isotpsend and isotprecv). */
    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }

    /** Hex text with or without blanks between the bytes. */
    static byte[] unhex(String text) {
        String t = text.replaceAll("\\s+", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    // ---------------------------------------------------------------- processes

    /** Runs a command to its end; fails the test unless it exits with 0. Returns its output (stdout and stderr). */
    static String run(String... command) {
        Child child = Child.start(command);
        int rc = child.waitFor(PATIENCE_MILLIS);
        if (rc != 0) {
            fail(String.join(" ", command) + " exited with " + rc + ": " + child.output());
        }
        return child.output();
    }

    /** A child process whose output (stdout and stderr merged) is collected line by line as it comes. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;
        private final String name;

        private Child(Process process, String name) {
            this.process = process;
            this.name = name;
            this.reader = new Thread(this::pump, "output of " + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String... command) {
            return startWithInput(null, command);
        }

        /** Starts a command; {@code stdin}, when not null, is written to it and closed. */
        static Child startWithInput(String stdin, String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                Child child = new Child(p, command[0]);
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                    }
                }
                return child;
            } catch (IOException e) {
                throw new AssertionError("cannot start " + Arrays.toString(command) + ": " + e, e);
            }
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = r.readLine()) != null;) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: its output ends here
            }
        }

        /** A copy of the lines so far. */
        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        /** Waits until a line satisfies {@code test}; fails after {@code millis}, showing the output. */
        String awaitLine(java.util.function.Predicate<String> test, long millis, String what) {
            long deadline = System.currentTimeMillis() + millis;
            synchronized (lines) {
                for (;;) {
                    for (String line : lines) {
                        if (test.test(line)) {
                            return line;
                        }
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        fail(name + ": no " + what + " within " + millis + " ms; output: " + lines);
                    }
                    try {
                        lines.wait(Math.min(left, 100));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail("interrupted");
                    }
                }
            }
        }

        /** Waits for the exit and the end of the output; returns the exit code, fails on timeout. */
        int waitFor(long millis) {
            try {
                if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    fail(name + " did not end within " + millis + " ms; output: " + lines());
                }
                reader.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            return process.exitValue();
        }

        String output() {
            return String.join("\n", lines());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                    reader.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---------------------------------------------------------------- waiting for peers to bind

    /**
     * Waits until some process has an ISO-TP socket bound on {@code iface} that receives {@code rxid} (the kernel
     * lists it with the ident "isotp" in /proc/net/can/rcvlist_sff or rcvlist_eff; "isotpe" is a sender's echo).
     */
    static void awaitIsoTpReceiver(String iface, int rxid, boolean extendedId) {
        Path list = Paths.get("/proc/net/can", extendedId ? "rcvlist_eff" : "rcvlist_sff");
        awaitListEntry(list, iface, "isotp", rxid, "an ISO-TP socket receiving 0x" + Integer.toHexString(rxid));
    }

    /** Waits until a CAN_RAW socket receives every frame of {@code iface} (candump, a Python sniffer). */
    static void awaitRawReceiver(String iface) {
        awaitListEntry(Paths.get("/proc/net/can/rcvlist_all"), iface, "raw", -1, "a CAN_RAW socket");
    }

    private static void awaitListEntry(Path list, String iface, String ident, int canId, String what) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        String text = "";
        while (System.currentTimeMillis() < deadline) {
            text = read(list);
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                // device can_id can_mask function userdata matches ident
                if (f.length == 7 && f[0].equals(iface) && f[6].equals(ident)
                        && (canId < 0 || (Long.parseLong(f[1], 16) & 0x1FFFFFFF) == canId)) {
                    return;
                }
            }
            sleep(20);
        }
        fail("no " + what + " appeared on " + iface + " within " + PATIENCE_MILLIS + " ms; " + list + ":\n" + text);
    }

    // ---------------------------------------------------------------- small things

    static String read(Path path) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path + ": " + e, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
