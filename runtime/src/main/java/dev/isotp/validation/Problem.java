package dev.isotp.validation;

import java.util.Objects;

/**
 * One thing wrong with a configuration: the attribute to blame, the rule it breaks, and a sentence that says what is
 * wrong and what is allowed.
 */
public final class Problem {
    private final Attribute attribute;
    private final Rule rule;
    private final String message;
    private final Rule.KernelVerdict verdict;

    Problem(Attribute attribute, Rule rule, String message) {
        this(attribute, rule, message, rule.verdict());
    }

    private Problem(Attribute attribute, Rule rule, String message, Rule.KernelVerdict verdict) {
        this.attribute = Objects.requireNonNull(attribute);
        this.rule = Objects.requireNonNull(rule);
        this.message = Objects.requireNonNull(message);
        this.verdict = Objects.requireNonNull(verdict);
    }

    /** The same problem, with the kernel's verdict on this particular value. */
    Problem withVerdict(Rule.KernelVerdict kernelVerdict) {
        return new Problem(attribute, rule, message, kernelVerdict);
    }

    /**
     * {@return the attribute whose value is wrong} Where two values clash, the one named second in the message's
     * advice.
     */
    public Attribute attribute() {
        return attribute;
    }

    /** {@return the rule the value breaks} */
    public Rule rule() {
        return rule;
    }

    /**
     * How the kernel treats this value: the rule's {@link Rule#verdict()}, except where the kernel's own check depends
     * on the value (an id the kernel takes with another meaning, a receive id it ignores; see {@link Rule#ID_NOT_11_BIT}).
     *
     * @return the kernel's verdict on this value
     */
    public Rule.KernelVerdict verdict() {
        return verdict;
    }

    /** {@return the sentence shown to the user; it starts with the attribute's name} */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Problem
                && ((Problem) o).attribute == attribute
                && ((Problem) o).rule == rule
                && ((Problem) o).verdict == verdict
                && ((Problem) o).message.equals(message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, rule, message, verdict);
    }

    @Override
    public String toString() {
        return message;
    }
}
