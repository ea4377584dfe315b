package dev.isotp.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The abstract methods a client of an interface must implement, in a fixed order: the interface's own in source
 * order, then those of its superinterfaces, depth first. Default and static methods, and the public methods of
 * {@code Object} an interface may redeclare (toString, equals, hashCode), are left out.
 */
final class ChannelMethods {
    private final Elements elements;
    private final Types types;

    ChannelMethods(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    List<ExecutableElement> abstractMethods(TypeElement type) {
        Set<ExecutableElement> members = new HashSet<>(ElementFilter.methodsIn(elements.getAllMembers(type)));
        DeclaredType declared = (DeclaredType) type.asType();
        List<ExecutableElement> result = new ArrayList<>();
        Set<String> signatures = new HashSet<>();
        for (TypeElement t : hierarchy(type)) {
            for (ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
                if (!m.getModifiers().contains(Modifier.ABSTRACT) || !members.contains(m) || isObjectMethod(m)) {
                    continue;
                }
                if (signatures.add(signature(m, declared))) {
                    result.add(m);
                }
            }
        }
        return result;
    }

    /** The interface and its superinterfaces, depth first, each once. */
    private Set<TypeElement> hierarchy(TypeElement type) {
        Set<TypeElement> out = new LinkedHashSet<>();
        visit(type, out);
        return out;
    }

    private void visit(TypeElement type, Set<TypeElement> out) {
        if (!out.add(type)) {
            return;
        }
        for (TypeMirror parent : type.getInterfaces()) {
            if (parent.getKind() == TypeKind.DECLARED) {
                Element e = types.asElement(parent);
                if (e instanceof TypeElement) {
                    visit((TypeElement) e, out);
                }
            }
        }
    }

    private String signature(ExecutableElement m, DeclaredType in) {
        ExecutableType t = (ExecutableType) types.asMemberOf(in, m);
        StringBuilder s = new StringBuilder(m.getSimpleName()).append('(');
        for (TypeMirror p : t.getParameterTypes()) {
            s.append(types.erasure(p)).append(',');
        }
        return s.append(')').toString();
    }

    private static boolean isObjectMethod(ExecutableElement m) {
        String name = m.getSimpleName().toString();
        int params = m.getParameters().size();
        return (params == 0 && (name.equals("toString") || name.equals("hashCode")))
                || (params == 1 && name.equals("equals")
                        && m.getParameters().get(0).asType().toString().equals("java.lang.Object"));
    }
}
