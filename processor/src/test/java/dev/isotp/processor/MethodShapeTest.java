package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The method shapes a channel interface may have, and an error on the method for every other one. */
class MethodShapeTest {
    static String channel(String... methods) {
        return "package test;\n"
                + "\n"
                + "import dev.isotp.IsoTpChannel;\n"
                + "import java.io.IOException;\n"
                + "import java.nio.ByteBuffer;\n"
                + "import java.time.Duration;\n"
                + "import java.util.List;\n"
                + "import java.util.Optional;\n"
                + "\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n"
                + "public interface Ecu extends AutoCloseable {\n"
                + Stream.of(methods).map(m -> "    " + m + "\n").reduce("", String::concat)
                + "}\n";
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of("void flush();", "flush()"),
                Arguments.of("int receive();", "receive()"),
                Arguments.of("long receive(ByteBuffer into);", "receive(ByteBuffer)"),
                Arguments.of("ByteBuffer receive();", "receive()"),
                Arguments.of("void send(byte[] first, byte[] second);", "send(byte[], byte[])"),
                Arguments.of("void send(Duration timeout);", "send(Duration)"),
                Arguments.of("void send(int payload);", "send(int)"),
                Arguments.of("Optional<byte[]> poll();", "poll()"),
                Arguments.of("Optional<byte[]> poll(long timeoutMillis);", "poll(long)"),
                Arguments.of("Optional<ByteBuffer> poll(Duration timeout);", "poll(Duration)"),
                Arguments.of("byte[] receive(long timeoutMillis);", "receive(long)"),
                Arguments.of("int receive(byte[] into);", "receive(byte[])"),
                Arguments.of("byte[] request(ByteBuffer request);", "request(ByteBuffer)"),
                Arguments.of("byte[] request(byte[] request, long timeoutMillis);", "request(byte[], long)"),
                Arguments.of("byte[] request(byte[] request, Duration timeout, int retries);",
                        "request(byte[], Duration, int)"),
                Arguments.of("boolean close(Duration timeout);", "close(Duration)"),
                Arguments.of("byte[] request(List<?> request);", "request(List<?>)"));
    }

    @ParameterizedTest
    @MethodSource("wrongShapes")
    void aMethodOfNoShapeIsAnErrorOnTheMethod(String method, String described) {
        String text = channel(method);
        JavaFileObject file = source("test.Ecu", text);
        String name = method.substring(method.indexOf(' ') + 1, method.indexOf('('));
        assertOnlyError(compile(file), file, text, Message.METHOD_SHAPE.format(described), name + "(");
    }

    @Test
    void theShapeMessageNamesTheShapesAllowed() {
        String text = channel("void flush();");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "method flush() is not a channel method: use one of void m(byte[]), "
                + "void m(ByteBuffer) (send); byte[] m(), byte[] m(Duration) (receive); Optional<byte[]> m(Duration) "
                + "(receive or empty); int m(ByteBuffer) (receive into); byte[] m(byte[]), byte[] m(byte[], Duration) "
                + "(request); byte[] m(byte[], UdsTiming) (request with its own timing, on a @UdsChannel); "
                + "Map<Integer, byte[]> m(byte[], Duration) (functional request, with responders); "
                + "void close(); or T in place of byte[] with a PayloadCodec<T>; CompletableFuture<R> in place of a "
                + "request's or receive's R and CompletableFuture<Void> in place of a send's void (asynchronous); or "
                + "make it a default method",
                "flush(");
    }

    @Test
    void aGenericMethodIsRefused() {
        String text = channel("<T> T receive();");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, Message.METHOD_GENERIC.format("receive()"), "receive(");
    }

    @Test
    void everyWrongMethodIsReportedInOneCompile() {
        Compilation compilation = compile(source("test.Ecu", channel("void flush();", "int count();",
                "byte[] receive();", "void reset(int how);")));
        assertThat(compilation).hadErrorCount(3);
    }

    @Test
    void aWrongInheritedMethodIsReportedOnTheAnnotatedInterface() {
        JavaFileObject base = source("test.Base", "package test;\n\npublic interface Base {\n    void flush();\n}\n");
        String text = channel("byte[] receive();").replace("extends AutoCloseable", "extends AutoCloseable, Base");
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = Compiling.compile(base, file);
        assertOnlyError(compilation, file, text, Message.METHOD_SHAPE.format("Base.flush()"), "interface Ecu");
    }

    @Test
    void everyShapeIsImplemented() {
        String text = channel(
                "void send(byte[] payload);",
                "void sendBuffer(ByteBuffer payload);",
                "byte[] receive();",
                "byte[] receive(Duration timeout);",
                "Optional<byte[]> poll(Duration timeout);",
                "int receiveInto(ByteBuffer into);",
                "byte[] request(byte[] request);",
                "byte[] request(byte[] request, Duration timeout);",
                "@Override void close();",
                "default byte[] ping() { return request(new byte[] {0x3E, 0x00}); }",
                "static byte[] tester() { return new byte[] {0x3E}; }");
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        for (String expected : new String[] {
                "public void send(byte[] payload) {",
                "this.channel.send(payload);",
                "public void sendBuffer(ByteBuffer payload) {",
                "public byte[] receive() {",
                "return this.channel.receive();",
                "public byte[] receive(Duration timeout) {",
                "return this.channel.receive(timeout);",
                "public Optional<byte[]> poll(Duration timeout) {",
                "return this.channel.poll(timeout);",
                "public int receiveInto(ByteBuffer into) {",
                "return this.channel.receive(into);",
                "public byte[] request(byte[] request) {",
                "return this.channel.request(request);",
                "public byte[] request(byte[] request, Duration timeout) {",
                "return this.channel.request(request, timeout);",
                "public void close() {",
                "this.channel.close();"}) {
            assertTrue(client.contains(expected), () -> "missing \"" + expected + "\" in\n" + client);
        }
        assertTrue(!client.contains("ping") && !client.contains("tester"), client);
    }

    @Test
    void methodsThatDeclareIoExceptionLetItThrough() {
        String text = channel("byte[] request(byte[] request) throws IOException;",
                "void send(byte[] payload) throws Exception;", "byte[] receive();");
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        assertTrue(client.contains("public byte[] request(byte[] request) throws IOException {\n"
                + "        Objects.requireNonNull(request, \"request is null: Ecu.request needs a PDU of 1 or more bytes\");\n"
                + "        return this.channel.request(request);\n"
                + "    }"), client);
        assertTrue(client.contains("public void send(byte[] payload) throws Exception {\n"
                + "        Objects.requireNonNull(payload, \"payload is null: Ecu.send needs a PDU of 1 or more bytes\");\n"
                + "        this.channel.send(payload);\n"
                + "    }"), client);
        assertTrue(client.contains("public byte[] receive() {\n"
                + "        try {\n"
                + "            return this.channel.receive();\n"
                + "        } catch (IOException e) {\n"
                + "            throw new UncheckedIOException(e);\n"
                + "        }\n"
                + "    }"), client);
    }

    @Test
    void closeNeedNotBeRedeclaredAndParameterNamesDoNotClash() {
        String text = channel("byte[] request(byte[] channel, Duration e);");
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        assertTrue(client.contains("            return this.channel.request(channel, e);\n"
                + "        } catch (IOException e_) {\n"
                + "            throw new UncheckedIOException(e_);\n"), client);
        assertTrue(client.contains("public void close() {"), client);
    }

    @Test
    void methodsOfSuperinterfacesAreImplementedWithTheirTypeArguments() {
        JavaFileObject base = source("test.Link", "package test;\n\nimport java.time.Duration;\n\n"
                + "public interface Link<Q, R> extends AutoCloseable {\n    R request(Q request, Duration timeout);\n"
                + "    void send(Q payload);\n}\n");
        String text = channel("byte[] receive();").replace("extends AutoCloseable", "extends Link<byte[], byte[]>");
        Compilation compilation = Compiling.compile(base, source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        assertTrue(client.contains("public byte[] request(byte[] request, Duration timeout) {"), client);
        assertTrue(client.contains("public void send(byte[] payload) {"), client);
        assertTrue(client.indexOf("receive()") < client.indexOf("request("), "own methods first:\n" + client);
    }

    @Test
    void objectMethodsRedeclaredInTheInterfaceAreLeftToObject() {
        String text = channel("byte[] receive();", "@Override String toString();", "@Override int hashCode();",
                "@Override boolean equals(Object other);");
        assertThat(compile(source("test.Ecu", text))).succeededWithoutWarnings();
    }
}
