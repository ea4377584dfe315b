package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.compileWithoutInject;
import static dev.isotp.processor.Compiling.generatedBytes;
import static dev.isotp.processor.Compiling.generatedSource;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.isotp.AddressingMode;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** What the processor writes: readable, deterministic, compilable, with the configuration as annotated. */
class GeneratedClientTest {
    static final String ENGINE_ECU = "package test;\n\n"
            + "import dev.isotp.IsoTpChannel;\nimport java.time.Duration;\nimport java.util.Optional;\n\n"
            + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, stmin = 5)\n"
            + "public interface EngineEcu extends AutoCloseable {\n"
            + "    byte[] request(byte[] request);\n"
            + "    void send(byte[] payload);\n"
            + "    Optional<byte[]> poll(Duration timeout);\n"
            + "}\n";

    private static Compilation compileEngineEcu() {
        Compilation compilation = compile(source("test.EngineEcu", ENGINE_ECU));
        assertThat(compilation).succeededWithoutWarnings();
        return compilation;
    }

    @Test
    void theClientReadsAsWritten() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/IsoTp_EngineEcu.java")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, generatedSource(compileEngineEcu(), "test.IsoTp_EngineEcu"));
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        Map<String, byte[]> first = generatedBytes(compileEngineEcu());
        Map<String, byte[]> second = generatedBytes(compileEngineEcu());
        assertEquals(first.keySet(), second.keySet());
        assertTrue(first.keySet().stream().anyMatch(n -> n.endsWith("IsoTp_EngineEcu.java")), first.keySet()::toString);
        assertTrue(first.keySet().stream().anyMatch(n -> n.endsWith("IsoTp_EngineEcu.class")), first.keySet()::toString);
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
        }
    }

    @Test
    void theClientIsGeneratedWithoutATimestamp() {
        String client = generatedSource(compileEngineEcu(), "test.IsoTp_EngineEcu");
        assertTrue(client.contains("@Generated(\"dev.isotp.processor.IsoTpChannelProcessor\")\n"
                + "public final class IsoTp_EngineEcu implements EngineEcu, GeneratedChannel {"), client);
        assertFalse(client.contains("date"), client);
    }

    @Test
    void theServiceFileNamesTheClient() {
        assertThat(compileEngineEcu())
                .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/test.EngineEcu")
                .contentsAsUtf8String().isEqualTo("test.IsoTp_EngineEcu\n");
    }

    @Test
    void theNoArgumentConstructorIsInjectableWhereJakartaInjectIsOnTheClassPath() {
        String client = generatedSource(compileEngineEcu(), "test.IsoTp_EngineEcu");
        assertTrue(client.contains("    @Inject\n    public IsoTp_EngineEcu() {"), client);
    }

    @Test
    void withoutJakartaInjectTheClientHasNoInject() {
        Compilation compilation = compileWithoutInject(source("test.EngineEcu", ENGINE_ECU));
        assertThat(compilation).succeededWithoutWarnings();
        String client = generatedSource(compilation, "test.IsoTp_EngineEcu");
        assertFalse(client.contains("Inject"), client);
    }

    @Test
    void theClientHasTheConstructorsIsoTpChannelsAndInjectionNeed() throws Exception {
        Class<?> client = Compiling.classLoader(compileEngineEcu()).loadClass("test.IsoTp_EngineEcu");
        assertTrue(Modifier.isPublic(client.getModifiers()) && Modifier.isFinal(client.getModifiers()));
        Constructor<?> noArgs = client.getConstructor();
        assertEquals(0, noArgs.getExceptionTypes().length, "injection frameworks refuse checked exceptions");
        Constructor<?> overrides = client.getConstructor(ChannelOverrides.class);
        assertArrayEquals(new Class<?>[] {IOException.class}, overrides.getExceptionTypes());
    }

    @Test
    void theConstantConfigurationIsTheAnnotatedOne() throws Exception {
        Object config = Compiling.classLoader(compileEngineEcu()).loadClass("test.IsoTp_EngineEcu")
                .getField("CONFIG").get(null);
        assertEquals(IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).stmin(5).build(), config);
    }

    @Test
    void everyValueReachesTheConfiguration() throws Exception {
        String text = "package test;\n\nimport dev.isotp.AddressingMode;\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"can1\", mode = AddressingMode.MIXED_29, targetAddress = 0x10, "
                + "sourceAddress = 0xF1, addressExtension = 0x22, functional = true, stmin = 0xF3, bs = 8, "
                + "wftmax = 2, txPadding = 0xAA, rxPadding = 0x55, checkPaddingLength = true, "
                + "checkPaddingData = true, halfDuplex = true, waitTxDone = false, listenMode = true, "
                + "sfBroadcast = true, dynamicFlowControl = true, frameTxTimeNanos = 0xFFFFFFFFL, "
                + "txStminNanos = 300000, rxStminNanos = 100000, canFd = true, txDataLength = 64, "
                + "bitRateSwitch = true, receiveTimeoutMillis = 250, receiveBufferSize = 4095)\n"
                + "public interface Gateway extends AutoCloseable {\n    void send(byte[] payload);\n}\n";
        Compilation compilation = compile(source("test.Gateway", text));
        assertThat(compilation).succeededWithoutWarnings();
        Object config = Compiling.classLoader(compilation).loadClass("test.IsoTp_Gateway").getField("CONFIG").get(null);
        IsoTpConfig expected = IsoTpConfig.builder().iface("can1").mode(AddressingMode.MIXED_29).targetAddress(0x10)
                .sourceAddress(0xF1).addressExtension(0x22).functional(true).stmin(0xF3).bs(8).wftmax(2)
                .txPadding(0xAA).rxPadding(0x55).checkPaddingLength(true).checkPaddingData(true).halfDuplex(true)
                .waitTxDone(false).listenMode(true).sfBroadcast(true).dynamicFlowControl(true)
                .frameTxTimeNanos(0xFFFFFFFFL).txStminNanos(300_000).rxStminNanos(100_000).canFd(true)
                .txDataLength(64).bitRateSwitch(true).receiveTimeoutMillis(250).receiveBufferSize(4095).build();
        assertEquals(expected, config);
    }

    @Test
    void everyDefaultWrittenOutGivesTheBuildersDefaults() throws Exception {
        // every element whose default is a value (not the UNSET marker of "not written")
        String text = "package test;\n\nimport dev.isotp.AddressingMode;\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", mode = AddressingMode.NORMAL_11, rxid = 0x123, txid = 0x456, "
                + "functional = false, stmin = 0, bs = 0, wftmax = 0, checkPaddingLength = false, "
                + "checkPaddingData = false, halfDuplex = false, waitTxDone = true, listenMode = false, "
                + "sfBroadcast = false, cfBroadcast = false, dynamicFlowControl = false, frameTxTimeNanos = 0, "
                + "canFd = false, txDataLength = 8, bitRateSwitch = false, receiveTimeoutMillis = 0, receiveBufferSize = 0)\n"
                + "public interface Plain extends AutoCloseable {\n    byte[] receive();\n}\n";
        Compilation compilation = compile(source("test.Plain", text));
        assertThat(compilation).succeededWithoutWarnings();
        Object config = Compiling.classLoader(compilation).loadClass("test.IsoTp_Plain").getField("CONFIG").get(null);
        IsoTpConfig expected = IsoTpConfig.builder().iface("vcan0").rxid(0x123).txid(0x456).build();
        for (dev.isotp.validation.Attribute attribute : dev.isotp.validation.Attribute.values()) {
            assertEquals(expected.get(attribute), ((IsoTpConfig) config).get(attribute), attribute.elementName());
        }
    }

    @Test
    void aBrokenInterfaceGivesErrorsNeverACrash() {
        String text = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = UNKNOWN, mode = Mode.X)\n"
                + "public interface Broken extends AutoCloseable, Missing {\n"
                + "    void send(Unknown payload);\n    Other receive(Duration timeout);\n    void flush();\n}\n";
        Compilation compilation = compile(source("test.Broken", text));
        assertThat(compilation).failed();
        compilation.errors().forEach(e -> assertFalse(e.getMessage(null).contains("failed on"), e.toString()));
        compilation.errors().forEach(e -> assertFalse(e.getMessage(null).contains("Exception"), e.toString()));
    }
}
