package dev.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every native path the runtime can take runs the send and receive path ({@link NativePathProbe}) in a JVM of its
 * own, chosen by the system properties a user (or the runtime itself) would set, and each test fails unless the probe
 * says that path was the one taken: JNA (JDK 17-21, and on 22+ with {@code dev.isotp.binding=jna}), FFM's raw
 * syscalls and FFM's libc calls with errno captured ({@code dev.isotp.ffm.libcOnly=true}: what a JDK 22+ takes where
 * the raw syscalls cannot be had, e.g. on aarch64), each with the platform thread's wait in its receive call and
 * with the wait in epoll_wait(2) ({@code dev.isotp.receive.epoll=true}: what the socket takes where no thread signal
 * can be sent).
 *
 * <p>The FFM paths need a JDK 22+: this JVM's when it is one, otherwise the first found by
 * {@code -Disotp.test.ffmJavaHome}, {@code ISOTP_JDK25_HOME} or under /usr/lib/jvm.
 */
@Tag("kernel")
class NativePathsTest {
    private static final String JNA = "jna";
    private static final String FFM_RAW = "ffm (send and receive: raw syscalls)";
    private static final String FFM_LIBC = "ffm (send and receive: libc, errno captured)";
    private static final String EPOLL = "-Ddev.isotp.receive.epoll=true";
    private static final long PATIENCE_SECONDS = 120;

    @Test
    void jna() throws Exception {
        probe(ownJava(), 0x690, JNA, false, "-Ddev.isotp.binding=jna");
    }

    @Test
    void jnaWithTheEpollWait() throws Exception {
        probe(ownJava(), 0x692, JNA, true, "-Ddev.isotp.binding=jna", EPOLL);
    }

    @Test
    void ffmRawSyscalls() throws Exception {
        probe(ffmJava(), 0x694, FFM_RAW, false, "-Ddev.isotp.binding=ffm");
    }

    @Test
    void ffmRawSyscallsWithTheEpollWait() throws Exception {
        probe(ffmJava(), 0x696, FFM_RAW, true, "-Ddev.isotp.binding=ffm", EPOLL);
    }

    @Test
    void ffmLibc() throws Exception {
        probe(ffmJava(), 0x698, FFM_LIBC, false, "-Ddev.isotp.binding=ffm", "-Ddev.isotp.ffm.libcOnly=true");
    }

    @Test
    void ffmLibcWithTheEpollWait() throws Exception {
        probe(ffmJava(), 0x69A, FFM_LIBC, true, "-Ddev.isotp.binding=ffm", "-Ddev.isotp.ffm.libcOnly=true", EPOLL);
    }

    /** Runs the probe; fails unless it ended well on {@code binding}, with or without the epoll wait. */
    private static void probe(Jdk jdk, int id, String binding, boolean epollWait, String... properties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(jdk.java.toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of(properties));
        command.add("-cp");
        command.add(classPath(jdk.feature));
        command.add(NativePathProbe.class.getName());
        command.add(Integer.toHexString(id));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the probe did not end within " + PATIENCE_SECONDS + " s: " + command);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String what = String.join(" ", command) + "\n" + output;
        assertEquals(0, p.exitValue(), what);
        assertTrue(output.contains("\nOK\n") || output.startsWith("OK\n"), what);
        assertEquals(binding, line(output, "binding: "), "the path taken: " + what);
        assertEquals("true", line(output, "thread signal: "), what);
        int waiters = Integer.parseInt(line(output, "epoll waiters: "));
        if (epollWait) {
            assertTrue(waiters > 0, "a platform thread waited in epoll_wait: " + what);
        } else {
            assertEquals(0, waiters, "platform threads waited in their receive call, none in epoll_wait: " + what);
        }
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in:\n" + output));
    }

    /**
     * Where this JVM found the probe, the runtime and JNA; for a JDK 22+ child, a runtime in a directory (not a
     * multi-release jar) has its META-INF/versions/22 put first, as the jar would give it.
     */
    private static String classPath(int feature) throws URISyntaxException {
        List<String> path = new ArrayList<>();
        Path runtime = location(KernelSocket.class);
        Path versions = runtime.resolve("META-INF/versions/22");
        if (feature >= 22 && Files.isDirectory(versions)) {
            path.add(versions.toString());
        }
        path.add(runtime.toString());
        path.add(location(NativePathProbe.class).toString());
        path.add(location(Native.class).toString());
        return String.join(File.pathSeparator, path);
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private record Jdk(Path java, int feature) {
    }

    private static Jdk ownJava() {
        return new Jdk(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
    }

    /** A JDK 22+: this one, or the first of -Disotp.test.ffmJavaHome, ISOTP_JDK25_HOME, /usr/lib/jvm/*. */
    private static Jdk ffmJava() throws IOException {
        if (Runtime.version().feature() >= 22) {
            return ownJava();
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("isotp.test.ffmJavaHome")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("ISOTP_JDK25_HOME")).map(Path::of).ifPresent(candidates::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted().forEach(candidates::add);
            }
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        for (Path home : candidates) {
            Path release = home.resolve("release");
            Path java = home.resolve("bin/java");
            if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                Matcher m = version.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 22) {
                    return new Jdk(java, Integer.parseInt(m.group(1)));
                }
            }
        }
        throw new AssertionError("the FFM paths need a JDK 22 or later and none was found: run on one, or name one with"
                + " -Disotp.test.ffmJavaHome=DIR or ISOTP_JDK25_HOME (looked at " + candidates + ")");
    }
}
