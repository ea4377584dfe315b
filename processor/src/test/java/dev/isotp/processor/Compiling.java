package dev.isotp.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, and finds where in a source an error should point. */
final class Compiling {
    private Compiling() {
    }

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new IsoTpChannelProcessor()).compile(sources);
    }

    /** Compiles without {@code jakarta.inject} on the classpath. */
    static Compilation compileWithoutInject(JavaFileObject... sources) {
        List<File> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("jakarta.inject"))
                .map(File::new)
                .collect(Collectors.toList());
        return Compiler.javac().withProcessors(new IsoTpChannelProcessor()).withClasspath(classpath).compile(sources);
    }

    /** A source named after its public type, e.g. {@code source("test.Ecu", "package test; ...")}. */
    static JavaFileObject source(String qualifiedName, String text) {
        return JavaFileObjects.forSourceString(qualifiedName, text);
    }

    /** The 1-based line and column of the one occurrence of {@code marker} in {@code text}. */
    static long[] position(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "marker not found: " + marker);
        assertEquals(-1, text.indexOf(marker, at + 1), "marker not unique: " + marker);
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new long[] {line, at - lineStart + 1};
    }

    /** Asserts exactly one error: that text, in that file, at the marker's line and column. */
    static void assertOnlyError(Compilation compilation, JavaFileObject file, String text, String message,
            String marker) {
        assertThat(compilation).failed();
        assertEquals(1, compilation.errors().size(), () -> "errors: " + compilation.errors());
        assertError(compilation, file, text, message, marker);
    }

    /** Asserts an error with exactly that text, in that file, at the marker's line and column. */
    static void assertError(Compilation compilation, JavaFileObject file, String text, String message, String marker) {
        assertErrorAt(compilation, file, message, position(text, marker));
    }

    /** The position of the value written after {@code name = } (the name occurring once in the text). */
    static long[] valuePosition(String text, String name) {
        long[] at = position(text, name + " = ");
        return new long[] {at[0], at[1] + name.length() + 3};
    }

    /** Asserts an error with exactly that text, in that file, at that line and column. */
    static void assertErrorAt(Compilation compilation, JavaFileObject file, String message, long[] at) {
        Diagnostic<? extends JavaFileObject> match = compilation.errors().stream()
                .filter(d -> d.getMessage(null).equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error \"" + message + "\"; errors: " + compilation.errors()));
        assertEquals(file.toUri(), match.getSource().toUri(), "file of: " + message);
        assertEquals(at[0], match.getLineNumber(), "line of: " + message);
        assertEquals(at[1], match.getColumnNumber(), "column of: " + message);
    }

    /** The generated source of a type, as text. */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError("not generated: " + qualifiedName));
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file the compilation wrote (sources, classes, resources), by name, as bytes. */
    static Map<String, byte[]> generatedBytes(Compilation compilation) {
        Map<String, byte[]> out = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            try (InputStream in = file.openInputStream()) {
                out.put(file.toUri().getPath(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Loads the classes a compilation wrote, over the test's class path. */
    static ClassLoader classLoader(Compilation compilation) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                        path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new ClassLoader(Compiling.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }
}
