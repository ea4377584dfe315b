package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import javax.lang.model.type.TypeMirror;

/**
 * A codec the generated client instantiates once, in a field of its own.
 *
 * @param payloadType the codec's T, as in {@code PayloadCodec<T>}
 * @param field the name of the generated client's field that holds it
 */
record CodecModel(ClassName codecClass, TypeMirror payloadType, String field) {
}
