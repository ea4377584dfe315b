package dev.isotp.processor;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.support.ChannelSupport;
import dev.isotp.support.GeneratedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Types;

/** Writes {@code IsoTp_<Name>}, the socket-backed client of one valid channel interface. */
final class ClientWriter {
    private static final ClassName CONFIG = ClassName.get(IsoTpConfig.class);
    private static final ClassName SUPPORT = ClassName.get(ChannelSupport.class);
    private static final ClassName OVERRIDES = ClassName.get(ChannelOverrides.class);
    private static final ClassName NEGATIVE_RESPONSE = ClassName.get(dev.isotp.NegativeResponseException.class);

    private final Filer filer;
    private final Types types;

    ClientWriter(Filer filer, Types types) {
        this.filer = filer;
        this.types = types;
    }

    void write(ChannelModel model) throws IOException {
        JavaFile.builder(model.clientName().packageName(), client(model))
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .writeTo(filer);
    }

    TypeSpec client(ChannelModel model) {
        String channel = model.interfaceName().simpleName();
        TypeSpec.Builder client = TypeSpec.classBuilder(model.clientName())
                .addOriginatingElement(model.element())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(model.interfaceName())
                .addSuperinterface(GeneratedChannel.class)
                .addJavadoc("The {@link $T} channel over a kernel ISO-TP socket, configured as its {@code @IsoTpChannel} "
                        + "says.\n", model.interfaceName())
                .addJavadoc("\n<p>Open it with {@code new $T()}, {@code IsoTpChannels.open($T.class)} or by injection; "
                        + "close it to close the socket.\n", model.clientName(), model.interfaceName());
        if (model.generated() != null) {
            client.addAnnotation(AnnotationSpec.builder(model.generated())
                    .addMember("value", "$S", IsoTpChannelProcessor.class.getName())
                    .build());
        }

        CodeBlock.Builder config = CodeBlock.builder().add("$T.builder()", CONFIG).indent().indent();
        for (CodeBlock call : model.configuration()) {
            config.add("\n$L", call);
        }
        config.add("\n.build()").unindent().unindent();
        client.addField(FieldSpec.builder(CONFIG, "CONFIG", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The configuration written on {@link $T}, checked at compile time.\n",
                        model.interfaceName())
                .initializer(config.build())
                .build());
        client.addField(SUPPORT, "channel", Modifier.PRIVATE, Modifier.FINAL);
        for (CodecModel codec : model.codecs()) {
            client.addField(FieldSpec.builder(codec.codecClass(), codec.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T()", codec.codecClass())
                    .build());
        }

        MethodSpec.Builder noArgs = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Opens the channel as annotated.\n\n")
                .addJavadoc("@throws $T with the {@link $T} as cause, if the socket cannot be opened\n",
                        UncheckedIOException.class, IOException.class);
        tryCatch(noArgs, CodeBlock.of("this.channel = $T.open($S, CONFIG$L)", SUPPORT, channel, responders(model)),
                List.of(unchecked("e")), "e");
        if (model.inject() != null) {
            noArgs.addAnnotation(model.inject());
        }
        client.addMethod(noArgs.build());
        client.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Opens the channel with some values replaced at run time, e.g. "
                        + "{@code ChannelOverrides.iface(\"can0\")}.\n\n")
                .addJavadoc("@throws dev.isotp.InvalidConfigurationException if an overridden value breaks a rule\n")
                .addJavadoc("@throws $T if the socket cannot be opened\n", IOException.class)
                .addParameter(OVERRIDES, "overrides")
                .addException(IOException.class)
                .addStatement("this.channel = $T.open($S, CONFIG, overrides$L)", SUPPORT, channel, responders(model))
                .build());

        DeclaredType in = (DeclaredType) model.element().asType();
        boolean closeWritten = false;
        for (MethodModel method : model.methods()) {
            if (method.shape() == MethodShape.CLOSE) {
                if (!closeWritten) {
                    client.addMethod(CLOSE);
                    closeWritten = true;
                }
                continue;
            }
            client.addMethod(method(method, in, channel));
        }
        if (!closeWritten) {
            client.addMethod(CLOSE);
        }
        client.addMethod(TO_STRING);
        client.addMethod(CHANNEL_SUPPORT);
        return client.build();
    }

    /** {@code , new int[] {rx, tx, ...}} for a functional channel; nothing otherwise. */
    private static String responders(ChannelModel model) {
        if (model.responders().length == 0) {
            return "";
        }
        return java.util.Arrays.stream(model.responders())
                .mapToObj(id -> "0x" + Integer.toHexString(id).toUpperCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", ", ", new int[] {", "}"));
    }

    private static final MethodSpec CHANNEL_SUPPORT = MethodSpec.methodBuilder("channelSupport")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(SUPPORT)
            .addStatement("return this.channel")
            .build();

    private static final MethodSpec CLOSE = MethodSpec.methodBuilder("close")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Closes the socket; a receive blocked in another thread returns. Closing twice does nothing.\n")
            .addStatement("this.channel.close()")
            .build();

    private static final MethodSpec TO_STRING = MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return this.channel.toString()")
            .build();

    /**
     * One interface method as one call of the {@code ChannelSupport} method of its shape, after the null checks that
     * name the parameter; a synchronous one within the try statement its declarations need ({@link #catches}).
     */
    private MethodSpec method(MethodModel method, DeclaredType in, String channel) {
        MethodSpec.Builder spec = MethodSpec.overriding(method.element(), in, types);
        List<ParameterSpec> params = spec.parameters;
        String name = method.element().getSimpleName().toString();
        for (ParameterSpec p : params) {
            if (!p.type.isPrimitive()) {
                spec.addStatement("$T.requireNonNull($N, $S)", Objects.class, p,
                        ChannelSupport.nullArgumentMessage(p.name, channel + "." + name + " needs " + needs(method, p, params)));
            }
        }
        if (method.async()) {
            return spec.addStatement("return $L", asyncCall(method, params, name)).build();
        }
        CodeBlock call = syncCall(method, params, name);
        CodeBlock statement = method.shape() == MethodShape.SEND ? call : CodeBlock.of("return $L", call);
        String e = freshName("e", params);
        return tryCatch(spec, statement, catches(method, name, e), e).build();
    }

    /**
     * The call of a synchronous method, with its payloads encoded and decoded: the {@code ChannelSupport} method of
     * its shape, which throws every failure as the socket does ({@link IOException}).
     */
    private static CodeBlock syncCall(MethodModel method, List<ParameterSpec> params, String at) {
        switch (method.shape()) {
            case SEND:
                return CodeBlock.of("this.channel.send($L)", encode(method.sent(), params.get(0), at));
            case RECEIVE:
                return decode(method.received(), CodeBlock.of("this.channel.receive()"), at);
            case RECEIVE_TIMEOUT:
                return decode(method.received(), CodeBlock.of("this.channel.receive($N)", params.get(0)), at);
            case RECEIVE_INTO:
                return CodeBlock.of("this.channel.receive($N)", params.get(0));
            case RECEIVE_OPTIONAL: {
                CodeBlock poll = CodeBlock.of("this.channel.poll($N)", params.get(0));
                if (!method.received().typed()) {
                    return poll;
                }
                // Optional.map: a codec that decodes to null gives empty, as Optional.ofNullable would
                String pdu = freshName("pdu", params);
                return CodeBlock.of("$L.map($N -> this.channel.decode(this.$N, $N, $S))", poll, pdu,
                        method.received().codecField(), pdu, at);
            }
            case REQUEST:
                return decode(method.received(), CodeBlock.of("this.channel.request($L)",
                        encode(method.sent(), params.get(0), at)), at);
            case REQUEST_TIMEOUT:
            case REQUEST_TIMING: // a Duration or a UdsTiming
                return decode(method.received(), CodeBlock.of("this.channel.request($L, $N)",
                        encode(method.sent(), params.get(0), at), params.get(1)), at);
            case FUNCTIONAL_REQUEST:
                return CodeBlock.of("this.channel.requestAll($L, $N)", encode(method.sent(), params.get(0), at),
                        params.get(1));
            default:
                throw new IllegalStateException("shape " + method.shape());
        }
    }

    /** A catch clause of a generated try statement: the types it catches, and what it does with them. */
    private record Catch(CodeBlock caught, CodeBlock statement) {
    }

    /** Any other IOException as UncheckedIOException with it as cause: the last catch where IOException is not declared. */
    private static Catch unchecked(String e) {
        return new Catch(CodeBlock.of("$T", IOException.class),
                CodeBlock.of("throw new $T($N)", UncheckedIOException.class, e));
    }

    /**
     * What a synchronous method catches (as {@code e}) around its call: a final negative response, returned as the
     * answer, where the method is annotated {@code @UdsChannel.NegativeResponseAsAnswer}; where the method does not
     * declare IOException, the subtypes it declares, rethrown as themselves, and then {@link #unchecked}.
     */
    private static List<Catch> catches(MethodModel method, String at, String e) {
        List<Catch> catches = new ArrayList<>();
        List<TypeName> rethrown = method.rethrown();
        if (method.negativeAsAnswer()) {
            catches.add(new Catch(CodeBlock.of("$T", NEGATIVE_RESPONSE),
                    CodeBlock.of("return $L", decode(method.received(), CodeBlock.of("$N.response()", e), at))));
            rethrown = rethrown.stream().filter(t -> !t.equals(NEGATIVE_RESPONSE)).collect(Collectors.toList());
        }
        if (!method.throwsIoException()) {
            if (!rethrown.isEmpty()) {
                CodeBlock declared = rethrown.stream().map(t -> CodeBlock.of("$T", t)).collect(CodeBlock.joining(" | "));
                catches.add(new Catch(declared, CodeBlock.of("throw $N", e)));
            }
            catches.add(unchecked(e));
        }
        return catches;
    }

    /** {@code statement} within a try statement whose {@code catches} catch as {@code e}; alone where there are none. */
    private static MethodSpec.Builder tryCatch(MethodSpec.Builder spec, CodeBlock statement, List<Catch> catches,
            String e) {
        if (catches.isEmpty()) {
            return spec.addStatement(statement);
        }
        spec.beginControlFlow("try").addStatement(statement);
        for (Catch c : catches) {
            spec.nextControlFlow("catch ($L $N)", c.caught(), e).addStatement(c.statement());
        }
        return spec.endControlFlow();
    }

    /**
     * The call of an asynchronous method: the {@code ChannelSupport} method of its shape with the suffix {@code Async},
     * given what the PDU becomes (the codec's decode, or the PDU itself), so that the future the caller holds is the
     * one that cancel() reaches.
     */
    private static CodeBlock asyncCall(MethodModel method, List<ParameterSpec> params, String at) {
        CodeBlock answer = null;
        if (method.received() != null) {
            String pdu = freshName("pdu", params);
            answer = method.received().typed()
                    ? CodeBlock.of("$N -> this.channel.decode(this.$N, $N, $S)", pdu, method.received().codecField(), pdu, at)
                    : CodeBlock.of("$N -> $N", pdu, pdu);
        }
        switch (method.shape()) {
            case SEND:
                return CodeBlock.of("this.channel.sendAsync($L)", encode(method.sent(), params.get(0), at));
            case RECEIVE:
                return CodeBlock.of("this.channel.receiveAsync($L)", answer);
            case RECEIVE_TIMEOUT:
                return CodeBlock.of("this.channel.receiveAsync($N, $L)", params.get(0), answer);
            case RECEIVE_OPTIONAL:
                return CodeBlock.of("this.channel.pollAsync($N, $L)", params.get(0), answer);
            case REQUEST:
                return CodeBlock.of("this.channel.requestAsync($L, $L$L)", encode(method.sent(), params.get(0), at), answer,
                        method.negativeAsAnswer() ? ", true" : "");
            case REQUEST_TIMEOUT:
                return CodeBlock.of("this.channel.requestAsync($L, $N, $L$L)", encode(method.sent(), params.get(0), at),
                        params.get(1), answer, method.negativeAsAnswer() ? ", true" : "");
            case REQUEST_TIMING:
                return CodeBlock.of("this.channel.requestAsync($L, $N, $L, $L)", encode(method.sent(), params.get(0), at),
                        params.get(1), answer, method.negativeAsAnswer());
            default:
                throw new IllegalStateException("asynchronous shape " + method.shape());
        }
    }

    /** What a parameter takes, for the message about a null argument. */
    private static String needs(MethodModel method, ParameterSpec p, List<ParameterSpec> params) {
        if (params.indexOf(p) > 0 && method.shape() == MethodShape.REQUEST_TIMING) {
            return "this call's UdsTiming";
        }
        if (params.indexOf(p) > 0 || method.shape() == MethodShape.RECEIVE_TIMEOUT
                || method.shape() == MethodShape.RECEIVE_OPTIONAL) {
            return "a positive Duration";
        }
        if (method.shape() == MethodShape.RECEIVE_INTO) {
            return "a buffer to receive into";
        }
        if (method.sent() != null && method.sent().typed()) {
            return "a " + method.sent().type() + " to send";
        }
        return method.sent() == Payload.BUFFER ? "a buffer with 1 or more bytes remaining" : "a PDU of 1 or more bytes";
    }

    /** A name no parameter has, for a lambda's parameter. */
    private static String freshName(String base, List<ParameterSpec> params) {
        String name = base;
        while (true) {
            String n = name;
            if (params.stream().noneMatch(p -> p.name.equals(n))) {
                return name;
            }
            name = name + "_";
        }
    }

    private static CodeBlock encode(Payload payload, ParameterSpec parameter, String method) {
        return payload.typed()
                ? CodeBlock.of("this.channel.encode(this.$N, $N, $S)", payload.codecField(), parameter, method)
                : CodeBlock.of("$N", parameter);
    }

    private static CodeBlock decode(Payload payload, CodeBlock received, String method) {
        return payload.typed()
                ? CodeBlock.of("this.channel.decode(this.$N, $L, $S)", payload.codecField(), received, method)
                : received;
    }
}
