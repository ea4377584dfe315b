package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.isotp.AddressingMode;
import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Judges the values of one {@code @IsoTpChannel} with the runtime's validator: it fills an
 * {@link IsoTpConfig.Builder} with the values as written and reports each {@link Problem} on the value it names.
 * No limit or message lives here.
 */
final class ConfigurationCheck {
    private static final ClassName ADDRESSING_MODE = ClassName.get(AddressingMode.class);

    private final Elements elements;

    ConfigurationCheck(Elements elements) {
        this.elements = elements;
    }

    /**
     * Checks the annotation's values and returns the builder calls of the configuration, in attribute order, or
     * null where a value could not be read (the compiler reports that one itself) or broke a rule (reported).
     */
    List<CodeBlock> check(TypeElement type, AnnotationMirror annotation, Diagnostics diagnostics) {
        Map<String, AnnotationValue> written = new HashMap<>();
        annotation.getElementValues().forEach((e, v) -> written.put(e.getSimpleName().toString(), v));
        Map<String, AnnotationValue> all = new HashMap<>();
        elements.getElementValuesWithDefaults(annotation).forEach((e, v) -> all.put(e.getSimpleName().toString(), v));

        IsoTpConfig.Builder builder = IsoTpConfig.builder();
        List<CodeBlock> calls = new ArrayList<>();
        boolean readable = true;
        for (Attribute attribute : Attribute.values()) {
            String name = attribute.elementName();
            AnnotationValue value = all.get(name);
            if (value == null) {
                diagnostics.error(Message.UNEXPECTED.format(type.getQualifiedName(),
                        "@IsoTpChannel has no element " + name), type, annotation, null);
                readable = false;
                continue;
            }
            Object raw = value.getValue();
            String arguments;
            try {
                arguments = apply(builder, attribute, raw);
            } catch (ClassCastException | IllegalArgumentException e) {
                // an erroneous value (e.g. an unknown constant): javac reports it
                readable = false;
                continue;
            }
            if (arguments != null && written.containsKey(name)) {
                // only written values become code; a default is the builder's own
                calls.add(attribute == Attribute.IFACE ? CodeBlock.of(".iface($S)", arguments)
                        : attribute == Attribute.MODE ? CodeBlock.of(".mode($T.$L)", ADDRESSING_MODE, arguments)
                        : CodeBlock.of(".$L($L)", name, arguments));
            }
        }
        if (!readable) {
            return null;
        }
        List<Problem> problems = builder.validate();
        for (Problem problem : problems) {
            AnnotationValue value = written.get(problem.attribute().elementName());
            diagnostics.error(problem.message(), type, annotation, value);
        }
        return problems.isEmpty() ? calls : null;
    }

    /**
     * Gives one value to the builder as the user wrote it, and returns the same value as the argument of the builder
     * call in code (for {@code iface} the string itself, for {@code mode} the constant's name); null where the value
     * is {@link IsoTpChannel#UNSET}.
     */
    private static String apply(IsoTpConfig.Builder b, Attribute attribute, Object raw) {
        switch (attribute) {
            case IFACE: {
                String v = (String) raw;
                b.iface(v);
                return v;
            }
            case MODE: {
                VariableElement constant = (VariableElement) raw;
                if (constant.getKind() != ElementKind.ENUM_CONSTANT) {
                    throw new IllegalArgumentException(constant.toString());
                }
                AddressingMode mode = AddressingMode.valueOf(constant.getSimpleName().toString());
                b.mode(mode);
                return mode.name();
            }
            case RXID:
            case TXID: {
                int v = (Integer) raw;
                if (v == IsoTpChannel.UNSET) {
                    return null;
                }
                long id = Integer.toUnsignedLong(v);
                if (attribute == Attribute.RXID) {
                    b.rxid(id);
                } else {
                    b.txid(id);
                }
                return hex(id, 3);
            }
            case TARGET_ADDRESS:
            case SOURCE_ADDRESS:
            case ADDRESS_EXTENSION:
            case TX_PADDING:
            case RX_PADDING: {
                int v = (Integer) raw;
                if (v == IsoTpChannel.UNSET) {
                    return null;
                }
                switch (attribute) {
                    case TARGET_ADDRESS: b.targetAddress(v); break;
                    case SOURCE_ADDRESS: b.sourceAddress(v); break;
                    case ADDRESS_EXTENSION: b.addressExtension(v); break;
                    case TX_PADDING: b.txPadding(v); break;
                    default: b.rxPadding(v); break;
                }
                return hex(v, 2);
            }
            case STMIN: {
                int v = (Integer) raw;
                b.stmin(v);
                return hex(v, 2);
            }
            case BS:
            case WFTMAX:
            case TX_DATA_LENGTH: {
                int v = (Integer) raw;
                switch (attribute) {
                    case BS: b.bs(v); break;
                    case WFTMAX: b.wftmax(v); break;
                    default: b.txDataLength(v); break;
                }
                return Integer.toString(v);
            }
            case FUNCTIONAL:
            case CHECK_PADDING_LENGTH:
            case CHECK_PADDING_DATA:
            case HALF_DUPLEX:
            case WAIT_TX_DONE:
            case LISTEN_MODE:
            case SF_BROADCAST:
            case CF_BROADCAST:
            case DYNAMIC_FLOW_CONTROL:
            case CAN_FD:
            case BIT_RATE_SWITCH: {
                boolean v = (Boolean) raw;
                switch (attribute) {
                    case FUNCTIONAL: b.functional(v); break;
                    case CHECK_PADDING_LENGTH: b.checkPaddingLength(v); break;
                    case CHECK_PADDING_DATA: b.checkPaddingData(v); break;
                    case HALF_DUPLEX: b.halfDuplex(v); break;
                    case WAIT_TX_DONE: b.waitTxDone(v); break;
                    case LISTEN_MODE: b.listenMode(v); break;
                    case SF_BROADCAST: b.sfBroadcast(v); break;
                    case CF_BROADCAST: b.cfBroadcast(v); break;
                    case DYNAMIC_FLOW_CONTROL: b.dynamicFlowControl(v); break;
                    case CAN_FD: b.canFd(v); break;
                    default: b.bitRateSwitch(v); break;
                }
                return Boolean.toString(v);
            }
            case TX_STMIN_NANOS:
            case RX_STMIN_NANOS: {
                long v = (Long) raw;
                if (v == IsoTpChannel.UNSET) {
                    return null;
                }
                if (attribute == Attribute.TX_STMIN_NANOS) {
                    b.txStminNanos(v);
                } else {
                    b.rxStminNanos(v);
                }
                return v + "L";
            }
            case FRAME_TX_TIME_NANOS:
            case RECEIVE_TIMEOUT_MILLIS:
            case RECEIVE_BUFFER_SIZE:
            case REQUEST_TIMEOUT_MILLIS: {
                long v = (Long) raw;
                switch (attribute) {
                    case FRAME_TX_TIME_NANOS: b.frameTxTimeNanos(v); break;
                    case RECEIVE_TIMEOUT_MILLIS: b.receiveTimeoutMillis(v); break;
                    case REQUEST_TIMEOUT_MILLIS: b.requestTimeoutMillis(v); break;
                    default: b.receiveBufferSize(v); break;
                }
                return v + "L";
            }
            default:
                throw new IllegalStateException("attribute " + attribute + " is not known to the processor");
        }
    }

    /** An id or byte in hex, with at least {@code digits} digits (0x7E8, 0x05); long ids get the L suffix. */
    private static String hex(long value, int digits) {
        String hex = Long.toHexString(value).toUpperCase(Locale.ROOT);
        return "0x" + "0".repeat(Math.max(0, digits - hex.length())) + hex + (value > Integer.MAX_VALUE ? "L" : "");
    }
}
