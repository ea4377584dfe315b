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

    Problem(Attribute attribute, Rule rule, String message) {
        this.attribute = Objects.requireNonNull(attribute);
        this.rule = Objects.requireNonNull(rule);
        this.message = Objects.requireNonNull(message);
    }

    /** The attribute whose value is wrong; where two values clash, the one named second in the message's advice. */
    public Attribute attribute() {
        return attribute;
    }

    public Rule rule() {
        return rule;
    }

    /** The sentence shown to the user; it starts with the attribute's name. */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Problem
                && ((Problem) o).attribute == attribute
                && ((Problem) o).rule == rule
                && ((Problem) o).message.equals(message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, rule, message);
    }

    @Override
    public String toString() {
        return message;
    }
}
