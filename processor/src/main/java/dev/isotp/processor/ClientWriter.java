package dev.isotp.processor;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.TypeSpec;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import dev.isotp.internal.ChannelSupport;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Types;

/** Writes {@code IsoTp_<Name>}, the socket-backed client of one valid channel interface. */
final class ClientWriter {
    private static final ClassName CONFIG = ClassName.get(IsoTpConfig.class);
    private static final ClassName SUPPORT = ClassName.get(ChannelSupport.class);
    private static final ClassName OVERRIDES = ClassName.get(ChannelOverrides.class);

    private final Filer filer;
    private final Types types;

    ClientWriter(Filer filer, Types types) {
        this.filer = filer;
        this.types = types;
    }

    void write(ChannelModel model) throws IOException {
        JavaFile.builder(model.clientName.packageName(), client(model))
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .writeTo(filer);
    }

    TypeSpec client(ChannelModel model) {
        String channel = model.interfaceName.simpleName();
        TypeSpec.Builder client = TypeSpec.classBuilder(model.clientName)
                .addOriginatingElement(model.element)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(model.interfaceName)
                .addJavadoc("The {@link $T} channel over a kernel ISO-TP socket, configured as its {@code @IsoTpChannel} "
                        + "says.\n", model.interfaceName)
                .addJavadoc("\n<p>Open it with {@code new $T()}, {@code IsoTpChannels.open($T.class)} or by injection; "
                        + "close it to close the socket.\n", model.clientName, model.interfaceName);
        if (model.generated != null) {
            client.addAnnotation(AnnotationSpec.builder(model.generated)
                    .addMember("value", "$S", IsoTpChannelProcessor.class.getName())
                    .build());
        }

        CodeBlock.Builder config = CodeBlock.builder().add("$T.builder()", CONFIG).indent().indent();
        for (CodeBlock call : model.configuration) {
            config.add("\n$L", call);
        }
        config.add("\n.build()").unindent().unindent();
        client.addField(FieldSpec.builder(CONFIG, "CONFIG", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The configuration written on {@link $T}, checked at compile time.\n", model.interfaceName)
                .initializer(config.build())
                .build());
        client.addField(SUPPORT, "channel", Modifier.PRIVATE, Modifier.FINAL);
        for (CodecModel codec : model.codecs) {
            client.addField(FieldSpec.builder(codec.codecClass, codec.field, Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T()", codec.codecClass)
                    .build());
        }

        MethodSpec.Builder noArgs = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Opens the channel as annotated.\n\n")
                .addJavadoc("@throws java.io.UncheckedIOException with the {@link $T} as cause, if the socket cannot be "
                        + "opened\n", IOException.class)
                .addStatement("this.channel = $T.open($S, CONFIG)", SUPPORT, channel);
        if (model.inject != null) {
            noArgs.addAnnotation(model.inject);
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
                .addStatement("this.channel = $T.open($S, CONFIG, overrides)", SUPPORT, channel)
                .build());

        DeclaredType in = (DeclaredType) model.element.asType();
        boolean closeWritten = false;
        for (MethodModel method : model.methods) {
            if (method.shape == MethodShape.CLOSE) {
                if (!closeWritten) {
                    client.addMethod(CLOSE);
                    closeWritten = true;
                }
                continue;
            }
            client.addMethod(method(method, in));
        }
        if (!closeWritten) {
            client.addMethod(CLOSE);
        }
        client.addMethod(TO_STRING);
        return client.build();
    }

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
     * One interface method as a single call of the {@code ChannelSupport} method of its shape; the {@code Unchecked}
     * one where the method does not declare {@code IOException}.
     */
    private MethodSpec method(MethodModel method, DeclaredType in) {
        MethodSpec.Builder spec = MethodSpec.overriding(method.element, in, types);
        List<ParameterSpec> params = spec.parameters;
        String suffix = method.throwsIoException ? "" : "Unchecked";
        CodeBlock call;
        switch (method.shape) {
            case SEND:
                spec.addStatement("this.channel.send$L($L)", suffix, encode(method.sent, params.get(0)));
                return spec.build();
            case RECEIVE:
                call = CodeBlock.of("this.channel.receive$L()", suffix);
                break;
            case RECEIVE_TIMEOUT:
                call = CodeBlock.of("this.channel.receive$L($N)", suffix, params.get(0));
                break;
            case RECEIVE_OPTIONAL:
                call = CodeBlock.of("this.channel.poll$L($N)", suffix, params.get(0));
                if (method.received.typed()) {
                    // Optional.map: a codec that decodes to null gives empty, as Optional.ofNullable would
                    call = CodeBlock.of("$L.map(this.$N::decode)", call, method.received.codecField);
                }
                return spec.addStatement("return $L", call).build();
            case RECEIVE_INTO:
                return spec.addStatement("return this.channel.receive$L($N)", suffix, params.get(0)).build();
            case REQUEST:
                call = CodeBlock.of("this.channel.request$L($L)", suffix, encode(method.sent, params.get(0)));
                break;
            case REQUEST_TIMEOUT:
                call = CodeBlock.of("this.channel.request$L($L, $N)", suffix, encode(method.sent, params.get(0)),
                        params.get(1));
                break;
            default:
                throw new IllegalStateException("shape " + method.shape);
        }
        return spec.addStatement("return $L", decode(method.received, call)).build();
    }

    private static CodeBlock encode(Payload payload, ParameterSpec parameter) {
        return payload.typed()
                ? CodeBlock.of("this.$N.encode($N)", payload.codecField, parameter)
                : CodeBlock.of("$N", parameter);
    }

    private static CodeBlock decode(Payload payload, CodeBlock received) {
        return payload.typed() ? CodeBlock.of("this.$N.decode($L)", payload.codecField, received) : received;
    }
}
