package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @UdsChannel.NegativeResponseAsAnswer}: only on the request methods of a {@code @UdsChannel} interface, an
 * error on the annotation elsewhere; the generated request returns the negative response where another throws it.
 */
class UdsChannelShapeTest {
    private static String channel(String annotations, String methods) {
        return "package test;\n\nimport dev.isotp.IsoTpChannel;\nimport dev.isotp.UdsChannel;\nimport java.io.IOException;\n"
                + "import java.time.Duration;\nimport java.util.concurrent.CompletableFuture;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n" + annotations
                + "public interface Ecu extends AutoCloseable {\n" + methods + "}\n";
    }

    @Test
    void onAReceiveItIsAnErrorOnTheAnnotation() {
        String text = channel("@UdsChannel\n", "    @UdsChannel.NegativeResponseAsAnswer\n    byte[] receive();\n");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "receive(): @UdsChannel.NegativeResponseAsAnswer makes a final "
                + "negative response (7F <SID> <NRC>) a request's answer, so it belongs on a request method (byte[] "
                + "m(byte[]), with a Duration or a UdsTiming, or their CompletableFuture forms) of an interface annotated "
                + "@UdsChannel",
                "@UdsChannel.NegativeResponseAsAnswer");
    }

    @Test
    void onAPlainChannelItIsAnError() {
        String text = channel("", "    @UdsChannel.NegativeResponseAsAnswer\n    byte[] request(byte[] request);\n");
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertTrue(compilation.errors().get(0).getMessage(null).startsWith("request(byte[]): @UdsChannel."
                + "NegativeResponseAsAnswer makes"), () -> compilation.errors().toString());
    }

    @Test
    void aUdsTimingNeedsAUdsChannel() {
        String text = channel("", "    byte[] erase(byte[] request, dev.isotp.UdsTiming timing);\n");
        JavaFileObject file = source("test.Ecu", text);
        assertOnlyError(compile(file), file, text, "erase(byte[], UdsTiming) takes a UdsTiming, the timing of one"
                + " UDS request, but the interface does not speak UDS: annotate it with @UdsChannel, or take a Duration"
                + " (the time the answer is awaited)", "erase(");
    }

    @Test
    void aRequestWithItsOwnTimingCompilesInEveryForm() {
        String text = channel("@UdsChannel\n", String.join("\n",
                "    byte[] erase(byte[] request, dev.isotp.UdsTiming timing);",
                "    byte[] eraseChecked(byte[] request, dev.isotp.UdsTiming timing) throws IOException;",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    byte[] eraseOrRefusal(byte[] request, dev.isotp.UdsTiming timing);",
                "    CompletableFuture<byte[]> eraseLater(byte[] request, dev.isotp.UdsTiming timing);",
                ""));
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu").replaceAll("\\s+", " ");
        assertTrue(client.contains("public byte[] erase(byte[] request, UdsTiming timing) { Objects.requireNonNull("),
                client);
        assertTrue(client.contains("try { return this.channel.request(request, timing); } catch (IOException e) { "
                + "throw new UncheckedIOException(e); }"), client);
        assertTrue(client.contains("throws IOException { Objects.requireNonNull(request, \"request is null: "
                + "Ecu.eraseChecked needs a PDU of 1 or more bytes\"); Objects.requireNonNull(timing, \"timing is null: "
                + "Ecu.eraseChecked needs this call's UdsTiming\"); return this.channel.request(request, timing); }"),
                client);
        assertTrue(client.contains("this.channel.requestAsync(request, timing, pdu -> pdu, false)"), client);
        assertTrue(client.contains("\"timing is null: Ecu.erase needs this call's UdsTiming\""), client);
    }

    @Test
    void everyRequestShapeCompilesWithItAndReturnsTheNegativeResponse() {
        String text = channel("@UdsChannel\n", String.join("\n",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    byte[] plain(byte[] request);",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    byte[] checked(byte[] request, Duration timeout) throws IOException;",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    byte[] some(byte[] request) throws dev.isotp.IsoTpException, java.net.SocketTimeoutException;",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    CompletableFuture<byte[]> later(byte[] request);",
                "    @UdsChannel.NegativeResponseAsAnswer",
                "    CompletableFuture<byte[]> laterWithin(byte[] request, Duration timeout);",
                "    byte[] throwing(byte[] request) throws IOException;",
                ""));
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_Ecu").replaceAll("\\s+", " ");
        assertTrue(client.contains("catch (NegativeResponseException e) { return e.response(); } catch (IOException e)"
                + " { throw new UncheckedIOException(e);"), client);
        assertTrue(client.contains("catch (NegativeResponseException e) { return e.response(); } catch (IsoTpException"
                + " | SocketTimeoutException e) { throw e;"), client);
        assertTrue(client.contains("this.channel.requestAsync(request, pdu -> pdu, true)"), client);
        assertTrue(client.contains("this.channel.requestAsync(request, timeout, pdu -> pdu, true)"), client);
    }
}
