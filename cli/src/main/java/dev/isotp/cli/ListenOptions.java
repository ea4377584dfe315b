package dev.isotp.cli;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of every command, sniff's listen mode included: interface, addressing, what a received frame must look
 * like, the link layer. Each option's first name is the {@code @IsoTpChannel} element it sets; the spellings of
 * earlier versions stay as aliases. Values are taken as written and judged only by the shared validator (through
 * {@link IsoTpConfig.Builder#build()}); an option left out keeps the runtime's default.
 */
final class ListenOptions {
    enum PaddingCheck { LENGTH, DATA, ALL }

    @Option(names = {"-i", "--iface"}, paramLabel = "NAME", description = "The CAN interface, e.g. vcan0 or can0.")
    String iface;

    @Option(names = "--mode", paramLabel = "MODE", description = "Addressing mode: ${COMPLETION-CANDIDATES} "
            + "(default ${DEFAULT-VALUE}; case does not matter).", defaultValue = "NORMAL_11")
    AddressingMode mode;

    @Option(names = {"--rxid", "--rx-id"}, paramLabel = "HEX", converter = HexConverters.Id.class,
            description = "CAN id to receive on, in hex (e.g. 7E8; 29-bit ids need a 29-bit --mode).")
    Long rxid;

    @Option(names = {"--txid", "--tx-id"}, paramLabel = "HEX", converter = HexConverters.Id.class,
            description = "CAN id to transmit with, in hex (e.g. 7E0).")
    Long txid;

    @Option(names = {"--targetAddress", "--target-address", "--ta"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Target address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29).")
    Integer targetAddress;

    @Option(names = {"--sourceAddress", "--source-address", "--sa"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Source address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29).")
    Integer sourceAddress;

    @Option(names = {"--addressExtension", "--address-extension", "--ae"}, paramLabel = "HEX",
            converter = HexConverters.Byte.class, description = "Address extension byte (MIXED_11, MIXED_29).")
    Integer addressExtension;

    @Option(names = {"--rxPadding", "--rx-padding"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Padding byte expected in received frames.")
    Integer rxPadding;

    @Option(names = {"--checkPaddingLength", "--check-padding-length"},
            description = "Drop received frames that are not padded to full length.")
    boolean checkPaddingLength;

    @Option(names = {"--checkPaddingData", "--check-padding-data"},
            description = "Drop received frames whose padding is not --rxPadding.")
    boolean checkPaddingData;

    @Option(names = "--check-padding", paramLabel = "WHAT",
            description = "Both padding checks at once: ${COMPLETION-CANDIDATES} (DATA and ALL need --rxPadding).")
    PaddingCheck checkPadding;

    @Option(names = {"--rxStminNanos", "--rx-stmin-nanos", "--force-rx-stmin"}, paramLabel = "NS",
            description = "Drop received consecutive frames closer than this many ns.")
    Long rxStminNanos;

    @Option(names = {"--canFd", "--can-fd", "--fd"}, description = "CAN FD frames (the interface needs mtu 72).")
    boolean canFd;

    /**
     * The configuration as written on {@code command}'s line: every option named after an attribute that was typed
     * (or has a default) sets that attribute by name ({@link IsoTpConfig.Builder#set}), and {@code --check-padding}
     * both padding checks. {@code build()} on it runs the shared validator.
     */
    IsoTpConfig.Builder builder(CommandSpec command) {
        IsoTpConfig.Builder b = IsoTpConfig.builder();
        ParseResult parsed = command.commandLine().getParseResult();
        for (Attribute attribute : Attribute.values()) {
            OptionSpec option = command.findOption("--" + attribute.elementName());
            if (option != null && (parsed.hasMatchedOption(option) || option.defaultValue() != null)) {
                b.set(attribute, option.getValue());
            }
        }
        if (checkPadding == PaddingCheck.LENGTH || checkPadding == PaddingCheck.ALL) {
            b.checkPaddingLength(true);
        }
        if (checkPadding == PaddingCheck.DATA || checkPadding == PaddingCheck.ALL) {
            b.checkPaddingData(true);
        }
        return b;
    }
}
