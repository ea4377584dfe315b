package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import javax.lang.model.type.TypeMirror;

/** A codec the generated client instantiates once, in a field of its own. */
final class CodecModel {
    final ClassName codecClass;
    /** The codec's T, as in {@code PayloadCodec<T>}. */
    final TypeMirror payloadType;
    final String field;

    CodecModel(ClassName codecClass, TypeMirror payloadType, String field) {
        this.codecClass = codecClass;
        this.payloadType = payloadType;
        this.field = field;
    }
}
