package dev.isotp;

import dev.isotp.validation.ConfigValidator;
import dev.isotp.validation.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration broke one or more rules; {@link #problems()} lists them all, each with what is allowed. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Every problem, in the order found; kept through serialization. */
    private final List<Problem> problems;

    /**
     * Creates the exception; its message is the one problem's sentence, or a numbered list of all of them.
     *
     * @param problems what is wrong, at least one, in the order found
     * @throws NullPointerException if {@code problems} is null or holds null
     */
    public InvalidConfigurationException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates the exception for a configuration made from another by {@code cause}'s changes, e.g. overrides: its
     * message says so first ("with ChannelOverrides[rxid=0x7E0]: ..."), so that a problem about a value the user did
     * not change in that step (txid equals rxid) is traced to the change that made it.
     */
    InvalidConfigurationException(String changes, List<Problem> problems) {
        super("with " + changes + ": " + describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Throws this exception with every problem {@code validator} found, if it found any. */
    static void throwIfAny(ConfigValidator validator) {
        List<Problem> problems = validator.problems();
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return problems.size() + " problems in the ISO-TP configuration:" + problems.stream()
                .map(p -> System.lineSeparator() + "  - " + p.message())
                .collect(Collectors.joining());
    }

    /** {@return every problem, in the order the validator found them, unmodifiable; kept through serialization} */
    public List<Problem> problems() {
        return problems;
    }
}
