package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertError;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Functional channels: responders declared in advance, checked at compile time, answers keyed by responder. */
class FunctionalRequestTest {
    private static String channel(String values, String... methods) {
        return "package test;\n"
                + "\n"
                + "import dev.isotp.*;\n"
                + "import dev.isotp.IsoTpChannel.Responder;\n"
                + "import java.io.IOException;\n"
                + "import java.time.Duration;\n"
                + "import java.util.Map;\n"
                + "\n"
                + "@IsoTpChannel(iface = \"vcan0\", " + values + ")\n"
                + "public interface Obd extends AutoCloseable {\n"
                + String.join("", java.util.Arrays.stream(methods).map(m -> "    " + m + "\n").toArray(String[]::new))
                + "}\n";
    }

    private static final String RESPONDERS = "responders = {@Responder(rxid = 0x7E8, txid = 0x7E0), "
            + "@Responder(rxid = 0x7E9, txid = 0x7E1)}";

    @Test
    void aFunctionalChannelPassesItsRespondersToTheSupport() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, " + RESPONDERS,
                "Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;",
                "Map<Integer, byte[]> askQuietly(byte[] request, Duration window);",
                "void send(byte[] payload);");
        Compilation compilation = compile(source("test.Obd", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Obd");
        assertTrue(client.contains("ChannelSupport.open(\"Obd\", CONFIG, new int[] {0x7E8, 0x7E0, 0x7E9, 0x7E1});"), client);
        assertTrue(client.contains("ChannelSupport.open(\"Obd\", CONFIG, overrides, new int[] {0x7E8, 0x7E0, 0x7E9, 0x7E1});"),
                client);
        assertTrue(client.contains("Duration\");\n        return this.channel.requestAll(request, window);\n    }"), client);
        assertTrue(client.contains("        try {\n            return this.channel.requestAll(request, window);\n"
                + "        } catch (IOException e) {\n            throw new UncheckedIOException(e);\n        }"), client);
    }

    @Test
    void respondersNeedSfBroadcast() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, " + RESPONDERS,
                "Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        assertOnlyError(compile(file), file, text, Message.RESPONDERS_NEED.format("need sfBroadcast = true: a "
                + "functional request is one single frame to every ECU, sent without waiting for flow control (Linux "
                + "5.11+)"), "{@Responder(rxid = 0x7E8");
    }

    @Test
    void respondersNeedAModeOfPlainIds() {
        String text = channel("mode = AddressingMode.MIXED_11, addressExtension = 0x01, rxid = 0x7E8, txid = 0x7DF, "
                + "sfBroadcast = true, " + RESPONDERS,
                "Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        assertOnlyError(compile(file), file, text, Message.RESPONDERS_NEED.format("work in NORMAL_11, NORMAL_29 and "
                + "NORMAL_FIXED_29, not MIXED_11: each responder's socket is bound to plain CAN ids"),
                "{@Responder(rxid = 0x7E8");
    }

    @Test
    void aResponderIdIsJudgedByTheValidator() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, "
                + "responders = {@Responder(rxid = 0x800, txid = 0x7E0)}",
                "Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertEquals(1, compilation.errors().size(), compilation.errors()::toString);
        assertError(compilation, file, text, "responder @Responder(rxid = 0x800, txid = 0x7E0): "
                + "rxid 0x800 does not fit an 11-bit CAN id (NORMAL_11): use 0x000-0x7FF, or a 29-bit mode such as "
                + "NORMAL_29 for larger ids", "@Responder(rxid = 0x800");
    }

    @Test
    void aFunctionalRequestNeedsResponders() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true",
                "Map<Integer, byte[]> ask(byte[] request, Duration window) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        assertOnlyError(compile(file), file, text, Message.FUNCTIONAL_WITHOUT_RESPONDERS.format("ask(byte[], Duration)"),
                "ask(");
    }

    @Test
    void aFunctionalChannelDoesNotReceiveOnItsOwnSocket() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, " + RESPONDERS,
                "byte[] request(byte[] request) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        assertOnlyError(compile(file), file, text, Message.RECEIVE_ON_FUNCTIONAL.format("request(byte[])"), "request(");
    }

    @Test
    void aBroadcastChannelWithoutRespondersOnlySends() {
        String text = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true",
                "byte[] request(byte[] request) throws IOException;");
        JavaFileObject file = source("test.Obd", text);
        assertOnlyError(compile(file), file, text, Message.RECEIVE_ON_BROADCAST.format("request(byte[])", "sfBroadcast"),
                "request(");

        String cf = channel("rxid = 0x7E8, txid = 0x7DF, cfBroadcast = true",
                "java.util.concurrent.CompletableFuture<byte[]> receive();");
        JavaFileObject cfFile = source("test.Obd", cf);
        assertOnlyError(compile(cfFile), cfFile, cf, Message.RECEIVE_ON_BROADCAST.format("receive()", "cfBroadcast"),
                "receive(");

        String sends = channel("rxid = 0x7E8, txid = 0x7DF, sfBroadcast = true, cfBroadcast = false",
                "void send(byte[] payload) throws IOException;");
        assertThat(compile(source("test.Obd", sends))).succeededWithoutWarnings();
    }

    @Test
    void aPackagePrivateInterfaceGetsAPublicClient() {
        String text = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n"
                + "interface Hidden extends AutoCloseable {\n    void send(byte[] payload);\n}\n";
        Compilation compilation = compile(source("test.Hidden", text));
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(generatedSource(compilation, "test.IsoTp_Hidden").contains("public final class IsoTp_Hidden implements Hidden"));
    }
}
