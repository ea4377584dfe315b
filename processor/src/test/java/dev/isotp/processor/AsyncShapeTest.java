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

/** Asynchronous shapes: CompletableFuture of what the synchronous shape returns, checked like every shape. */
class AsyncShapeTest {
    static String channel(String arguments, String... methods) {
        return "package test;\n"
                + "\n"
                + "import dev.isotp.IsoTpChannel;\n"
                + "import java.io.IOException;\n"
                + "import java.nio.ByteBuffer;\n"
                + "import java.time.Duration;\n"
                + "import java.util.Map;\n"
                + "import java.util.Optional;\n"
                + "import java.util.concurrent.CompletableFuture;\n"
                + "\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0" + arguments + ")\n"
                + "public interface Ecu extends AutoCloseable {\n"
                + Stream.of(methods).map(m -> "    " + m + "\n").reduce("", String::concat)
                + "}\n";
    }

    @Test
    void everyAsynchronousShapeIsImplementedWithTheFutureOfChannelSupport() {
        String text = channel("",
                "CompletableFuture<byte[]> request(byte[] request);",
                "CompletableFuture<byte[]> request(byte[] request, Duration timeout);",
                "CompletableFuture<byte[]> receive();",
                "CompletableFuture<byte[]> receive(Duration timeout);",
                "CompletableFuture<Optional<byte[]>> poll(Duration timeout);",
                "CompletableFuture<Void> send(byte[] payload);",
                "byte[] requestNow(byte[] request);");
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        for (String expected : new String[] {
                "public CompletableFuture<byte[]> request(byte[] request) {\n"
                        + "        Objects.requireNonNull(request, \"request is null: Ecu.request needs a PDU of 1 or more bytes\");\n"
                        + "        return this.channel.requestAsync(request, pdu -> pdu);\n"
                        + "    }",
                "return this.channel.requestAsync(request, timeout, pdu -> pdu);",
                "public CompletableFuture<byte[]> receive() {\n        return this.channel.receiveAsync(pdu -> pdu);",
                "return this.channel.receiveAsync(timeout, pdu -> pdu);",
                "public CompletableFuture<Optional<byte[]>> poll(Duration timeout) {",
                "return this.channel.pollAsync(timeout, pdu -> pdu);",
                "public CompletableFuture<Void> send(byte[] payload) {",
                "return this.channel.sendAsync(payload);",
                "return this.channel.request(request);"}) {
            assertTrue(client.contains(expected), () -> "missing \"" + expected + "\" in\n" + client);
        }
    }

    @Test
    void typedPayloadsAreDecodedInsideTheFutureTheCallerHolds() {
        String text = channel(", codecs = {VinCodec.class, TextCodec.class}",
                "CompletableFuture<Vin> request(String request);",
                "CompletableFuture<String> request(Vin request, Duration timeout);",
                "CompletableFuture<Optional<Vin>> poll(Duration timeout);",
                "CompletableFuture<Void> send(Vin vin);");
        Compilation compilation = compile(CodecTest.VIN, CodecTest.VIN_CODEC, CodecTest.TEXT_CODEC,
                source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        for (String expected : new String[] {
                "return this.channel.requestAsync(this.channel.encode(this.textCodec, request, \"request\"), "
                        + "pdu -> this.channel.decode(this.vinCodec, pdu, \"request\"));",
                "return this.channel.requestAsync(this.channel.encode(this.vinCodec, request, \"request\"), timeout, "
                        + "pdu -> this.channel.decode(this.textCodec, pdu, \"request\"));",
                "return this.channel.pollAsync(timeout, pdu -> this.channel.decode(this.vinCodec, pdu, \"poll\"));",
                "return this.channel.sendAsync(this.channel.encode(this.vinCodec, vin, \"send\"));"}) {
            assertTrue(client.contains(expected), () -> "missing \"" + expected + "\" in\n" + client);
        }
    }

    @Test
    void aParameterNamedPduDoesNotClashWithTheDecoder() {
        String text = channel("", "CompletableFuture<byte[]> request(byte[] pdu);");
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(generatedSource(compilation, "test.IsoTp_Ecu").contains("requestAsync(pdu, pdu_ -> pdu_)"));
    }

    static Stream<Arguments> throwsClauses() {
        return Stream.of(
                Arguments.of("CompletableFuture<byte[]> request(byte[] request) throws IOException;",
                        "request(byte[])", "IOException"),
                Arguments.of("CompletableFuture<byte[]> receive() throws java.net.SocketTimeoutException, "
                        + "dev.isotp.SocketClosedException;", "receive()",
                        "SocketTimeoutException, SocketClosedException"),
                Arguments.of("CompletableFuture<Void> send(byte[] payload) throws IllegalStateException;",
                        "send(byte[])", "IllegalStateException"));
    }

    @ParameterizedTest
    @MethodSource("throwsClauses")
    void anAsynchronousMethodDeclaresNoException(String method, String described, String declared) {
        String text = channel("", method);
        JavaFileObject file = source("test.Ecu", text);
        String name = method.substring(method.indexOf("> ") + 2, method.indexOf('('));
        assertOnlyError(compile(file), file, text, Message.ASYNC_THROWS.format(described, declared), name + "(");
    }

    @Test
    void theThrowsMessageSaysWhereTheFailureGoes() {
        String text = channel("", "CompletableFuture<byte[]> request(byte[] request) throws IOException;");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "method request(byte[]) returns a CompletableFuture, which carries "
                + "every failure (join() throws it as the cause of a CompletionException, get() of an "
                + "ExecutionException): remove the throws clause (IOException)", "request(");
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of("CompletableFuture<Integer> receive(ByteBuffer into);", "receive(ByteBuffer)",
                        "CompletableFuture<Integer>"),
                Arguments.of("CompletableFuture<Void> send(ByteBuffer payload);", "send(ByteBuffer)",
                        "CompletableFuture<Void>"),
                Arguments.of("CompletableFuture<Void> close();", "close()", "CompletableFuture<Void>"),
                Arguments.of("CompletableFuture<Void> ping();", "ping()", "CompletableFuture<Void>"),
                Arguments.of("CompletableFuture<byte[]> request(byte[] request, long timeoutMillis);",
                        "request(byte[], long)", "CompletableFuture<byte[]>"),
                Arguments.of("CompletableFuture<Map<Integer, byte[]>> ask(byte[] request, Duration window);",
                        "ask(byte[], Duration)", "CompletableFuture<Map<Integer, byte[]>>"),
                Arguments.of("CompletableFuture<CompletableFuture<byte[]>> request(byte[] request);",
                        "request(byte[])", "CompletableFuture<CompletableFuture<byte[]>>"));
    }

    @ParameterizedTest
    @MethodSource("wrongShapes")
    void aFutureOfNoShapeIsAnErrorThatListsTheAsynchronousShapes(String method, String described, String written) {
        String text = channel("", method);
        JavaFileObject file = source("test.Ecu", text);
        String name = method.substring(method.indexOf("> ") + 2, method.indexOf('('));
        assertOnlyError(compile(file), file, text, Message.ASYNC_SHAPE.format(described, written), name + "(");
    }

    @Test
    void theShapeMessageNamesTheAsynchronousShapes() {
        String text = channel("", "CompletableFuture<Integer> receive(ByteBuffer into);");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "method receive(ByteBuffer) returns CompletableFuture<Integer> but "
                + "is not an asynchronous channel method: use one of CompletableFuture<byte[]> m(byte[]), "
                + "CompletableFuture<byte[]> m(byte[], Duration), CompletableFuture<byte[]> m(byte[], UdsTiming) "
                + "(request); CompletableFuture<byte[]> m(), "
                + "CompletableFuture<byte[]> m(Duration) (receive); CompletableFuture<Optional<byte[]>> m(Duration) "
                + "(receive or empty); CompletableFuture<Void> m(byte[]) (send); or T in place of byte[] with a "
                + "PayloadCodec<T>. Receiving into a ByteBuffer, sending a ByteBuffer, functional requests and "
                + "close() have synchronous forms only", "receive(");
    }

    @Test
    void aRawOrWildcardFutureIsAnError() {
        for (String[] c : new String[][] {
                {"@SuppressWarnings(\"rawtypes\") CompletableFuture request(byte[] request);", "CompletableFuture"},
                {"CompletableFuture<?> request(byte[] request);", "CompletableFuture<?>"},
                {"CompletableFuture<? extends byte[]> request(byte[] request);", "CompletableFuture<? extends byte[]>"}}) {
            String text = channel("", c[0]);
            JavaFileObject file = source("test.Ecu", text);
            assertOnlyError(compile(file), file, text,
                    Message.ASYNC_TYPE_ARGUMENT.format("request(byte[])", c[1]), "request(");
        }
    }

    @Test
    void aTypeArgumentWithoutCodecNeedsOne() {
        String text = channel("", "CompletableFuture<String> request(byte[] request);");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "method request(byte[]) returns String, which needs a "
                + "PayloadCodec<String>: name one in @IsoTpChannel(codecs = ...) or on the method with "
                + "@IsoTpChannel.Codec", "request(");
    }
}
