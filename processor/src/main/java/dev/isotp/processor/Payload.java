package dev.isotp.processor;

import com.squareup.javapoet.TypeName;

/**
 * The payload on one side of a method: raw bytes, a buffer, or a typed value with the codec field that turns it into
 * bytes.
 *
 * @param type the typed value's type; null unless {@link Kind#TYPED}
 * @param codecField the generated client's field holding the codec; null unless {@link Kind#TYPED}
 */
record Payload(Kind kind, TypeName type, String codecField) {
    enum Kind { BYTES, BUFFER, TYPED }

    static final Payload BYTES = new Payload(Kind.BYTES, null, null);
    static final Payload BUFFER = new Payload(Kind.BUFFER, null, null);

    static Payload typed(TypeName type, String codecField) {
        return new Payload(Kind.TYPED, type, codecField);
    }

    boolean typed() {
        return kind == Kind.TYPED;
    }
}
