package dev.isotp.cli;

import dev.isotp.validation.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Options as the user spelled them: a message about a value names the option the way it was typed ({@code --tx-dl}
 * or {@code --txDataLength}), and the option's first name when it was not typed at all.
 */
final class OptionNames {
    /** Options that set an attribute without carrying its element name. */
    private static final Map<Attribute, List<String>> OTHER_NAMES = Map.of(
            Attribute.RECEIVE_TIMEOUT_MILLIS, List.of("--timeout"),
            Attribute.CHECK_PADDING_LENGTH, List.of("--check-padding"),
            Attribute.CHECK_PADDING_DATA, List.of("--check-padding"));

    private OptionNames() {
    }

    /** The option of {@code command} that sets {@code attribute}, as typed; null where no option sets it. */
    static String of(CommandSpec command, Attribute attribute) {
        List<OptionSpec> candidates = new ArrayList<>();
        OptionSpec own = command.findOption("--" + attribute.elementName());
        if (own != null) {
            candidates.add(own);
        }
        for (String name : OTHER_NAMES.getOrDefault(attribute, List.of())) {
            OptionSpec other = command.findOption(name);
            if (other != null) {
                candidates.add(other);
            }
        }
        for (OptionSpec option : candidates) {
            String typed = typed(command, option);
            if (typed != null) {
                return typed;
            }
        }
        return candidates.isEmpty() ? null : first(candidates.get(0), attribute);
    }

    /** The option named {@code name} (any of its names) as the user typed it, or its longest name. */
    static String of(CommandSpec command, String name) {
        OptionSpec option = command.findOption(name);
        String typed = typed(command, option);
        return typed != null ? typed : option.longestName();
    }

    /** A usage error about the value of the option named {@code name}: "--count must be 1 or more, not 0". */
    static ParameterException refusal(CommandSpec command, String name, String complaint) {
        return new ParameterException(command.commandLine(), of(command, name) + " " + complaint);
    }

    private static String first(OptionSpec option, Attribute attribute) {
        String element = "--" + attribute.elementName();
        for (String name : option.names()) {
            if (name.equals(element)) {
                return name;
            }
        }
        return option.longestName();
    }

    private static String typed(CommandSpec command, OptionSpec option) {
        if (command.commandLine() == null || command.commandLine().getParseResult() == null) {
            return null;
        }
        for (String arg : command.commandLine().getParseResult().originalArgs()) {
            if (arg.equals("--")) {
                return null;
            }
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")
                        || (name.length() == 2 && !arg.startsWith("--") && arg.startsWith(name))) {
                    return name;
                }
            }
        }
        return null;
    }
}
