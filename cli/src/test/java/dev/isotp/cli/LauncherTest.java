package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (cli/isotp) finds its jar wherever it is copied or linked: $ISOTP_JAR, isotp.jar beside it,
 * target/isotp.jar beside it. A stand-in java on PATH shows which jar it ran.
 */
class LauncherTest {
    static final Path LAUNCHER = Paths.get("isotp").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("ISOTP_JAR");
        builder.environment().putAll(env);
        Path err = Files.createTempFile("launcher", ".err");
        Process p = builder.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, errText);
    }

    /** A directory with a "java" that prints its arguments, one a line. */
    private Map<String, String> standInJava() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        executable(java);
        return Map.of("PATH", bin + ":/usr/bin:/bin");
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path copyInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path copy = Files.copy(LAUNCHER, dir.resolve("isotp"), StandardCopyOption.REPLACE_EXISTING);
        executable(copy);
        return copy;
    }

    private static Path jar(Path at) throws IOException {
        Files.createDirectories(at.getParent());
        return Files.write(at, new byte[0]);
    }

    @Test
    void aCopyRunsTheJarBesideIt() throws Exception {
        Path launcher = copyInto(tmp.resolve("bin"));
        Path jar = jar(tmp.resolve("bin/isotp.jar"));
        jar(tmp.resolve("bin/target/isotp.jar")); // beside wins over target/
        Run run = run(launcher, standInJava(), "sniff", "--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("-jar\n" + jar + "\nsniff\n--help\n", run.out());
    }

    @Test
    void aLinkIsFollowedToTheDirectoryOfTheLauncher() throws Exception {
        Path launcher = copyInto(tmp.resolve("opt/isotp"));
        Path jar = jar(tmp.resolve("opt/isotp/isotp.jar"));
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("path")).resolve("isotp"), launcher);
        Run run = run(link, standInJava(), "--version");
        assertEquals("-jar\n" + jar + "\n--version\n", run.out(), run::toString);
    }

    @Test
    void inTheSourceTreeItRunsTargetIsotpJar() throws Exception {
        Path launcher = copyInto(tmp.resolve("cli"));
        Path jar = jar(tmp.resolve("cli/target/isotp.jar"));
        Run run = run(launcher, standInJava(), "recv", "--help");
        assertEquals("-jar\n" + jar + "\nrecv\n--help\n", run.out(), run::toString);
    }

    @Test
    void isotpJarInTheEnvironmentComesFirst() throws Exception {
        Path launcher = copyInto(tmp.resolve("bin"));
        jar(tmp.resolve("bin/isotp.jar"));
        Path chosen = jar(tmp.resolve("elsewhere/my-isotp.jar"));
        Map<String, String> env = new java.util.HashMap<>(standInJava());
        env.put("ISOTP_JAR", chosen.toString());
        assertEquals("-jar\n" + chosen + "\n--help\n", run(launcher, env, "--help").out());

        env.put("ISOTP_JAR", tmp.resolve("missing.jar").toString());
        Run missing = run(launcher, env, "--help");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertEquals("isotp: ISOTP_JAR names " + tmp.resolve("missing.jar") + ", which does not exist\n", missing.err());
    }

    @Test
    void withoutAJarItSaysWhereItLookedAndHowToGetOne() throws Exception {
        Path dir = tmp.resolve("lonely");
        Path launcher = copyInto(dir);
        Run run = run(launcher, standInJava(), "--help");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("isotp: no isotp.jar: looked for $ISOTP_JAR (not set), " + dir + "/isotp.jar and "
                + dir + "/target/isotp.jar."), run.err());
        assertTrue(run.err().contains("copy cli/target/isotp.jar beside"), run.err());
    }

    @Test
    void javaHomeIsUsedWhereSet() throws Exception {
        Path launcher = copyInto(tmp.resolve("bin"));
        Path jar = jar(tmp.resolve("bin/isotp.jar"));
        Path home = tmp.resolve("jdk");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"JAVA_HOME java $*\"\n");
        executable(java);
        Run run = run(launcher, Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", home.toString()), "--version");
        assertEquals("JAVA_HOME java -jar " + jar + " --version\n", run.out(), run::toString);
    }
}
