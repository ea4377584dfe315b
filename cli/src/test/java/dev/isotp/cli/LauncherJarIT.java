package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the real jar, copied out of the source tree: runs in the integration-test phase, after
 * target/isotp.jar is built (see cli/pom.xml).
 */
class LauncherJarIT {
    @TempDir
    Path tmp;

    @Test
    void theLauncherCopiedWithItsJarRunsTheCommand() throws Exception {
        Path jar = Paths.get("target", "isotp.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is built in the package phase, before this test");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path launcher = Files.copy(LauncherTest.LAUNCHER, bin.resolve("isotp"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(jar, bin.resolve("isotp.jar"));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path onPath = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(onPath.resolve("java"), Paths.get(java));
        Map<String, String> env = Map.of("PATH", onPath + ":/usr/bin:/bin");

        LauncherTest.Run version = LauncherTest.run(launcher, env, "--version");
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.out().startsWith("isotp "), version::toString);

        LauncherTest.Run refused = LauncherTest.run(launcher, env, "send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0",
                "--length", "0");
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("isotp send: --length must be 1 or more, not 0"), refused::toString);
    }
}
