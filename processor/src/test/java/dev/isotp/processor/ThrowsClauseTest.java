package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method shape against every throws clause a user may write: what is declared is thrown as itself (the client
 * compiles with a catch that rethrows it, or calls the IOException-throwing support directly), and what cannot be
 * honoured is a compile error on the method saying what to declare.
 */
class ThrowsClauseTest {
    /** Shape, its declaration (without throws), its described name, whether it can time out. */
    private static final String[][] SHAPES = {
            {"send", "void send(byte[] payload)", "send(byte[])", "a send does not wait for an answer"},
            {"receive", "byte[] receive()", "receive()", null},
            {"receiveTimeout", "byte[] receive(Duration timeout)", "receive(Duration)", null},
            {"poll", "Optional<byte[]> poll(Duration timeout)", "poll(Duration)",
                    "it returns Optional.empty() when the timeout passes (return byte[] to get the exception)"},
            {"receiveInto", "int receive(ByteBuffer into)", "receive(ByteBuffer)", null},
            {"request", "byte[] request(byte[] request)", "request(byte[])", null},
            {"requestTimeout", "byte[] request(byte[] request, Duration timeout)", "request(byte[], Duration)", null},
            {"functional", "Map<Integer, byte[]> ask(byte[] request, Duration window)", "ask(byte[], Duration)",
                    "a functional request returns the answers that came within its window"},
    };

    /** How a throws clause is judged. */
    enum Outcome { UNCHECKED, DIRECT, RETHROWN, NO_TIMEOUT, UNRELATED }

    /** Throws clause, outcome, the catch written for RETHROWN (types as the generated source names them). */
    private static final Object[][] CLAUSES = {
            {"", Outcome.UNCHECKED, null},
            {" throws java.io.UncheckedIOException", Outcome.UNCHECKED, null},
            {" throws IOException", Outcome.DIRECT, null},
            {" throws Exception", Outcome.DIRECT, null},
            {" throws Throwable", Outcome.DIRECT, null},
            {" throws IsoTpException", Outcome.RETHROWN, "IsoTpException"},
            {" throws FlowControlTimeoutException", Outcome.RETHROWN, "FlowControlTimeoutException"},
            {" throws FlowControlTimeoutException, SocketClosedException", Outcome.RETHROWN,
                    "FlowControlTimeoutException | SocketClosedException"},
            {" throws IsoTpException, FlowControlTimeoutException", Outcome.RETHROWN, "IsoTpException"},
            {" throws SocketTimeoutException", Outcome.NO_TIMEOUT, "SocketTimeoutException"},
            {" throws java.io.InterruptedIOException", Outcome.NO_TIMEOUT, "InterruptedIOException"},
            {" throws SocketTimeoutException, IsoTpException", Outcome.NO_TIMEOUT,
                    "SocketTimeoutException | IsoTpException"},
            {" throws java.io.FileNotFoundException", Outcome.UNRELATED, "FileNotFoundException"},
            {" throws java.sql.SQLException", Outcome.UNRELATED, "SQLException"},
            {" throws InterruptedException", Outcome.UNRELATED, "InterruptedException"},
            {" throws IsoTpException, java.sql.SQLException", Outcome.UNRELATED, "SQLException"},
    };

    static Stream<Arguments> everyShapeAgainstEveryClause() {
        List<Arguments> all = new ArrayList<>();
        for (String[] shape : SHAPES) {
            for (Object[] clause : CLAUSES) {
                all.add(Arguments.of(shape[0], shape[1], shape[2], shape[3], clause[0], clause[1], clause[2]));
            }
        }
        return all.stream();
    }

    private static String channel(String shape, String method) {
        boolean functional = shape.equals("functional");
        return "package test;\n"
                + "\n"
                + "import dev.isotp.*;\n"
                + "import java.io.IOException;\n"
                + "import java.net.SocketTimeoutException;\n"
                + "import java.nio.ByteBuffer;\n"
                + "import java.time.Duration;\n"
                + "import java.util.Map;\n"
                + "import java.util.Optional;\n"
                + "\n"
                + (functional
                        ? "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true,\n"
                                + "        responders = {@IsoTpChannel.Responder(rxid = 0x7E8, txid = 0x7E0)})\n"
                        : "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n")
                + "public interface Ecu extends AutoCloseable {\n"
                + "    " + method + ";\n"
                + "}\n";
    }

    @ParameterizedTest(name = "{1}{4}")
    @MethodSource
    void everyShapeAgainstEveryClause(String shape, String declaration, String described, String neverTimesOut,
            String clause, Outcome outcome, String types) {
        String text = channel(shape, declaration + clause);
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = compile(file);
        String name = declaration.substring(declaration.indexOf(' ', declaration.indexOf(')') < 0 ? 0 : 0) + 1,
                declaration.indexOf('('));
        name = name.substring(name.lastIndexOf(' ') + 1);
        String marker = name + "(";
        if (outcome == Outcome.NO_TIMEOUT && neverTimesOut == null) {
            outcome = Outcome.RETHROWN; // a shape that can time out honours SocketTimeoutException and its supertypes
        }
        switch (outcome) {
            case UNRELATED: {
                String first = types.contains(" | ") ? types.substring(types.lastIndexOf(' ') + 1) : types;
                assertOnlyError(compilation, file, text, Message.THROWS_UNRELATED.format(described, first), marker);
                return;
            }
            case NO_TIMEOUT: {
                String first = types.contains(" | ") ? types.substring(0, types.indexOf(' ')) : types;
                assertOnlyError(compilation, file, text, Message.THROWS_NO_TIMEOUT.format(described, first,
                        neverTimesOut), marker);
                return;
            }
            default:
                break;
        }
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu");
        String body = client.substring(client.indexOf(name + "(", client.indexOf("@Override")));
        body = body.substring(body.indexOf('{') + 1, body.indexOf("\n    }\n"));
        switch (outcome) {
            case UNCHECKED:
                assertEquals(1, count(body, "catch ("), body);
                assertEquals(1, count(body, "catch (IOException e) {\n            throw new UncheckedIOException(e);"),
                        body);
                break;
            case DIRECT:
                assertTrue(!body.contains("catch"), body);
                break;
            default:
                assertEquals(2, count(body, "catch ("), body);
                assertEquals(1, count(body, "catch (" + types + " e) {\n            throw e;"), body);
                assertEquals(1, count(body, "catch (IOException e) {\n            throw new UncheckedIOException(e);"),
                        body);
                break;
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
