package dev.isotp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's module boundary holds for every module of the project, not only inside the runtime (whose own layers
 * {@code PackageLayersTest} checks): the main code of the other modules (the test kit, the processor, the samples,
 * this command, the benchmarks, and any module added to the parent pom) uses only the packages the runtime exports,
 * as a user's code on the module path must. Read from the sources, the way a user's compiler would meet them; tests
 * may look inside, and so may the JMH microbenchmarks (white-box measurements of the runtime's own parts, such as
 * each native call path, in the runtime's packages on the class path; never shipped), which are therefore the one
 * module left out.
 */
class ModuleBoundaryTest {
    private static final Path PROJECT = Paths.get("..");
    /** The module of white-box microbenchmarks, which measure internals as the runtime's tests test them. */
    private static final String WHITE_BOX = "microbenchmarks";
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** A reference to a package the runtime does not export. */
    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\.isotp\\.(kernel|engine|internal)\\b[\\w.]*");

    @Test
    void everyModuleUsesOnlyWhatTheRuntimeExports() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(PROJECT.resolve("pom.xml")));
        while (m.find()) {
            if (!m.group(1).equals("runtime") && !m.group(1).equals(WHITE_BOX)) {
                modules.add(m.group(1));
            }
        }
        assertTrue(modules.containsAll(List.of("testkit", "processor", "samples", "cli", "benchmarks")), modules.toString());
        List<String> crossings = new ArrayList<>();
        int files = 0;
        for (String module : modules) {
            Path sources = PROJECT.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(sources), sources + " is missing");
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    files++;
                    String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                    Matcher internal = INTERNAL.matcher(code);
                    while (internal.find()) {
                        crossings.add(PROJECT.relativize(file) + ": " + internal.group());
                    }
                }
            }
        }
        assertTrue(files > 50, "too few sources found: " + files);
        assertEquals(List.of(), crossings, "main code outside the runtime using a package the runtime does not export");
    }
}
