package dev.isotp.processor;

import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Types and methods as messages show them: simple names, e.g. {@code request(byte[], Duration)}. */
final class TypeDescriptions {
    private TypeDescriptions() {
    }

    static String type(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) {
            return type(((ArrayType) type).getComponentType()) + "[]";
        }
        if (type.getKind() == TypeKind.DECLARED) {
            DeclaredType declared = (DeclaredType) type;
            String name = declared.asElement().getSimpleName().toString();
            if (declared.getTypeArguments().isEmpty()) {
                return name;
            }
            return name + declared.getTypeArguments().stream().map(TypeDescriptions::type)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        return type.toString();
    }

    /** {@code name(types)}, prefixed with the declaring interface where the method is inherited. */
    static String method(ExecutableElement method, ExecutableType type, TypeElement annotated) {
        String signature = method.getSimpleName() + type.getParameterTypes().stream().map(TypeDescriptions::type)
                .collect(Collectors.joining(", ", "(", ")"));
        if (method.getEnclosingElement().equals(annotated)) {
            return signature;
        }
        return method.getEnclosingElement().getSimpleName() + "." + signature;
    }
}
