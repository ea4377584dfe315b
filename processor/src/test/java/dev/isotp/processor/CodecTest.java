package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Typed payloads: codecs named on the interface or the method, and every way a codec can be wrong. javac puts the
 * caret of a class literal value on its {@code .class}.
 */
class CodecTest {
    static final JavaFileObject VIN = source("test.Vin", "package test;\n\npublic final class Vin {\n"
            + "    final String text;\n    public Vin(String text) { this.text = text; }\n}\n");
    static final JavaFileObject VIN_CODEC = source("test.VinCodec", "package test;\n\n"
            + "import dev.isotp.PayloadCodec;\nimport java.nio.charset.StandardCharsets;\n\n"
            + "public final class VinCodec implements PayloadCodec<Vin> {\n"
            + "    public byte[] encode(Vin vin) { return vin.text.getBytes(StandardCharsets.US_ASCII); }\n"
            + "    public Vin decode(byte[] payload) { return new Vin(new String(payload, StandardCharsets.US_ASCII)); }\n"
            + "}\n");
    static final JavaFileObject TEXT_CODEC = source("test.TextCodec", "package test;\n\n"
            + "import dev.isotp.PayloadCodec;\n\n"
            + "public final class TextCodec implements PayloadCodec<String> {\n"
            + "    public byte[] encode(String text) { return text.getBytes(); }\n"
            + "    public String decode(byte[] payload) { return new String(payload); }\n"
            + "}\n");

    static String channel(String arguments, String... methods) {
        StringBuilder s = new StringBuilder("package test;\n\n"
                + "import dev.isotp.IsoTpChannel;\nimport dev.isotp.PayloadCodec;\nimport java.time.Duration;\n"
                + "import java.util.List;\nimport java.util.Optional;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0" + arguments + ")\n"
                + "public interface Ecu extends AutoCloseable {\n");
        for (String m : methods) {
            s.append("    ").append(m).append('\n');
        }
        return s.append("}\n").toString();
    }

    private static Compilation compileWithCodecs(JavaFileObject channel) {
        return compile(VIN, VIN_CODEC, TEXT_CODEC, channel);
    }

    private static void assertCodecError(String text, String message, String marker) {
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compileWithCodecs(file), file, text, message, marker);
    }

    @Test
    void typedPayloadsUseTheInterfacesCodecs() {
        String text = channel(", codecs = {VinCodec.class, TextCodec.class}",
                "void send(Vin vin);",
                "Vin receive();",
                "Vin receive(Duration timeout);",
                "Optional<Vin> poll(Duration timeout);",
                "Vin request(String request);",
                "String request(Vin request, Duration timeout);",
                "byte[] raw(Vin request);",
                "Vin fromRaw(byte[] request);");
        Compilation compilation = compileWithCodecs(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        for (String expected : new String[] {
                "private final VinCodec vinCodec = new VinCodec();",
                "private final TextCodec textCodec = new TextCodec();",
                "this.channel.send(this.channel.encode(this.vinCodec, vin, \"send\"));",
                "return this.channel.decode(this.vinCodec, this.channel.receive(), \"receive\");",
                "return this.channel.decode(this.vinCodec, this.channel.receive(timeout), \"receive\");",
                "return this.channel.poll(timeout).map(pdu -> this.channel.decode(this.vinCodec, pdu, \"poll\"));",
                "return this.channel.decode(this.vinCodec, this.channel.request(this.channel.encode(this.textCodec, request, \"request\")), \"request\");",
                "return this.channel.decode(this.textCodec, this.channel.request(this.channel.encode(this.vinCodec, request, \"request\"), timeout), \"request\");",
                "return this.channel.request(this.channel.encode(this.vinCodec, request, \"raw\"));",
                "return this.channel.decode(this.vinCodec, this.channel.request(request), \"fromRaw\");"}) {
            assertTrue(client.contains(expected), () -> "missing \"" + expected + "\" in\n" + client);
        }
        assertTrue(client.indexOf("vinCodec =") < client.indexOf("textCodec ="), "fields in order of first use");
    }

    @Test
    void aMethodsCodecComesBeforeTheInterfaces() {
        JavaFileObject shout = source("test.ShoutCodec", "package test;\n\nimport dev.isotp.PayloadCodec;\n\n"
                + "public class ShoutCodec implements PayloadCodec<String> {\n"
                + "    public byte[] encode(String t) { return t.toUpperCase().getBytes(); }\n"
                + "    public String decode(byte[] p) { return new String(p); }\n}\n");
        String text = channel(", codecs = TextCodec.class",
                "void send(String text);",
                "@IsoTpChannel.Codec(ShoutCodec.class) void shout(String text);",
                "@IsoTpChannel.Codec(VinCodec.class) Vin request(String text);");
        Compilation compilation = compile(VIN, VIN_CODEC, TEXT_CODEC, shout, source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        assertTrue(client.contains("this.channel.send(this.channel.encode(this.textCodec, text, \"send\"));"), client);
        assertTrue(client.contains("this.channel.send(this.channel.encode(this.shoutCodec, text, \"shout\"));"), client);
        assertTrue(client.contains("return this.channel.decode(this.vinCodec, this.channel.request(this.channel.encode(this.textCodec, text, \"request\")), \"request\");"),
                client);
    }

    @Test
    void aTypedPayloadWithoutCodecIsAnErrorOnTheMethod() {
        assertCodecError(channel("", "void send(Vin vin);"),
                "method send(Vin) takes Vin, which needs a PayloadCodec<Vin>: name one in @IsoTpChannel(codecs = ...) "
                        + "or on the method with @IsoTpChannel.Codec", "send(");
    }

    @Test
    void aReturnedTypeWithoutCodecIsAnErrorOnTheMethod() {
        assertCodecError(channel(", codecs = VinCodec.class", "List<String> names(Duration timeout);"),
                Message.CODEC_MISSING.format("names(Duration)", "returns", "List<String>"), "names(");
    }

    @Test
    void aMethodsCodecOfAnotherTypeIsAnErrorOnItsValue() {
        assertCodecError(channel("", "@IsoTpChannel.Codec(TextCodec.class) void send(Vin vin);"),
                "codec test.TextCodec is a PayloadCodec<String>, but method send(Vin) sends or receives Vin: name a "
                        + "codec of that type", ".class) void");
    }

    @Test
    void twoCodecsOfOneTypeAreAnErrorOnTheSecond() {
        JavaFileObject other = source("test.OtherVinCodec", "package test;\n\nimport dev.isotp.PayloadCodec;\n\n"
                + "public class OtherVinCodec implements PayloadCodec<Vin> {\n"
                + "    public byte[] encode(Vin v) { return new byte[1]; }\n"
                + "    public Vin decode(byte[] p) { return null; }\n}\n");
        String text = channel(", codecs = {VinCodec.class, OtherVinCodec.class}", "Vin receive();");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(VIN, VIN_CODEC, other, file), file, text,
                Message.CODEC_AMBIGUOUS.format("test.VinCodec", "test.OtherVinCodec", "Vin"), ".class}");
    }

    @Test
    void aCodecThatCannotBeCreatedIsAnErrorOnItsValue() {
        String[][] cases = {
                {"public abstract static class Bad implements PayloadCodec<Vin> {\n"
                        + "        public byte[] encode(Vin v) { return null; }\n    }", "it is abstract"},
                {"public static class Bad implements PayloadCodec<Vin> {\n"
                        + "        public Bad(int size) {}\n"
                        + "        public byte[] encode(Vin v) { return null; }\n"
                        + "        public Vin decode(byte[] p) { return null; }\n    }",
                        "it has no no-argument constructor"},
                {"public static class Bad implements PayloadCodec<Vin> {\n"
                        + "        private Bad() {}\n"
                        + "        public byte[] encode(Vin v) { return null; }\n"
                        + "        public Vin decode(byte[] p) { return null; }\n    }",
                        "its no-argument constructor is not public"},
                {"public interface Bad extends PayloadCodec<Vin> {\n    }", "it is an interface"},
                {"public enum Bad implements PayloadCodec<Vin> {\n        ONE;\n"
                        + "        public byte[] encode(Vin v) { return null; }\n"
                        + "        public Vin decode(byte[] p) { return null; }\n    }", "it is an enum"}};
        for (String[] c : cases) {
            String text = "package test;\n\nimport dev.isotp.IsoTpChannel;\nimport dev.isotp.PayloadCodec;\n\n"
                    + "public class Holder {\n    " + c[0] + "\n\n"
                    + "    @IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, codecs = Bad.class)\n"
                    + "    public interface Ecu extends AutoCloseable {\n        Vin receive();\n    }\n}\n";
            JavaFileObject file = source("test.Holder", text);
            assertOnlyError(compile(VIN, file), file, text,
                    Message.CODEC_NOT_INSTANTIABLE.format("test.Holder.Bad", c[1]), ".class)");
        }
    }

    @Test
    void anInnerOrHiddenCodecIsAnErrorOnItsValue() {
        String inner = "package test;\n\nimport dev.isotp.IsoTpChannel;\nimport dev.isotp.PayloadCodec;\n\n"
                + "public class Holder {\n    public class Bad implements PayloadCodec<Vin> {\n"
                + "        public byte[] encode(Vin v) { return null; }\n"
                + "        public Vin decode(byte[] p) { return null; }\n    }\n\n"
                + "    @IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, codecs = Bad.class)\n"
                + "    public interface Ecu extends AutoCloseable {\n        Vin receive();\n    }\n}\n";
        JavaFileObject file = source("test.Holder", inner);
        assertOnlyError(compile(VIN, file), file, inner, "codec test.Holder.Bad cannot be created by the generated "
                + "client: Bad is an inner class: make it static; a codec needs a public no-argument constructor",
                ".class)");

        JavaFileObject hidden = source("other.HiddenCodec", "package other;\n\nimport dev.isotp.PayloadCodec;\n\n"
                + "public class HiddenCodec {\n    protected static class Bad implements PayloadCodec<String> {\n"
                + "        public byte[] encode(String v) { return null; }\n"
                + "        public String decode(byte[] p) { return null; }\n    }\n}\n");
        String user = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "public class User extends other.HiddenCodec {\n"
                + "    @IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, codecs = Bad.class)\n"
                + "    public interface Ecu extends AutoCloseable {\n        String receive();\n    }\n}\n";
        JavaFileObject userFile = source("test.User", user);
        assertOnlyError(compile(hidden, userFile), userFile, user,
                Message.CODEC_NOT_INSTANTIABLE.format("other.HiddenCodec.Bad", "Bad is not public"), ".class)");
    }

    @Test
    void aPackagePrivateCodecInTheInterfacesPackageIsFine() {
        JavaFileObject local = source("test.LocalCodec", "package test;\n\nimport dev.isotp.PayloadCodec;\n\n"
                + "final class LocalCodec implements PayloadCodec<String> {\n    LocalCodec() {}\n"
                + "    public byte[] encode(String v) { return v.getBytes(); }\n"
                + "    public String decode(byte[] p) { return new String(p); }\n}\n");
        assertThat(compile(local, source("test.Ecu", channel(", codecs = LocalCodec.class", "String receive();"))))
                .succeededWithoutWarnings();
    }

    @Test
    void aCodecThatDoesNotExistIsReportedOnceByTheCompiler() {
        String text = channel(", codecs = MissingCodec.class", "Vin receive();");
        Compilation compilation = compile(VIN, source("test.Ecu", text));
        assertThat(compilation).failed();
        assertEquals(1, compilation.errors().size(), () -> "errors: " + compilation.errors());
        assertThat(compilation).hadErrorContaining("cannot find symbol");
    }

    /** Writes {@code test.LateCodec} in its first round, as another processor might. */
    static final class LateCodecWriter extends AbstractProcessor {
        private boolean written;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!written) {
                written = true;
                try (java.io.Writer w = processingEnv.getFiler().createSourceFile("test.LateCodec").openWriter()) {
                    w.write("package test;\npublic final class LateCodec implements dev.isotp.PayloadCodec<Vin> {\n"
                            + "    public byte[] encode(Vin v) { return new byte[] {1}; }\n"
                            + "    public Vin decode(byte[] p) { return new Vin(\"late\"); }\n}\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void aCodecWrittenByAnotherProcessorIsWaitedFor() {
        String text = channel(", codecs = LateCodec.class", "Vin receive();");
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new IsoTpChannelProcessor(), new LateCodecWriter())
                .compile(VIN, source("test.Ecu", text));
        assertThat(compilation).succeeded();
        assertTrue(generatedSource(compilation, "test.IsoTp_Ecu").contains("new LateCodec()"));
    }
}
