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
import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Types;

/** Writes {@code IsoTp_<Name>}, the socket-backed client of one valid channel interface. */
final class ClientWriter {
    private static final ClassName CONFIG = ClassName.get(IsoTpConfig.class);
    private static final ClassName SOCKET = ClassName.get(IsoTpSocket.class);
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
        client.addField(SOCKET, "socket", Modifier.PRIVATE, Modifier.FINAL);
        for (CodecModel codec : model.codecs) {
            client.addField(FieldSpec.builder(codec.codecClass, codec.field, Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T()", codec.codecClass)
                    .build());
        }

        MethodSpec.Builder noArgs = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Opens the channel as annotated.\n\n")
                .addJavadoc("@throws $T with the {@link $T} as cause, if the socket cannot be opened\n",
                        UncheckedIOException.class, IOException.class)
                .beginControlFlow("try")
                .addStatement("this.socket = $T.open(CONFIG)", SOCKET)
                .nextControlFlow("catch ($T e)", IOException.class)
                .addStatement("throw new $T(e)", UncheckedIOException.class)
                .endControlFlow();
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
                .addStatement("this.socket = $T.open(overrides.applyTo(CONFIG))", SOCKET)
                .build());

        boolean closeWritten = false;
        for (MethodModel method : model.methods) {
            if (method.shape == MethodShape.CLOSE) {
                if (!closeWritten) {
                    client.addMethod(close());
                    closeWritten = true;
                }
                continue;
            }
            client.addMethod(method(method, (DeclaredType) model.element.asType()));
        }
        if (!closeWritten) {
            client.addMethod(close());
        }
        client.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + socket.config()", model.interfaceName.simpleName() + " over ")
                .build());
        return client.build();
    }

    private static MethodSpec close() {
        return MethodSpec.methodBuilder("close")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Closes the socket; a receive blocked in another thread returns. Closing twice does nothing.\n")
                .addStatement("socket.close()")
                .build();
    }

    private MethodSpec method(MethodModel method, DeclaredType in) {
        MethodSpec.Builder spec = MethodSpec.overriding(method.element, in, types);
        Set<String> names = new HashSet<>();
        for (ParameterSpec p : spec.parameters) {
            names.add(p.name);
        }
        String payload = spec.parameters.isEmpty() ? null : spec.parameters.get(0).name;
        String timeout = null;
        if (method.shape == MethodShape.RECEIVE_TIMEOUT || method.shape == MethodShape.RECEIVE_OPTIONAL) {
            timeout = spec.parameters.get(0).name;
        } else if (method.shape == MethodShape.REQUEST_TIMEOUT) {
            timeout = spec.parameters.get(1).name;
        }
        String exception = unique("e", names);

        CodeBlock receive = timeout == null
                ? CodeBlock.of("this.socket.receive()")
                : CodeBlock.of("this.socket.receive($N)", timeout);
        CodeBlock.Builder body = CodeBlock.builder();
        switch (method.shape) {
            case SEND:
                body.addStatement("this.socket.send($L)", encode(method.sent, payload));
                break;
            case RECEIVE:
            case RECEIVE_TIMEOUT:
                body.addStatement("return $L", decode(method.received, receive));
                break;
            case RECEIVE_OPTIONAL:
                body.addStatement("return $T.$L($L)", Optional.class, method.received.typed() ? "ofNullable" : "of",
                        decode(method.received, receive));
                break;
            case RECEIVE_INTO:
                body.addStatement("return this.socket.receive($N)", payload);
                break;
            case REQUEST:
            case REQUEST_TIMEOUT:
                body.addStatement("this.socket.send($L)", encode(method.sent, payload));
                body.addStatement("return $L", decode(method.received, receive));
                break;
            default:
                throw new IllegalStateException("shape " + method.shape);
        }
        boolean timeoutIsEmpty = method.shape == MethodShape.RECEIVE_OPTIONAL;
        boolean wrap = !method.throwsIoException;
        if (!timeoutIsEmpty && !wrap) {
            return spec.addCode(body.build()).build();
        }
        spec.beginControlFlow("try").addCode(body.build());
        if (timeoutIsEmpty) {
            spec.nextControlFlow("catch ($T $N)", SocketTimeoutException.class, exception)
                    .addStatement("return $T.empty()", Optional.class);
        }
        if (wrap) {
            spec.nextControlFlow("catch ($T $N)", IOException.class, exception)
                    .addStatement("throw new $T($N)", UncheckedIOException.class, exception);
        }
        return spec.endControlFlow().build();
    }

    private static CodeBlock encode(Payload payload, String parameter) {
        return payload.typed()
                ? CodeBlock.of("this.$N.encode($N)", payload.codecField, parameter)
                : CodeBlock.of("$N", parameter);
    }

    private static CodeBlock decode(Payload payload, CodeBlock received) {
        return payload.typed() ? CodeBlock.of("this.$N.decode($L)", payload.codecField, received) : received;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = name + i;
        }
        return candidate;
    }
}
