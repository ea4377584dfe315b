package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.isotp.processor.Compiling.assertOnlyError;
import static dev.isotp.processor.Compiling.compile;
import static dev.isotp.processor.Compiling.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The annotated type: an interface, reachable, not generic, AutoCloseable; top-level or nested. */
class TypeShapeTest {
    static final String ANNOTATION = "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0)";

    private static void assertTypeError(String text, String message, String marker) {
        JavaFileObject file = source("test.Ecu", text);
        Compilation compilation = compile(file);
        assertOnlyError(compilation, file, text, message, marker);
    }

    @Test
    void aClassIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                        + "public abstract class Ecu implements AutoCloseable {\n}\n",
                "@IsoTpChannel applies to interfaces: test.Ecu is a class", "class Ecu");
    }

    @Test
    void anEnumIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                        + "public enum Ecu implements AutoCloseable {\n    A;\n    public void close() {}\n}\n",
                "@IsoTpChannel applies to interfaces: test.Ecu is an enum", "enum Ecu");
    }

    @Test
    void anAnnotationTypeIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                        + "public @interface Ecu {\n}\n",
                "@IsoTpChannel applies to interfaces: test.Ecu is an annotation type", "interface Ecu");
    }

    @Test
    void aGenericInterfaceIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                        + "public interface Ecu<T> extends AutoCloseable {\n    T receive();\n}\n",
                Message.GENERIC_INTERFACE.format("test.Ecu", "<T>"), "interface Ecu");
    }

    @Test
    void anInterfaceThatIsNotAutoCloseableIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                        + "public interface Ecu {\n    byte[] receive();\n}\n",
                "@IsoTpChannel interface Ecu must extend AutoCloseable, so that its socket can be closed: declare it as "
                        + "'interface Ecu extends AutoCloseable'", "interface Ecu");
    }

    @Test
    void aPrivateNestedInterfaceIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n"
                        + "public class Ecu {\n    " + ANNOTATION + "\n"
                        + "    private interface Link extends AutoCloseable {\n        byte[] receive();\n    }\n}\n",
                Message.NOT_REACHABLE.format("test.Ecu.Link", "Link is private"), "interface Link");
    }

    @Test
    void anInterfaceInsideAPrivateClassIsRefused() {
        assertTypeError("package test;\nimport dev.isotp.IsoTpChannel;\n"
                        + "public class Ecu {\n    private static class Hidden {\n        " + ANNOTATION + "\n"
                        + "        interface Link extends AutoCloseable {\n            byte[] receive();\n        }\n"
                        + "    }\n}\n",
                Message.NOT_REACHABLE.format("test.Ecu.Hidden.Link", "Hidden is private"), "interface Link");
    }

    @Test
    void typeAndConfigurationProblemsComeTogether() {
        String text = "package test;\nimport dev.isotp.IsoTpChannel;\n"
                + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, stmin = 0x80)\n"
                + "public interface Ecu {\n    void flush();\n}\n";
        Compilation compilation = compile(source("test.Ecu", text));
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("stmin 0x80 is reserved");
        assertThat(compilation).hadErrorContaining("must extend AutoCloseable");
        assertThat(compilation).hadErrorContaining("method flush() is not a channel method");
    }

    @Test
    void nestedInterfacesGetTheirNamesJoined() {
        String text = "package test;\nimport dev.isotp.IsoTpChannel;\n"
                + "public class Vehicle {\n    public static class Body {\n        " + ANNOTATION + "\n"
                + "        public interface Doors extends AutoCloseable {\n            byte[] receive();\n        }\n"
                + "    }\n\n    " + ANNOTATION.replace("0x7E8", "0x7E9") + "\n"
                + "    interface Engine extends AutoCloseable {\n        byte[] receive();\n    }\n}\n";
        Compilation compilation = compile(source("test.Vehicle", text));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.IsoTp_Vehicle_Body_Doors")
                .contentsAsUtf8String().contains("implements Vehicle.Body.Doors");
        assertThat(compilation).generatedSourceFile("test.IsoTp_Vehicle_Engine")
                .contentsAsUtf8String().contains("implements Vehicle.Engine");
        assertThat(compilation).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT,
                "META-INF/services/test.Vehicle$Body$Doors").contentsAsUtf8String()
                .isEqualTo("test.IsoTp_Vehicle_Body_Doors\n");
    }

    @Test
    void aCloseableInterfaceGetsACloseThatThrowsNothing() {
        // java.io.Closeable: a try-with-resources in a method that declares IOException compiles
        String text = "package test;\nimport dev.isotp.IsoTpChannel;\nimport java.io.Closeable;\n"
                + "import java.io.IOException;\n" + ANNOTATION + "\n"
                + "public interface Ecu extends Closeable {\n    byte[] receive();\n}\n";
        String user = "package test;\nimport java.io.IOException;\nclass User {\n"
                + "    static byte[] once() throws IOException {\n"
                + "        try (Ecu ecu = new IsoTp_Ecu()) {\n            return ecu.receive();\n        }\n    }\n}\n";
        Compilation compilation = compile(source("test.Ecu", text), source("test.User", user));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.IsoTp_Ecu").contentsAsUtf8String()
                .contains("public void close() {");
    }

    @Test
    void anInterfaceInTheUnnamedPackageWorks() {
        String text = "import dev.isotp.IsoTpChannel;\n" + ANNOTATION + "\n"
                + "public interface Ecu extends AutoCloseable {\n    byte[] receive();\n}\n";
        Compilation compilation = compile(source("Ecu", text));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("IsoTp_Ecu");
    }
}
