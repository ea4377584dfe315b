package dev.isotp.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The errors found in one annotated interface, kept until the interface has been checked whole, then handed to a
 * {@link Report} or dropped, when the interface waits for a later round.
 *
 * <p>An error about an element outside the annotated interface (a method inherited from an interface compiled
 * earlier, a codec class) is re-targeted in one place onto the annotated interface, naming the element, so that it
 * has a file and a line the user can act on (as Dagger's ValidationReport does).
 */
final class Diagnostics {
    /** One error, where it is shown. */
    static final class Entry {
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

    private final TypeElement subject;
    private final List<Entry> errors = new ArrayList<>();
    private boolean unresolved;

    /** The errors of {@code subject}, the annotated interface. */
    Diagnostics(TypeElement subject) {
        this.subject = subject;
    }

    /**
     * An error caused by a type that cannot be found (yet): another processor may still write it, so the interface
     * is judged again in the next round. If it never appears, the compiler reports it ("cannot find symbol"), so
     * this error is not written.
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
        error(message, element, null, null);
    }

    /** An error on an annotation value, or on the annotation itself where {@code value} is null (a default). */
    void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        if (element != null && !within(element, subject)) {
            // outside the interface's source: shown on the interface, naming where it comes from
            errors.add(new Entry("in " + describe(element) + ": " + message, subject, null, null, false));
            return;
        }
        errors.add(new Entry(message, element, annotation, value, false));
    }

    private static boolean within(Element element, TypeElement type) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            if (e.equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Element element) {
        if (element instanceof ExecutableElement) {
            return element.getEnclosingElement() + "." + element;
        }
        if (element.getKind() == ElementKind.PARAMETER) {
            return "parameter " + element.getSimpleName() + " of " + describe(element.getEnclosingElement());
        }
        return element.toString();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int count() {
        return errors.size();
    }

    /** Hands the errors to {@code report}, except those about types that cannot be found: javac reports those. */
    void flushTo(Report report) {
        for (Entry e : errors) {
            if (!e.unresolved) {
                report.add(e);
            }
        }
        errors.clear();
    }

    /**
     * Every error of a round, printed once, in source order (by file, then position), whatever order the interfaces
     * and checks were visited in.
     */
    static final class Report {
        private final Messager messager;
        private final Trees trees;
        private final List<Entry> entries = new ArrayList<>();

        Report(ProcessingEnvironment environment) {
            messager = environment.getMessager();
            Trees t;
            try {
                t = Trees.instance(environment);
            } catch (IllegalArgumentException | LinkageError notJavac) {
                t = null; // another compiler: errors keep the order they were found in
            }
            trees = t;
        }

        void add(Entry entry) {
            entries.add(entry);
        }

        /** Prints every error collected, in source order, and forgets them. */
        void print() {
            if (trees != null) {
                entries.sort(Comparator.comparing(this::file).thenComparingLong(this::position));
            }
            for (Entry e : entries) {
                if (e.annotation == null) {
                    messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element);
                } else if (e.value == null) {
                    messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element, e.annotation);
                } else {
                    messager.printMessage(Diagnostic.Kind.ERROR, e.message, e.element, e.annotation, e.value);
                }
            }
            entries.clear();
        }

        private String file(Entry e) {
            TreePath path = trees.getPath(e.element);
            return path == null ? "" : path.getCompilationUnit().getSourceFile().getName();
        }

        private long position(Entry e) {
            // the narrowest place javac can find: a value it cannot locate (e.g. inside an array) falls back to its
            // annotation, then to the element, where javac's own message will point as well
            TreePath path = e.annotation != null && e.value != null ? trees.getPath(e.element, e.annotation, e.value) : null;
            if (path == null && e.annotation != null) {
                path = trees.getPath(e.element, e.annotation);
            }
            if (path == null) {
                path = trees.getPath(e.element);
            }
            if (path == null) {
                return Long.MAX_VALUE;
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            SourcePositions positions = trees.getSourcePositions();
            Tree leaf = path.getLeaf();
            // javac points at a declaration's name, after its annotations: sort it there, not at its first annotation
            ModifiersTree modifiers = leaf instanceof ClassTree ? ((ClassTree) leaf).getModifiers()
                    : leaf instanceof MethodTree ? ((MethodTree) leaf).getModifiers()
                    : leaf instanceof VariableTree ? ((VariableTree) leaf).getModifiers() : null;
            long afterModifiers = modifiers == null ? -1 : positions.getEndPosition(unit, modifiers);
            return afterModifiers > 0 ? afterModifiers : positions.getStartPosition(unit, leaf);
        }
    }
}
