package dev.isotp.processor;

import dev.isotp.PayloadCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one codec named in {@code codecs} or {@code @IsoTpChannel.Codec}: it exists, the generated client can create
 * it (a class, not abstract, reachable, with a public no-argument constructor), and it names its payload type.
 */
final class CodecCheck {
    /** A codec as named: usable, or refused (then methods of its payload type get no further error). */
    static final class Codec {
        final TypeElement element;
        /** The codec's T; null where the codec cannot be found. */
        final TypeMirror payloadType;
        /** Where it was named. */
        final AnnotationMirror annotation;
        final AnnotationValue value;
        final boolean usable;

        Codec(TypeElement element, TypeMirror payloadType, AnnotationMirror annotation, AnnotationValue value,
                boolean usable) {
            this.element = element;
            this.payloadType = payloadType;
            this.annotation = annotation;
            this.value = value;
            this.usable = usable;
        }
    }

    private final Elements elements;
    private final Types types;
    private final TypeElement payloadCodec;

    CodecCheck(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
        this.payloadCodec = elements.getTypeElement(PayloadCodec.class.getCanonicalName());
    }

    /**
     * Checks the codec a class literal names; reports on {@code value} where it is not {@link Codec#usable}.
     *
     * @param owner the element the annotation is on
     * @param annotated the annotated interface, whose package the generated client shares
     */
    Codec check(AnnotationValue value, Element owner, AnnotationMirror annotation, TypeElement annotated,
            Diagnostics diagnostics) {
        Object raw = value.getValue();
        if (!(raw instanceof TypeMirror) || ((TypeMirror) raw).getKind() != TypeKind.DECLARED) {
            diagnostics.unresolved(Message.CODEC_UNRESOLVED.format(value), owner, annotation, value);
            return new Codec(null, null, annotation, value, false);
        }
        TypeElement codec = (TypeElement) ((DeclaredType) raw).asElement();
        String name = codec.getQualifiedName().toString();
        TypeMirror payload = codec.getTypeParameters().isEmpty() ? payloadType(codec) : null;
        if (payload == null) {
            // javac refuses such a class literal for Class<? extends PayloadCodec<?>>
            throw new IllegalStateException("codec " + name + " names no concrete payload type");
        }
        String notInstantiable = notInstantiable(codec, elements.getPackageOf(annotated));
        if (notInstantiable != null) {
            diagnostics.error(Message.CODEC_NOT_INSTANTIABLE.format(name, notInstantiable), owner, annotation, value);
            return new Codec(codec, payload, annotation, value, false);
        }
        return new Codec(codec, payload, annotation, value, true);
    }

    /** Why the generated client cannot create the codec, or null where it can. */
    private static String notInstantiable(TypeElement codec, PackageElement clientPackage) {
        ElementKind kind = codec.getKind();
        if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
            return "it is " + (kind == ElementKind.ENUM ? "an enum" : "an interface");
        }
        if (codec.getModifiers().contains(Modifier.ABSTRACT)) {
            return "it is abstract";
        }
        for (Element e = codec; e instanceof TypeElement; e = e.getEnclosingElement()) {
            TypeElement t = (TypeElement) e;
            if (t.getNestingKind() == NestingKind.MEMBER && t.getEnclosingElement().getKind().isClass()
                    && !t.getModifiers().contains(Modifier.STATIC)) {
                return t.getSimpleName() + " is an inner class: make it static";
            }
            if (!reachable(t.getModifiers(), t, clientPackage)) {
                return t.getSimpleName() + " is not public";
            }
        }
        ExecutableElement noArgs = null;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(codec.getEnclosedElements())) {
            if (constructor.getParameters().isEmpty()) {
                noArgs = constructor;
            }
        }
        if (noArgs == null) {
            return "it has no no-argument constructor";
        }
        if (!reachable(noArgs.getModifiers(), codec, clientPackage)) {
            return "its no-argument constructor is not public";
        }
        return null;
    }

    private static boolean reachable(Set<Modifier> modifiers, TypeElement in, PackageElement clientPackage) {
        if (modifiers.contains(Modifier.PUBLIC)) {
            return true;
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            return false;
        }
        Element e = in;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return e.equals(clientPackage);
    }

    /** The T of the {@code PayloadCodec<T>} the codec implements; null where it is raw or not concrete. */
    private TypeMirror payloadType(TypeElement codec) {
        Deque<TypeMirror> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(codec.asType());
        while (!todo.isEmpty()) {
            TypeMirror t = todo.poll();
            if (!seen.add(t.toString())) {
                continue;
            }
            if (t.getKind() == TypeKind.DECLARED && ((DeclaredType) t).asElement().equals(payloadCodec)) {
                DeclaredType dt = (DeclaredType) t;
                if (dt.getTypeArguments().size() != 1) {
                    return null;
                }
                TypeMirror arg = dt.getTypeArguments().get(0);
                return arg.getKind() == TypeKind.DECLARED || arg.getKind() == TypeKind.ARRAY ? arg : null;
            }
            todo.addAll(types.directSupertypes(t));
        }
        return null;
    }
}
