package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the processor's errors land: on something the user can open, once, in source order. */
class DiagnosticsTest {

    @Test
    void anErrorInASuperinterfaceCompiledEarlierLandsOnTheAnnotatedInterface(@TempDir Path classes) throws IOException {
        // an earlier javac run: a library interface with a codec that cannot be created
        JavaFileObject base = source("lib.Base", "package lib;\n\nimport dev.isotp.IsoTpChannel;\n"
                + "import dev.isotp.PayloadCodec;\n\npublic interface Base {\n"
                + "    final class Text implements PayloadCodec<String> {\n        private Text() {\n        }\n"
                + "        public byte[] encode(String s) {\n            return s.getBytes();\n        }\n"
                + "        public String decode(byte[] b) {\n            return new String(b);\n        }\n    }\n\n"
                + "    @IsoTpChannel.Codec(Text.class)\n    String receive();\n}\n");
        Compilation library = Compiler.javac().compile(base);
        assertThat(library).succeeded();
        write(library, classes);

        String text = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n"
                + "public interface Ecu extends lib.Base, AutoCloseable {\n}\n";
        JavaFileObject ecu = source("test.Ecu", text);
        Compilation compilation = Compiler.javac().withProcessors(new IsoTpChannelProcessor())
                .withClasspath(classpathWith(classes)).compile(ecu);
        assertThat(compilation).failed();
        assertEquals(1, compilation.errors().size(), compilation.errors()::toString);
        Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
        assertTrue(error.getSource() != null && error.getSource().getName().endsWith("Ecu.java"), error::toString);
        assertEquals(6, error.getLineNumber(), "on the interface's declaration");
        assertEquals("in lib.Base.receive(): " + Message.CODEC_NOT_INSTANTIABLE.format("lib.Base.Text",
                "its no-argument constructor is not public"), error.getMessage(Locale.ROOT));
    }

    @Test
    void errorsComeInSourceOrder() {
        String text = "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", txid = 0x900, rxid = 0x800)\n"
                + "public interface Ecu extends AutoCloseable {\n    byte[] receive();\n}\n";
        Compilation compilation = Compiling.compile(source("test.Ecu", text));
        List<String> messages = compilation.errors().stream().map(e -> e.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
        assertEquals(2, messages.size(), messages::toString);
        assertTrue(messages.get(0).startsWith("txid 0x900"), messages::toString);
        assertTrue(messages.get(1).startsWith("rxid 0x800"), messages::toString);
        List<Long> columns = compilation.errors().stream().map(Diagnostic::getColumnNumber).collect(Collectors.toList());
        assertTrue(columns.get(0) < columns.get(1), columns::toString);
    }

    @Test
    void errorsOnTheInterfaceAndItsValuesComeInTheOrderOfTheirLinesAndColumns() {
        // missing elements (on the annotation), wrong values (on the value), the interface itself (on its name, after
        // the annotation) and a method: printed as javac positions them, line by line, column by column
        String text = "package test;\n\nimport dev.isotp.AddressingMode;\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, mode = AddressingMode.NORMAL_FIXED_29)\n"
                + "public interface Ecu {\n    String readText(byte[] request);\n}\n";
        Compilation compilation = Compiling.compile(source("test.Ecu", text));
        List<long[]> places = compilation.errors().stream()
                .map(e -> new long[] {e.getLineNumber(), e.getColumnNumber()}).collect(Collectors.toList());
        assertTrue(places.size() >= 5, () -> compilation.errors().toString());
        for (int i = 1; i < places.size(); i++) {
            long[] before = places.get(i - 1);
            long[] after = places.get(i);
            assertTrue(before[0] < after[0] || before[0] == after[0] && before[1] <= after[1],
                    () -> compilation.errors().stream().map(e -> e.getLineNumber() + ":" + e.getColumnNumber())
                            .collect(Collectors.toList()).toString());
        }
    }

    @Test
    void twoInterfacesWhoseClientsWouldShareANameAreOneErrorNamingBoth() {
        JavaFileObject rack = source("test.Rack", "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "public interface Rack {\n    @IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)\n"
                + "    interface Ecu extends AutoCloseable {\n        byte[] receive();\n    }\n}\n");
        JavaFileObject rackEcu = source("test.Rack_Ecu", "package test;\n\nimport dev.isotp.IsoTpChannel;\n\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E9, txid = 0x7E1)\n"
                + "public interface Rack_Ecu extends AutoCloseable {\n    byte[] receive();\n}\n");
        Compilation compilation = Compiling.compile(rack, rackEcu);
        assertThat(compilation).failed();
        List<String> messages = compilation.errors().stream().map(e -> e.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
        assertEquals(1, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("test.Rack.Ecu") && messages.get(0).contains("test.Rack_Ecu")
                && messages.get(0).contains("test.IsoTp_Rack_Ecu") && messages.get(0).contains("rename one"),
                messages::toString);
    }

    private static void write(Compilation compilation, Path root) throws IOException {
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            Path target = root.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length()));
            Files.createDirectories(target.getParent());
            try (InputStream in = file.openInputStream()) {
                Files.write(target, in.readAllBytes());
            }
        }
    }

    private static List<File> classpathWith(Path extra) {
        List<File> classpath = new ArrayList<>();
        classpath.add(extra.toFile());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(File::new)
                .forEach(classpath::add);
        return classpath;
    }
}
