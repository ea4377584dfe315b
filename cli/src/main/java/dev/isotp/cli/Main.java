package dev.isotp.cli;

import dev.isotp.InvalidConfigurationException;
import dev.isotp.validation.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The isotp command: {@code isotp send}, {@code isotp recv}, {@code isotp sniff}. */
@Command(name = "isotp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Send, receive and sniff ISO-TP (ISO 15765-2) PDUs over the Linux kernel's can-isotp socket.",
                "Ids and bytes are hex; every configuration value is checked before the socket opens."},
        footer = {"%nOption names are the elements of @IsoTpChannel (--rxid, --txPadding, --txDataLength);",
                "the spellings of earlier versions (--padding, --tx-dl, --ta, ...) are aliases.",
                "%nThe launcher (cli/isotp in the source tree) runs the first jar it finds:",
                "  1. $ISOTP_JAR",
                "  2. isotp.jar beside the launcher (copy both into one directory, e.g. ~/bin)",
                "  3. target/isotp.jar beside the launcher (the source tree)",
                "A symbolic link to the launcher is followed first, so linking it onto PATH works too."},
        subcommands = {SendCommand.class, RecvCommand.class, SniffCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** The exit codes, shown in the usage help of every command. */
    private static final Map<String, String> EXIT_CODES = new LinkedHashMap<>();

    static {
        EXIT_CODES.put(ExitCodes.OK + "", "done");
        EXIT_CODES.put(ExitCodes.IO_ERROR + "", "I/O or kernel error (no can-isotp, no such interface, no flow control from the peer, ...)");
        EXIT_CODES.put(ExitCodes.USAGE + "", "usage error or invalid configuration (the message names the option and what is allowed)");
        EXIT_CODES.put(ExitCodes.TIMEOUT + "", "timeout: the expected PDU did not arrive within --timeout");
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the exit codes of {@link ExitCodes}; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler(Main::usageError);
        withExitCodes(commandLine);
        return commandLine;
    }

    private static void withExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        commandLine.getSubcommands().values().forEach(Main::withExitCodes);
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isotp: name a command: send, recv or sniff");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** A usage error: what is wrong and where the help is, without the whole help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && command.getCommand() instanceof SniffCommand) {
            Set<String> transmitting = CommandSpec.forAnnotatedObject(new TransmitOptions()).options().stream()
                    .flatMap(o -> Arrays.stream(o.names())).collect(Collectors.toSet());
            unmatched.getUnmatched().stream().map(arg -> arg.split("=", 2)[0]).filter(transmitting::contains).forEach(
                    option -> err.println(name + ": " + option + " sets what this side transmits; sniff listens only and sends nothing"));
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see: " + name + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        String prefix = name + ": ";
        Throwable failure = e instanceof UncheckedIOException ? e.getCause() : e;
        if (failure instanceof InvalidConfigurationException) {
            err.println(prefix + "invalid configuration:");
            for (Problem problem : ((InvalidConfigurationException) failure).problems()) {
                String option = OptionNames.of(command.getCommandSpec(), problem.attribute());
                err.println("  " + (option == null ? "" : option + ": ") + problem.message());
            }
            err.println("see: " + name + " --help");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (failure instanceof SocketTimeoutException) {
            err.println(prefix + "timeout: " + failure.getMessage());
            err.flush();
            return ExitCodes.TIMEOUT;
        }
        if (failure instanceof IOException) {
            err.println(prefix + failure.getMessage());
            err.flush();
            return ExitCodes.IO_ERROR;
        }
        err.println(prefix + "unexpected failure: " + failure);
        failure.printStackTrace(err);
        err.flush();
        return ExitCodes.IO_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"isotp " + (version == null ? "(development build)" : version)};
        }
    }
}
