package dev.isotp.processor;

import com.squareup.javapoet.TypeName;

/**
 * The payload on one side of a method: raw bytes, a buffer, or a typed value with the codec field that turns it into
 * bytes.
 */
final class Payload {
    enum Kind { BYTES, BUFFER, TYPED }

    final Kind kind;
    /** The typed value's type; null unless {@link Kind#TYPED}. */
    final TypeName type;
    /** The generated client's field holding the codec; null unless {@link Kind#TYPED}. */
    final String codecField;

    private Payload(Kind kind, TypeName type, String codecField) {
        this.kind = kind;
        this.type = type;
        this.codecField = codecField;
    }

    static final Payload BYTES = new Payload(Kind.BYTES, null, null);
    static final Payload BUFFER = new Payload(Kind.BUFFER, null, null);

    static Payload typed(TypeName type, String codecField) {
        return new Payload(Kind.TYPED, type, codecField);
    }

    boolean typed() {
        return kind == Kind.TYPED;
    }
}
