package dev.isotp;

import dev.isotp.validation.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration broke one or more rules; {@link #problems()} lists them all, each with what is allowed. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

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

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return problems.size() + " problems in the ISO-TP configuration:" + problems.stream()
                .map(p -> System.lineSeparator() + "  - " + p.message())
                .collect(Collectors.joining());
    }

    /**
     * {@return every problem, in the order the validator found them, unmodifiable} Null in an exception that was
     * deserialized: the list is transient; the message still names every problem.
     */
    public List<Problem> problems() {
        return problems;
    }
}
