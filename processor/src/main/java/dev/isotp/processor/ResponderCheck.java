package dev.isotp.processor;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Checks the {@code responders} of a functional channel: the channel sends single frames to every ECU
 * (sfBroadcast), in a mode whose ids are given or derived as plain CAN ids, and each responder's ids pass the same
 * validator as a channel's own.
 */
final class ResponderCheck {
    private static final Set<AddressingMode> MODES =
            EnumSet.of(AddressingMode.NORMAL_11, AddressingMode.NORMAL_29, AddressingMode.NORMAL_FIXED_29);

    private final Elements elements;

    ResponderCheck(Elements elements) {
        this.elements = elements;
    }

    /**
     * The responders as (rxid, txid) pairs; an empty array where none are declared; null where they break a rule
     * (reported).
     */
    int[] check(TypeElement type, AnnotationMirror annotation, Diagnostics diagnostics) {
        AnnotationValue written = null;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : annotation.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals("responders")) {
                written = e.getValue();
            }
        }
        if (written == null || !(written.getValue() instanceof List) || ((List<?>) written.getValue()).isEmpty()) {
            return new int[0];
        }
        boolean sfBroadcast = false;
        AddressingMode mode = AddressingMode.NORMAL_11;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(annotation).entrySet()) {
            String name = e.getKey().getSimpleName().toString();
            Object v = e.getValue().getValue();
            if (name.equals("sfBroadcast") && v instanceof Boolean) {
                sfBroadcast = (Boolean) v;
            } else if (name.equals("mode") && v instanceof VariableElement) {
                mode = AddressingMode.valueOf(((VariableElement) v).getSimpleName().toString());
            }
        }
        boolean ok = true;
        if (!sfBroadcast) {
            diagnostics.error(Message.RESPONDERS_NEED.format("need sfBroadcast = true: a functional request is one "
                    + "single frame to every ECU, sent without waiting for flow control (Linux 5.11+)"),
                    type, annotation, written);
            ok = false;
        }
        if (!MODES.contains(mode)) {
            diagnostics.error(Message.RESPONDERS_NEED.format("work in NORMAL_11, NORMAL_29 and NORMAL_FIXED_29, not "
                    + mode + ": each responder's socket is bound to plain CAN ids"), type, annotation, written);
            ok = false;
        }
        AddressingMode idMode = mode == AddressingMode.NORMAL_11 ? AddressingMode.NORMAL_11 : AddressingMode.NORMAL_29;
        List<Integer> ids = new ArrayList<>();
        for (Object o : (List<?>) written.getValue()) {
            AnnotationValue value = (AnnotationValue) o;
            if (!(value.getValue() instanceof AnnotationMirror)) {
                return null; // javac reports it
            }
            AnnotationMirror responder = (AnnotationMirror) value.getValue();
            Integer rxid = null;
            Integer txid = null;
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                    : responder.getElementValues().entrySet()) {
                Object v = e.getValue().getValue();
                if (!(v instanceof Integer)) {
                    return null;
                }
                if (e.getKey().getSimpleName().contentEquals("rxid")) {
                    rxid = (Integer) v;
                } else {
                    txid = (Integer) v;
                }
            }
            if (rxid == null || txid == null) {
                return null; // javac reports the missing element
            }
            List<Problem> problems = IsoTpConfig.builder().iface("vcan0").mode(idMode)
                    .rxid(rxid & 0xFFFFFFFFL).txid(txid & 0xFFFFFFFFL).validate();
            for (Problem p : problems) {
                if (p.attribute() == Attribute.RXID || p.attribute() == Attribute.TXID) {
                    String shown = String.format("@Responder(rxid = 0x%X, txid = 0x%X)", rxid, txid);
                    diagnostics.error(Message.RESPONDER_INVALID.format(shown, p.message()), type, annotation, value);
                    ok = false;
                }
            }
            ids.add(rxid);
            ids.add(txid);
        }
        return ok ? ids.stream().mapToInt(Integer::intValue).toArray() : null;
    }
}
