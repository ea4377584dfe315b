package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.isotp.ChannelOverrides;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpChannel;
import dev.isotp.IsoTpChannels;
import dev.isotp.validation.Attribute;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IsoTpChannels finds a generated client through its service file; the annotation matches the validator. */
class IsoTpChannelsTest {
    @TempDir
    Path output;

    /** Compiles the sources and loads what they give, service files included, as a packaged jar would. */
    private ClassLoader compileAndLoad(JavaFileObject... sources) throws IOException {
        Compilation compilation = compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        for (JavaFileObject file : compilation.generatedFiles()) {
            String path = file.toUri().getPath();
            int at = path.indexOf("/CLASS_OUTPUT/");
            if (at < 0) {
                continue;
            }
            Path target = output.resolve(path.substring(at + "/CLASS_OUTPUT/".length()));
            Files.createDirectories(target.getParent());
            try (InputStream in = file.openInputStream()) {
                Files.write(target, in.readAllBytes());
            }
        }
        return new URLClassLoader(new URL[] {output.toUri().toURL()}, getClass().getClassLoader());
    }

    private static final String ECU = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
            + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n"
            + "public interface Ecu extends AutoCloseable {\n    byte[] receive();\n}\n";

    @Test
    void openFindsTheGeneratedClientAndAppliesTheOverrides() throws Exception {
        Class<?> ecu = compileAndLoad(source("test.Ecu", ECU)).loadClass("test.Ecu");
        // an invalid override is refused by the generated constructor before any socket is opened
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> IsoTpChannels.open(ecu, ChannelOverrides.iface("can/0")));
        assertTrue(e.getMessage().startsWith("with ChannelOverrides[iface=\"can/0\"]: iface \"can/0\" is not a valid "
                + "interface name"), e.getMessage());
        assertEquals("iface", e.problems().get(0).attribute().elementName());
    }

    @Test
    void openWithoutAGeneratedClientSaysWhatToDo() throws Exception {
        String plain = "package test;\n\npublic interface Plain extends AutoCloseable {\n}\n";
        Class<?> type = compileAndLoad(source("test.Plain", plain), source("test.Ecu", ECU)).loadClass("test.Plain");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsoTpChannels.open(type));
        assertTrue(e.getMessage().startsWith("no generated client for test.Plain: annotate it with @IsoTpChannel"),
                e.getMessage());
        // the causes seen in the field: a compiler plugin too old for annotationProcessorPaths, javac 23+
        assertTrue(e.getMessage().contains("a compiler plugin older than 3.5")
                && e.getMessage().contains("ignores annotationProcessorPaths"), e.getMessage());
    }

    @Test
    void openRefusesAClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsoTpChannels.open(String.class));
        assertTrue(e.getMessage().startsWith("java.lang.String is not an interface"), e.getMessage());
    }

    @Test
    void theAnnotationsHaveAnElementForEveryAttributeOfTheValidator() {
        // @IsoTpChannel's and @UdsChannel's elements; the attribute uds is @UdsChannel's presence
        Set<String> elements = java.util.stream.Stream.concat(Arrays.stream(IsoTpChannel.class.getDeclaredMethods()),
                Arrays.stream(dev.isotp.UdsChannel.class.getDeclaredMethods())).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        elements.add(Attribute.UDS.elementName());
        Set<String> attributes = Arrays.stream(Attribute.values()).map(Attribute::elementName)
                .collect(Collectors.toCollection(TreeSet::new));
        elements.remove("codecs");
        elements.remove("responders");
        assertEquals(attributes, elements);
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        dev.isotp.IsoTpConfig base = dev.isotp.IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0)
                .receiveTimeoutMillis(100).build();
        assertEquals(base, ChannelOverrides.none().applyTo(base));
        dev.isotp.IsoTpConfig can0 = ChannelOverrides.iface("can0").applyTo(base);
        assertEquals("can0", can0.iface());
        assertEquals(base.address(), can0.address());
        assertEquals(base.receiveTimeout(), can0.receiveTimeout());
        dev.isotp.IsoTpConfig slow = ChannelOverrides.builder().receiveTimeoutMillis(5000).receiveBufferSize(4095)
                .build().applyTo(base);
        assertEquals(5000, slow.receiveTimeout().toMillis());
        assertEquals(4095, slow.receiveBufferSize());
        assertEquals("vcan0", slow.iface());
    }
}
