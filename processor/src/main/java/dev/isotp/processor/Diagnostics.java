package dev.isotp.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The errors found in one annotated interface. They are held until the interface has been checked whole, then
 * written together ({@link #flushTo}) or dropped, when the interface waits for a later round.
 */
final class Diagnostics {
    private static final class Entry {
        final String message;
        final Element element;
        final AnnotationMirror annotation;
        final AnnotationValue value;
        final boolean unresolved;

        Entry(String message, Element element, AnnotationMirror annotation, AnnotationValue value,
                boolean unresolved) {
            this.message = message;
            this.element = element;
            this.annotation = annotation;
            this.value = value;
            this.unresolved = unresolved;
        }
    }

    private final List<Entry> errors = new ArrayList<>();
    private boolean unresolved;

    /**
     * An error caused by a type that cannot be found (yet): another processor may still write it, so the interface
     * is judged again in the next round. If it never appears, the compiler reports it ("cannot find symbol"), so
     * this error is not written ({@link #flushTo}).
     */
    void unresolved(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        unresolved = true;
        errors.add(new Entry(message, element, annotation, value, true));
    }

    /** True where a type could not be found: the interface should wait for the next round. */
    boolean hasUnresolved() {
        return unresolved;
    }

    /** An error on an element. */
    void error(String message, Element element) {
        errors.add(new Entry(message, element, null, null, false));
    }

    /** An error on an annotation value, or on the annotation itself where {@code value} is null (a default). */
    void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        errors.add(new Entry(message, element, annotation, value, false));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int count() {
        return errors.size();
    }

    /** Writes the errors, except those about types that cannot be found: the compiler reports those itself. */
    void flushTo(Messager messager) {
        for (Entry e : errors) {
            if (e.unresolved) {
                continue;
            }
            if (e.annotation == null) {
                messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element);
            } else if (e.value == null) {
                messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element, e.annotation);
            } else {
                messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element, e.annotation, e.value);
            }
        }
        errors.clear();
    }
}
