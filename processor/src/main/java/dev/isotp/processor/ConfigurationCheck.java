package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Judges the values of one {@code @IsoTpChannel} with the runtime's validator: it fills an
 * {@link IsoTpConfig.Builder} with the values as written and reports each {@link Problem} on the value it names.
 * No limit or message lives here.
 */
final class ConfigurationCheck {
    private static final ClassName ADDRESSING_MODE = ClassName.get(AddressingMode.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /**
     * Checks the annotation's values and returns the builder calls of the configuration, in attribute order, or
     * null where a value could not be read (the compiler reports that one itself) or broke a rule (reported).
     *
     * <p>{@code uds} is the interface's {@code @UdsChannel}, or null: its elements are attributes too, and its presence
     * sets the attribute {@code uds}; a problem with one of them is reported on that annotation.
     *
     * <p>Only the elements written in the annotation count: the annotation mirror holds exactly those, so an element's
     * default (such as {@link IsoTpChannel#UNSET}) is never mistaken for a value, and any value the user writes, -1
     * included, is judged as the builder would judge the same number.
     */
    List<CodeBlock> check(TypeElement type, AnnotationMirror annotation, AnnotationMirror uds, Diagnostics diagnostics) {
        Map<Attribute, AnnotationValue> written = new EnumMap<>(Attribute.class);
        Map<Attribute, AnnotationMirror> writtenOn = new EnumMap<>(Attribute.class);
        for (AnnotationMirror mirror : uds == null ? List.of(annotation) : List.of(annotation, uds)) {
            mirror.getElementValues().forEach((element, value) -> {
                Attribute attribute = Attribute.forElementName(element.getSimpleName().toString());
                if (attribute != null) {
                    written.put(attribute, value);
                    writtenOn.put(attribute, mirror);
                }
            });
        }

        IsoTpConfig.Builder builder = IsoTpConfig.builder();
        List<CodeBlock> calls = new ArrayList<>();
        boolean readable = true;
        for (Map.Entry<Attribute, AnnotationValue> entry : written.entrySet()) {
            Attribute attribute = entry.getKey();
            Object value = entry.getValue().getValue();
            if (value instanceof VariableElement) {
                VariableElement constant = (VariableElement) value;
                if (constant.getKind() != ElementKind.ENUM_CONSTANT || attribute.kind() != Attribute.Kind.MODE) {
                    readable = false; // an erroneous value: javac reports it
                    continue;
                }
                value = AddressingMode.valueOf(constant.getSimpleName().toString());
            }
            if (value instanceof List) {
                // an array element's values, e.g. subFunctionServices = {0xBA, 0xBB}
                List<Object> numbers = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    numbers.add(element instanceof AnnotationValue ? ((AnnotationValue) element).getValue() : element);
                }
                value = numbers;
            }
            try {
                builder.set(attribute, value);
            } catch (IllegalArgumentException e) {
                readable = false; // a value of the wrong type (an error javac reports itself)
                continue;
            }
            calls.add(call(attribute, value));
        }
        if (!readable) {
            return null;
        }
        if (uds != null) {
            // @UdsChannel's presence is the value of the attribute uds
            builder.set(Attribute.UDS, true);
            calls.add(call(Attribute.UDS, true));
            writtenOn.put(Attribute.UDS, uds);
        }
        List<Problem> problems = builder.validate();
        for (Problem problem : problems) {
            diagnostics.error(problem.message(), type, writtenOn.getOrDefault(problem.attribute(), annotation),
                    written.get(problem.attribute()));
        }
        return problems.isEmpty() ? calls : null;
    }

    /**
     * The builder call that sets {@code value} as written: {@code .iface("vcan0")}, {@code .mode(AddressingMode.MIXED_11)},
     * {@code .rxid(0x7E8)}, {@code .bs(8)}, {@code .txStminNanos(500000L)}. Ids and bytes in hex, as the element's
     * own type (an int written 0xFFFFFFFF stays that int), so the builder receives the very number the user wrote.
     */
    static CodeBlock call(Attribute attribute, Object value) {
        String name = attribute.elementName();
        switch (attribute.kind()) {
            case TEXT:
                return CodeBlock.of(".$L($S)", name, value);
            case MODE:
                return CodeBlock.of(".$L($T.$L)", name, ADDRESSING_MODE, ((AddressingMode) value).name());
            case FLAG:
                return CodeBlock.of(".$L($L)", name, value);
            case NUMBERS:
                return CodeBlock.of(".$L($L)", name, ((List<?>) value).stream()
                        .map(v -> numberLiteral((Number) v, attribute.isHex())).collect(java.util.stream.Collectors.joining(", ")));
            default:
                return CodeBlock.of(".$L($L)", name, numberLiteral((Number) value, attribute.isHex()));
        }
    }

    private static String numberLiteral(Number value, boolean hex) {
        boolean isLong = value instanceof Long;
        String suffix = isLong ? "L" : "";
        if (!hex) {
            return value + suffix;
        }
        String digits = isLong ? HEX.toHexDigits(value.longValue()) : HEX.toHexDigits(value.intValue());
        digits = digits.replaceFirst("^0+(?=..)", "");
        return "0x" + digits + suffix;
    }
}
