package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** isotp sniff --file: a candump -l log reassembled as an interface's frames would be, and bad input refused. */
class SniffFileTest {
    private static final String BENCH = String.join("\n",
            "(1700000000.100000) can0 7E0#0322F190",
            "(1700000000.110000) can0 7E8#101462F190314847",
            "(1700000000.111000) can0 7E0#300000",
            "(1700000000.112000) can0 7E8#21434D3832363333",
            "(1700000000.300000) can0 7E8#2241303034333532",
            "");

    @Test
    void aLogIsReassembledIntoItsPdusAndSniffingEndsWithIt(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("bench.log"), BENCH);
        long t0 = System.nanoTime();
        Cli cli = Cli.run("sniff", "--file", log.toString(), "--txid", "7E0", "--rxid", "7E8", "--timestamp", "none");
        assertTrue(System.nanoTime() - t0 >= 200_000_000L, "at its own pace: 0.2 s of frames");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("7E0  [   3]  22 F1 90  |\"..|  ReadDataByIdentifier F190 (VIN)\n"
                + "7E8  [  20]  62 F1 90 31 48 47 43 4D 38 32 36 33 33 41 30 30 34 33 35 32  |b..1HGCM82633A004352|"
                + "  ReadDataByIdentifier positive response F190 (VIN)\n", cli.out.replace("\r\n", "\n"));
        Cli fast = Cli.run("sniff", "--file", log.toString(), "--fast", "-i", "can0", "--txid", "7E0", "--rxid", "7E8",
                "--timestamp", "none", "--format", "hex");
        assertEquals(0, fast.exitCode, fast.toString());
        assertEquals(2, fast.out.lines().count(), fast.toString());
    }

    @Test
    void badInputSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("bench.log"), BENCH);
        Cli other = Cli.run("sniff", "--file", log.toString(), "-i", "can1", "--txid", "7E0", "--rxid", "7E8");
        assertEquals(2, other.exitCode, other.toString());
        assertTrue(other.err.contains("holds no frame of can1; it has [can0]"), other.toString());
        Path bad = Files.writeString(dir.resolve("bad.log"), "(1.000000) can0 7E0#R\n");
        Cli remote = Cli.run("sniff", "--file", bad.toString(), "--txid", "7E0", "--rxid", "7E8");
        assertEquals(2, remote.exitCode, remote.toString());
        assertTrue(remote.err.contains("line 1 ((1.000000) can0 7E0#R): not a candump -l line: a remote frame (R)"),
                remote.toString());
        Cli fastAlone = Cli.run("sniff", "-i", "vcan0", "--fast", "--txid", "7E0", "--rxid", "7E8");
        assertEquals(2, fastAlone.exitCode, fastAlone.toString());
        assertTrue(fastAlone.err.contains("--fast goes with --file LOG"), fastAlone.toString());
    }
}
