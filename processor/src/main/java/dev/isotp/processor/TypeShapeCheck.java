package dev.isotp.processor;

import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Checks the annotated type itself: an interface, reachable from its package, not generic, AutoCloseable. */
final class TypeShapeCheck {
    private final Types types;
    private final TypeElement autoCloseable;

    TypeShapeCheck(Elements elements, Types types) {
        this.types = types;
        this.autoCloseable = elements.getTypeElement(AutoCloseable.class.getCanonicalName());
    }

    /**
     * Reports what is wrong with the type; returns false where its methods cannot be judged at all (not an interface,
     * or generic).
     */
    boolean check(TypeElement type, Diagnostics diagnostics) {
        String name = type.getQualifiedName().toString();
        if (type.getKind() != ElementKind.INTERFACE) {
            diagnostics.error(Message.NOT_AN_INTERFACE.format(name, describe(type.getKind())), type);
            return false;
        }
        String unreachable = unreachable(type);
        if (unreachable != null) {
            diagnostics.error(Message.NOT_REACHABLE.format(name, unreachable), type);
        }
        boolean methodsJudgeable = true;
        if (!type.getTypeParameters().isEmpty()) {
            diagnostics.error(Message.GENERIC_INTERFACE.format(name, type.getTypeParameters().stream()
                    .map(Object::toString).collect(Collectors.joining(", ", "<", ">"))), type);
            methodsJudgeable = false;
        }
        if (!types.isAssignable(types.erasure(type.asType()), autoCloseable.asType())) {
            diagnostics.error(Message.NOT_AUTO_CLOSEABLE.format(type.getSimpleName()), type);
        }
        return methodsJudgeable;
    }

    /**
     * Why a client in the type's package cannot implement it, or null where it can. (Local interfaces never reach a
     * processor: javac does not offer types declared inside methods.)
     */
    private static String unreachable(TypeElement type) {
        Element e = type;
        while (e instanceof TypeElement) {
            TypeElement t = (TypeElement) e;
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                return t.getSimpleName() + " is private";
            }
            e = t.getEnclosingElement();
        }
        return null;
    }

    private static String describe(ElementKind kind) {
        switch (kind) {
            case ANNOTATION_TYPE:
                return "an annotation type";
            case ENUM:
                return "an enum";
            case CLASS:
                return "a class";
            default:
                return "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
