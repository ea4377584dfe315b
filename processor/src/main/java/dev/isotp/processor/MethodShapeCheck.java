package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.TypeName;
import dev.isotp.IsoTpChannel;
import dev.isotp.validation.Attribute;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Tells the shape of each abstract method of a channel interface from its types, and finds the codec of each typed
 * payload: the method's own {@code @IsoTpChannel.Codec} first, then the interface's {@code codecs}.
 */
final class MethodShapeCheck {
    /** The checked methods and the codecs they use, each codec once. */
    static final class Result {
        final List<MethodModel> methods;
        final List<CodecModel> codecs;

        Result(List<MethodModel> methods, List<CodecModel> codecs) {
            this.methods = methods;
            this.codecs = codecs;
        }
    }

    /** What one parameter or return type is, as far as shapes go. */
    private enum Kind { VOID, INT, BYTES, BUFFER, DURATION, TIMING, OPTIONAL, ANSWERS, FUTURE, TYPED, OTHER, UNRESOLVED }

    private final Elements elements;
    private final Types types;
    private final ChannelMethods channelMethods;
    private final CodecCheck codecCheck;
    private final TypeElement codecAnnotation;
    private final TypeElement negativeAsAnswerAnnotation;
    private final TypeMirror ioException;
    private final TypeMirror socketTimeout;
    private final TypeMirror isoTpException;
    private final TypeMirror runtimeException;
    private final TypeMirror error;

    MethodShapeCheck(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
        this.channelMethods = new ChannelMethods(elements, types);
        this.codecCheck = new CodecCheck(elements, types);
        this.codecAnnotation = elements.getTypeElement(IsoTpChannel.Codec.class.getCanonicalName());
        this.negativeAsAnswerAnnotation = elements.getTypeElement(
                dev.isotp.UdsChannel.NegativeResponseAsAnswer.class.getCanonicalName());
        this.ioException = elements.getTypeElement(IOException.class.getCanonicalName()).asType();
        this.socketTimeout = elements.getTypeElement(java.net.SocketTimeoutException.class.getCanonicalName()).asType();
        this.isoTpException = elements.getTypeElement(dev.isotp.IsoTpException.class.getCanonicalName()).asType();
        this.runtimeException = elements.getTypeElement(RuntimeException.class.getCanonicalName()).asType();
        this.error = elements.getTypeElement(Error.class.getCanonicalName()).asType();
    }

    /**
     * @param functional true where the interface declares responders (a functional channel)
     * @param uds true where the interface is annotated {@code @UdsChannel}
     */
    Result check(TypeElement type, AnnotationMirror annotation, boolean functional, boolean uds,
            Diagnostics diagnostics) {
        List<CodecCheck.Codec> interfaceCodecs = interfaceCodecs(type, annotation, diagnostics);
        Map<TypeElement, CodecModel> used = new LinkedHashMap<>();
        Set<String> fieldNames = new HashSet<>(List.of("channel", "CONFIG"));
        List<MethodModel> methods = new ArrayList<>();
        DeclaredType declared = (DeclaredType) type.asType();
        String broadcast = functional ? null : broadcastFlag(annotation);
        for (ExecutableElement method : channelMethods.abstractMethods(type)) {
            MethodModel model = method(type, declared, method, interfaceCodecs, used, fieldNames, functional,
                    broadcast, uds, diagnostics);
            if (model != null) {
                methods.add(model);
            }
        }
        return new Result(methods, new ArrayList<>(used.values()));
    }

    /**
     * "sfBroadcast" or "cfBroadcast" where the annotation sets that flag to true (the first of them), else null: a
     * socket with either flag registers no receiver for its rx id (isotp_bind()), so it receives nothing.
     */
    private static String broadcastFlag(AnnotationMirror annotation) {
        for (String flag : List.of(Attribute.SF_BROADCAST.elementName(), Attribute.CF_BROADCAST.elementName())) {
            AnnotationValue written = writtenValue(annotation, flag);
            if (written != null && Boolean.TRUE.equals(written.getValue())) {
                return flag;
            }
        }
        return null;
    }

    private List<CodecCheck.Codec> interfaceCodecs(TypeElement type, AnnotationMirror annotation,
            Diagnostics diagnostics) {
        List<CodecCheck.Codec> codecs = new ArrayList<>();
        AnnotationValue written = writtenValue(annotation, "codecs");
        if (written == null) {
            return codecs;
        }
        for (AnnotationValue value : arrayOf(written)) {
            CodecCheck.Codec codec = codecCheck.check(value, type, annotation, type, diagnostics);
            CodecCheck.Codec same = codec.payloadType == null ? null : find(codecs, codec.payloadType);
            if (same != null && same.usable && codec.usable) {
                diagnostics.error(Message.CODEC_AMBIGUOUS.format(same.element.getQualifiedName(),
                        codec.element.getQualifiedName(), TypeDescriptions.type(codec.payloadType)),
                        type, annotation, value);
                continue;
            }
            codecs.add(codec);
        }
        return codecs;
    }

    private MethodModel method(TypeElement type, DeclaredType declared, ExecutableElement method,
            List<CodecCheck.Codec> interfaceCodecs, Map<TypeElement, CodecModel> used, Set<String> fieldNames,
            boolean functional, String broadcast, boolean uds, Diagnostics diagnostics) {
        ExecutableType t = (ExecutableType) types.asMemberOf(declared, method);
        String described = TypeDescriptions.method(method, t, type);
        // errors on an inherited method go on the annotated interface, where the user can see them
        Element at = method.getEnclosingElement().equals(type) ? method : type;
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.error(Message.METHOD_GENERIC.format(described), at);
            return null;
        }
        List<? extends TypeMirror> params = t.getParameterTypes();
        TypeMirror returned = t.getReturnType();
        for (TypeMirror p : params) {
            if (kind(p) == Kind.UNRESOLVED) {
                diagnostics.unresolved(Message.TYPE_UNRESOLVED.format(described, p), at, null, null);
                return null;
            }
        }
        if (kind(returned) == Kind.UNRESOLVED) {
            diagnostics.unresolved(Message.TYPE_UNRESOLVED.format(described, returned), at, null, null);
            return null;
        }

        boolean async = kind(returned) == Kind.FUTURE;
        Kind returnedKind = kind(returned);
        if (async) {
            // the shape is the one of the synchronous method returning what the future completes with
            String written = TypeDescriptions.type(returned);
            List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
            if (args.size() != 1 || args.get(0).getKind() == TypeKind.WILDCARD) {
                diagnostics.error(Message.ASYNC_TYPE_ARGUMENT.format(described, written), at);
                return null;
            }
            returned = args.get(0);
            returnedKind = isVoid(returned) ? Kind.VOID : kind(returned);
            if (returnedKind == Kind.UNRESOLVED) {
                diagnostics.unresolved(Message.TYPE_UNRESOLVED.format(described, returned), at, null, null);
                return null;
            }
            MethodShape shape = shape(method, params, returned, returnedKind);
            if (!asyncForm(shape, params)) {
                diagnostics.error(Message.ASYNC_SHAPE.format(described, written), at);
                return null;
            }
            if (!t.getThrownTypes().isEmpty()) {
                diagnostics.error(Message.ASYNC_THROWS.format(described, t.getThrownTypes().stream()
                        .map(TypeDescriptions::type).collect(java.util.stream.Collectors.joining(", "))), at);
                return null;
            }
        }
        MethodShape shape = shape(method, params, returned, returnedKind);
        if (shape == null) {
            diagnostics.error(Message.METHOD_SHAPE.format(described), at);
            return null;
        }
        if (shape == MethodShape.FUNCTIONAL_REQUEST && !functional) {
            diagnostics.error(Message.FUNCTIONAL_WITHOUT_RESPONDERS.format(described), at);
            return null;
        }
        if (functional && shape != MethodShape.FUNCTIONAL_REQUEST && shape != MethodShape.SEND
                && shape != MethodShape.CLOSE) {
            diagnostics.error(Message.RECEIVE_ON_FUNCTIONAL.format(described), at);
            return null;
        }
        if (broadcast != null && shape != MethodShape.SEND && shape != MethodShape.CLOSE) {
            // the runtime refuses such a receive at once (IsoTpSocket)
            diagnostics.error(Message.RECEIVE_ON_BROADCAST.format(described, broadcast), at);
            return null;
        }
        if (shape == MethodShape.REQUEST_TIMING && !uds) {
            diagnostics.error(Message.TIMING_WITHOUT_UDS.format(described), at);
            return null;
        }
        AnnotationMirror negativeAsAnswer = annotationOn(method, negativeAsAnswerAnnotation);
        if (negativeAsAnswer != null && (!uds || (shape != MethodShape.REQUEST && shape != MethodShape.REQUEST_TIMEOUT
                && shape != MethodShape.REQUEST_TIMING))) {
            diagnostics.error(Message.NEGATIVE_AS_ANSWER_MISPLACED.format(described),
                    method.getEnclosingElement().equals(type) ? method : type,
                    method.getEnclosingElement().equals(type) ? negativeAsAnswer : null, null);
            return null;
        }
        Thrown thrown = async ? new Thrown(false, List.of()) : thrown(shape, t, described, at, diagnostics);
        TypeMirror sentType = null;
        TypeMirror receivedType = null;
        switch (shape) {
            case SEND:
            case REQUEST:
            case REQUEST_TIMEOUT:
            case REQUEST_TIMING:
            case FUNCTIONAL_REQUEST:
                sentType = params.get(0);
                break;
            default:
                break;
        }
        switch (shape) {
            case RECEIVE:
            case RECEIVE_TIMEOUT:
            case REQUEST:
            case REQUEST_TIMEOUT:
            case REQUEST_TIMING:
                receivedType = returned;
                break;
            case RECEIVE_OPTIONAL:
                receivedType = ((DeclaredType) returned).getTypeArguments().get(0);
                break;
            default:
                break;
        }

        // the method's own codec serves the typed sides of its type; the interface's codecs serve the rest
        CodecCheck.Codec methodCodec = methodCodec(method, type, diagnostics);
        boolean methodCodecUsed = false;
        Payload sent = null;
        Payload received = null;
        boolean ok = true;
        List<String> missing = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            TypeMirror payloadType = side == 0 ? sentType : receivedType;
            if (payloadType == null) {
                continue;
            }
            Payload payload;
            Kind kind = kind(payloadType);
            if (kind == Kind.BYTES) {
                payload = Payload.BYTES;
            } else if (kind == Kind.BUFFER) {
                payload = Payload.BUFFER;
            } else {
                CodecCheck.Codec codec = null;
                if (methodCodec != null && (methodCodec.payloadType == null
                        || types.isSameType(methodCodec.payloadType, payloadType))) {
                    codec = methodCodec;
                    methodCodecUsed = true;
                } else {
                    codec = find(interfaceCodecs, payloadType);
                    if (codec == null && interfaceCodecs.stream().anyMatch(c -> c.payloadType == null)) {
                        // a codec that cannot be found may be this one: the compiler reports it
                        ok = false;
                        continue;
                    }
                }
                if (codec != null && !codec.usable) {
                    // the codec's own error says what is wrong
                    ok = false;
                    continue;
                }
                if (codec == null) {
                    missing.add(Message.CODEC_MISSING.format(described, side == 0 ? "takes" : "returns",
                            TypeDescriptions.type(payloadType)));
                    ok = false;
                    continue;
                }
                payload = Payload.typed(TypeName.get(payloadType), field(codec, used, fieldNames));
            }
            if (side == 0) {
                sent = payload;
            } else {
                received = payload;
            }
        }
        if (methodCodec != null && methodCodec.payloadType != null && !methodCodecUsed) {
            diagnostics.error(Message.CODEC_MISMATCH.format(methodCodec.element.getQualifiedName(),
                    TypeDescriptions.type(methodCodec.payloadType), described, payloadTypes(sentType, receivedType)),
                    method, methodCodec.annotation, methodCodec.value);
            ok = false;
        } else {
            missing.forEach(m -> diagnostics.error(m, at));
        }
        if (!ok || thrown == null) {
            return null;
        }
        return new MethodModel(method, t, shape, sent, received, thrown.all, thrown.rethrown, async,
                negativeAsAnswer != null);
    }

    /** The mirror of {@code annotation} on {@code element}, or null. */
    private static AnnotationMirror annotationOn(Element element, TypeElement annotation) {
        if (annotation == null) {
            return null;
        }
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            if (m.getAnnotationType().asElement().equals(annotation)) {
                return m;
            }
        }
        return null;
    }

    /** What a method's throws clause asks for: every IOException as itself, or some subtypes of it. */
    private static final class Thrown {
        final boolean all;
        final List<TypeName> rethrown;

        Thrown(boolean all, List<TypeName> rethrown) {
            this.all = all;
            this.rethrown = rethrown;
        }
    }

    /**
     * Judges the throws clause: each checked exception declared must be one a channel method can throw as itself
     * (IOException or a supertype, IsoTpException or a subtype, SocketTimeoutException or a supertype where the shape
     * can time out). Null, with errors reported, where one cannot be honoured.
     */
    private Thrown thrown(MethodShape shape, ExecutableType t, String described, Element at, Diagnostics diagnostics) {
        if (shape == MethodShape.CLOSE) {
            return new Thrown(false, List.of());
        }
        boolean all = false;
        boolean ok = true;
        List<TypeMirror> some = new ArrayList<>();
        for (TypeMirror declared : t.getThrownTypes()) {
            if (types.isSubtype(declared, runtimeException) || types.isSubtype(declared, error)) {
                continue;
            }
            String name = TypeDescriptions.type(declared);
            if (types.isSubtype(ioException, declared)) {
                all = true;
            } else if (types.isSubtype(declared, isoTpException)) {
                some.add(declared);
            } else if (types.isSubtype(socketTimeout, declared)) {
                String never = neverTimesOut(shape);
                if (never != null) {
                    diagnostics.error(Message.THROWS_NO_TIMEOUT.format(described, name, never), at);
                    ok = false;
                } else {
                    some.add(declared);
                }
            } else {
                diagnostics.error(Message.THROWS_UNRELATED.format(described, name), at);
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        if (all) {
            return new Thrown(true, List.of());
        }
        // one catch clause takes them all: leave out any that another declared one covers
        List<TypeName> rethrown = new ArrayList<>();
        for (int i = 0; i < some.size(); i++) {
            TypeMirror m = some.get(i);
            boolean covered = false;
            for (int j = 0; j < some.size(); j++) {
                TypeMirror other = some.get(j);
                boolean same = types.isSameType(m, other);
                if (j != i && types.isSubtype(m, other) && (!same || j < i)) {
                    covered = true;
                }
            }
            if (!covered) {
                rethrown.add(TypeName.get(types.erasure(m)));
            }
        }
        return new Thrown(false, rethrown);
    }

    /** Why a method of this shape never times out; null where it can. */
    private static String neverTimesOut(MethodShape shape) {
        switch (shape) {
            case SEND:
                return "a send does not wait for an answer";
            case RECEIVE_OPTIONAL:
                return "it returns Optional.empty() when the timeout passes (return byte[] to get the exception)";
            case FUNCTIONAL_REQUEST:
                return "a functional request returns the answers that came within its window";
            default:
                return null;
        }
    }

    /**
     * Whether a shape has an asynchronous form: requests and receives returning a PDU or a T, sends of a PDU or a T
     * (with CompletableFuture<Void>); not receives into a buffer, sends of a buffer, functional requests, close().
     */
    private boolean asyncForm(MethodShape shape, List<? extends TypeMirror> params) {
        if (shape == null) {
            return false;
        }
        switch (shape) {
            case RECEIVE:
            case RECEIVE_TIMEOUT:
            case RECEIVE_OPTIONAL:
            case REQUEST:
            case REQUEST_TIMEOUT:
            case REQUEST_TIMING:
                return true;
            case SEND:
                return kind(params.get(0)) != Kind.BUFFER;
            default:
                return false;
        }
    }

    private static boolean isVoid(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals("java.lang.Void");
    }

    /** The shape the types make (r: the return type's kind), or null where they make none. */
    private MethodShape shape(ExecutableElement method, List<? extends TypeMirror> params, TypeMirror returned,
            Kind r) {
        boolean payloadOut = r == Kind.BYTES || r == Kind.TYPED;
        switch (params.size()) {
            case 0:
                if (r == Kind.VOID && method.getSimpleName().contentEquals("close")) {
                    return MethodShape.CLOSE;
                }
                return payloadOut ? MethodShape.RECEIVE : null;
            case 1: {
                Kind p = kind(params.get(0));
                if (r == Kind.VOID) {
                    return p == Kind.BYTES || p == Kind.BUFFER || p == Kind.TYPED ? MethodShape.SEND : null;
                }
                if (p == Kind.DURATION) {
                    if (payloadOut) {
                        return MethodShape.RECEIVE_TIMEOUT;
                    }
                    if (r == Kind.OPTIONAL) {
                        Kind inner = kind(((DeclaredType) returned).getTypeArguments().get(0));
                        return inner == Kind.BYTES || inner == Kind.TYPED ? MethodShape.RECEIVE_OPTIONAL : null;
                    }
                    return null;
                }
                if (p == Kind.BUFFER) {
                    return r == Kind.INT ? MethodShape.RECEIVE_INTO : null;
                }
                return payloadOut && (p == Kind.BYTES || p == Kind.TYPED) ? MethodShape.REQUEST : null;
            }
            case 2: {
                Kind p = kind(params.get(0));
                if ((p == Kind.BYTES || p == Kind.TYPED) && kind(params.get(1)) == Kind.TIMING) {
                    return payloadOut ? MethodShape.REQUEST_TIMING : null;
                }
                if (!(p == Kind.BYTES || p == Kind.TYPED) || kind(params.get(1)) != Kind.DURATION) {
                    return null;
                }
                return payloadOut ? MethodShape.REQUEST_TIMEOUT : r == Kind.ANSWERS ? MethodShape.FUNCTIONAL_REQUEST : null;
            }
            default:
                return null;
        }
    }

    private Kind kind(TypeMirror type) {
        switch (type.getKind()) {
            case VOID:
                return Kind.VOID;
            case INT:
                return Kind.INT;
            case ERROR:
                return Kind.UNRESOLVED;
            case ARRAY: {
                TypeMirror component = ((ArrayType) type).getComponentType();
                if (component.getKind() == TypeKind.BYTE) {
                    return Kind.BYTES;
                }
                return kind(component) == Kind.UNRESOLVED ? Kind.UNRESOLVED : Kind.TYPED;
            }
            case DECLARED: {
                DeclaredType declared = (DeclaredType) type;
                String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
                if (name.equals(ByteBuffer.class.getName())) {
                    return Kind.BUFFER;
                }
                if (name.equals(Duration.class.getName())) {
                    return Kind.DURATION;
                }
                if (name.equals(dev.isotp.UdsTiming.class.getName())) {
                    return Kind.TIMING;
                }
                if (name.equals(java.util.concurrent.CompletableFuture.class.getName())) {
                    return Kind.FUTURE;
                }
                if (name.equals(Optional.class.getName())) {
                    return declared.getTypeArguments().size() == 1 ? Kind.OPTIONAL : Kind.OTHER;
                }
                if (name.equals(Map.class.getName())) {
                    List<? extends TypeMirror> args = declared.getTypeArguments();
                    return args.size() == 2 && args.get(0).toString().equals(Integer.class.getName())
                            && kind(args.get(1)) == Kind.BYTES ? Kind.ANSWERS : Kind.OTHER;
                }
                for (TypeMirror arg : declared.getTypeArguments()) {
                    if (arg.getKind() != TypeKind.DECLARED && arg.getKind() != TypeKind.ARRAY) {
                        return arg.getKind() == TypeKind.ERROR ? Kind.UNRESOLVED : Kind.OTHER;
                    }
                }
                return Kind.TYPED;
            }
            default:
                return Kind.OTHER;
        }
    }

    private CodecCheck.Codec methodCodec(ExecutableElement method, TypeElement type, Diagnostics diagnostics) {
        for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().equals(codecAnnotation)) {
                AnnotationValue value = writtenValue(mirror, "value");
                return value == null ? null : codecCheck.check(value, method, mirror, type, diagnostics);
            }
        }
        return null;
    }

    private String field(CodecCheck.Codec codec, Map<TypeElement, CodecModel> used, Set<String> fieldNames) {
        CodecModel existing = used.get(codec.element);
        if (existing != null) {
            return existing.field();
        }
        String simple = codec.element.getSimpleName().toString();
        String base = simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
        String name = base;
        for (int i = 2; !fieldNames.add(name); i++) {
            name = base + i;
        }
        used.put(codec.element, new CodecModel(ClassName.get(codec.element), codec.payloadType, name));
        return name;
    }

    private CodecCheck.Codec find(List<CodecCheck.Codec> codecs, TypeMirror payloadType) {
        for (CodecCheck.Codec c : codecs) {
            if (c.payloadType != null && types.isSameType(c.payloadType, payloadType)) {
                return c;
            }
        }
        return null;
    }

    private static String payloadTypes(TypeMirror sent, TypeMirror received) {
        if (sent == null && received == null) {
            return "no payload";
        }
        if (sent == null || received == null || sent.toString().equals(received.toString())) {
            return TypeDescriptions.type(sent != null ? sent : received);
        }
        return TypeDescriptions.type(sent) + " and " + TypeDescriptions.type(received);
    }

    private static AnnotationValue writtenValue(AnnotationMirror annotation, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : annotation.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<? extends AnnotationValue> arrayOf(AnnotationValue value) {
        Object raw = value.getValue();
        if (raw instanceof List) {
            return (List<? extends AnnotationValue>) raw;
        }
        return List.of(value);
    }
}
