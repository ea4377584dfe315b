package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Problem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Option parsing, usage help and exit codes, on the host: nothing here reaches a CAN socket. */
class OptionsTest {
    private static void assertExit(int expected, Cli cli) {
        assertEquals(expected, cli.exitCode, cli::toString);
    }

    @Test
    void withoutACommandTheUsageIsShownAndTheExitIsTwo() {
        Cli cli = Cli.run();
        assertExit(ExitCodes.USAGE, cli);
        assertTrue(cli.err.contains("name a command: send, recv or sniff"), cli::toString);
        assertTrue(cli.err.contains("Usage: isotp"), cli::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "recv", "sniff"})
    void everyCommandHasUsageHelpWithItsExitCodes(String command) {
        Cli cli = Cli.run(command, "--help");
        assertExit(ExitCodes.OK, cli);
        assertTrue(cli.out.startsWith("Usage: isotp " + command + " [OPTIONS]"), cli::toString);
        List<String> options = command.equals("sniff") ? List.of("--iface", "--mode", "--rxid", "--txid", "--canFd", "--help")
                : List.of("--iface", "--mode", "--rxid", "--txid", "--stmin", "--bs", "--txPadding", "--canFd",
                        "--txDataLength", "--help");
        for (String option : options) {
            assertTrue(cli.out.contains(option), () -> option + " missing in\n" + cli);
        }
        assertTrue(cli.out.contains("Exit codes:\n  0   done\n  1   I/O or kernel error"), cli::toString);
        assertTrue(cli.out.contains("3   timeout"), cli::toString);
        assertTrue(cli.out.contains("Examples:"), cli::toString);
    }

    @Test
    void theTopLevelHelpAndVersionExitWithZero() {
        assertExit(ExitCodes.OK, Cli.run("--help"));
        Cli version = Cli.run("--version");
        assertExit(ExitCodes.OK, version);
        assertTrue(version.out.startsWith("isotp "), version::toString);
        Cli help = Cli.run("help", "sniff");
        assertExit(ExitCodes.OK, help);
        assertTrue(help.out.contains("LISTEN") || help.out.contains("listen mode"), help::toString);
    }

    @Test
    void valuesTheValidatorRefusesExitWithTwoAndItsOwnMessages() {
        Cli cli = Cli.run("send", "--iface", "vcan0", "--rxid", "800", "--txid", "7E0", "--stmin", "80", "--bs", "300",
                "--tx-dl", "12", "22", "F1", "90");
        assertExit(ExitCodes.USAGE, cli);
        List<Problem> expected = IsoTpConfig.builder().iface("vcan0").rxid(0x800).txid(0x7E0).stmin(0x80).bs(300)
                .txDataLength(12).validate();
        assertEquals(4, expected.size(), expected::toString);
        assertTrue(cli.err.startsWith("isotp send: invalid configuration:\n"), cli::toString);
        java.util.Map<dev.isotp.validation.Attribute, String> typed = java.util.Map.of(
                dev.isotp.validation.Attribute.RXID, "--rxid", dev.isotp.validation.Attribute.STMIN, "--stmin",
                dev.isotp.validation.Attribute.BS, "--bs", dev.isotp.validation.Attribute.TX_DATA_LENGTH, "--tx-dl");
        for (Problem problem : expected) {
            String option = typed.get(problem.attribute());
            assertTrue(cli.err.contains("  " + option + ": " + problem.message() + "\n"), () -> problem + " missing in\n" + cli);
        }
        assertTrue(cli.err.contains("--rxid: rxid 0x800 does not fit an 11-bit CAN id"), cli::toString);
        assertTrue(cli.err.endsWith("see: isotp send --help\n"), cli::toString);
        assertEquals("", cli.out);
    }

    @Test
    void missingValuesAreTheValidatorsToReport() {
        Cli cli = Cli.run("recv", "--rxid", "7E8");
        assertExit(ExitCodes.USAGE, cli);
        List<Problem> expected = IsoTpConfig.builder().rxid(0x7E8).validate();
        for (Problem problem : expected) {
            assertTrue(cli.err.contains(problem.message()), () -> problem + " missing in\n" + cli);
        }
        assertTrue(cli.err.contains("--iface: iface is missing"), cli::toString);
        assertTrue(cli.err.contains("--txid: txid is missing"), cli::toString);
    }

    @Test
    void addressingModesNeedTheirOwnValues() {
        Cli cli = Cli.run("sniff", "-i", "vcan0", "--mode", "extended_11", "--rxid", "7E8", "--txid", "7E0");
        assertExit(ExitCodes.USAGE, cli);
        List<Problem> expected = IsoTpConfig.builder().iface("vcan0").mode(AddressingMode.EXTENDED_11).rxid(0x7E8)
                .txid(0x7E0).listenMode(true).validate();
        assertEquals(2, expected.size(), expected::toString);
        expected.forEach(p -> assertTrue(cli.err.contains(p.message()), () -> p + " missing in\n" + cli));
        assertTrue(cli.err.contains("--targetAddress: targetAddress is missing"), cli::toString);

        Cli fixed = Cli.run("send", "-i", "vcan0", "--mode", "NORMAL_FIXED_29", "--ta", "1FF", "--sa", "F1", "--rxid", "7E8", "3E");
        assertExit(ExitCodes.USAGE, fixed);
        assertTrue(fixed.err.contains("--ta: targetAddress 0x1FF does not fit in a byte"), fixed::toString);
        assertTrue(fixed.err.contains("--rxid: rxid 0x7E8 is not used by NORMAL_FIXED_29"), fixed::toString);
    }

    @Test
    void canFdValuesAreChecked() {
        Cli cli = Cli.run("recv", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--can-fd", "--tx-dl", "9", "--timeout", "-5");
        assertExit(ExitCodes.USAGE, cli);
        assertTrue(cli.err.contains("--tx-dl: txDataLength 9 is not a CAN frame data length"), cli::toString);
        assertTrue(cli.err.contains("--timeout: receiveTimeoutMillis -5 is out of range"), cli::toString);
        Cli brs = Cli.run("recv", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--brs");
        assertTrue(brs.err.contains("--brs: bitRateSwitch needs CAN FD"), brs::toString);
    }

    @Test
    void malformedValuesAreUsageErrors() {
        Cli id = Cli.run("send", "-i", "vcan0", "--rxid", "7G8", "--txid", "7E0", "22");
        assertExit(ExitCodes.USAGE, id);
        assertTrue(id.err.contains("'7G8' is not a hexadecimal number"), id::toString);
        assertTrue(id.err.endsWith("see: isotp send --help\n"), id::toString);

        Cli data = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "22", "F");
        assertExit(ExitCodes.USAGE, data);
        assertTrue(data.err.contains("'22 F' is not a sequence of hex bytes"), data::toString);

        Cli mode = Cli.run("recv", "-i", "vcan0", "--mode", "NORMAL_12", "--rxid", "7E8", "--txid", "7E0");
        assertExit(ExitCodes.USAGE, mode);
        assertTrue(mode.err.contains("NORMAL_FIXED_29"), mode::toString);

        Cli option = Cli.run("recv", "--rx", "7E8");
        assertExit(ExitCodes.USAGE, option);

        Cli loopAndCount = Cli.run("recv", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--loop", "--count", "2");
        assertExit(ExitCodes.USAGE, loopAndCount);
        assertTrue(loopAndCount.err.contains("either --loop or --count"), loopAndCount::toString);

        Cli count = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--count", "0", "22");
        assertExit(ExitCodes.USAGE, count);

        Cli both = Cli.run("send", "-i", "vcan0", "--rxid", "7E8", "--txid", "7E0", "--length", "10", "22");
        assertExit(ExitCodes.USAGE, both);
    }

    @Test
    void idsAreHexWithOrWithoutPrefix() {
        assertEquals(0x7E0L, HexConverters.parse("7E0"));
        assertEquals(0x7E0L, HexConverters.parse("0x7e0"));
        assertEquals(0x18DA10F1L, HexConverters.parse("18DA10F1"));
        assertEquals("22 F1 90", PduFormat.hex(HexConverters.bytes("22f190"), 0));
        assertEquals("22 F1 90", PduFormat.hex(HexConverters.bytes(" 22 F1 90 "), 0));
    }

    @Test
    void aValidConfigurationWithoutSuchAnInterfaceIsAnIoError() {
        // Without CAN in the kernel the socket cannot open; with it, the interface does not exist: exit 1 either way.
        Cli cli = Cli.run("recv", "-i", "nosuchcan7", "--rxid", "7E8", "--txid", "7E0", "--timeout", "100");
        assertExit(ExitCodes.IO_ERROR, cli);
        assertTrue(cli.err.startsWith("isotp recv: "), cli::toString);
    }
}
