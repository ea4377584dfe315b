package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** Virtual CAN interfaces of the reliability tests, made and removed with iproute2, and small file reads. */
final class Vcan {
    static final String IP = "/sbin/ip";

    private Vcan() {
    }

    /** Creates (or re-creates) a vcan interface with the given MTU and brings it up. */
    static void create(String name, int mtu) {
        delete(name);
        run(IP, "link", "add", "dev", name, "type", "vcan");
        run(IP, "link", "set", name, "mtu", Integer.toString(mtu));
        run(IP, "link", "set", "up", name);
        assertEquals(Integer.toString(mtu), read("/sys/class/net/" + name + "/mtu"), "MTU of " + name);
    }

    static void delete(String name) {
        if (Files.exists(Paths.get("/sys/class/net", name))) {
            run(IP, "link", "del", "dev", name);
        }
    }

    static void setUp(String name, boolean up) {
        run(IP, "link", "set", up ? "up" : "down", name);
    }

    /** Runs a command to its end; fails unless it exits with 0. Returns its output. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not end within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String read(String path) {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path + ": " + e, e);
        }
    }
}
