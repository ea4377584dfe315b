package dev.isotp.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend one way: the validator knows nothing of the API or the binding, the API builds on
 * the validator. Read from the sources' imports and fully qualified names.
 */
class PackageLayersTest {
    private static final Path SOURCES = Paths.get("src/main/java/dev/isotp");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.isotp((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /** The packages {@code pkg}'s code (not its javadoc) refers to, as "dev.isotp" + suffix. */
    private static List<String> referencedBy(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg.replace('.', '/')))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(PackageLayersTest::references)
                    .distinct().sorted().collect(Collectors.toList());
        }
    }

    private static Stream<String> references(Path file) {
        try {
            String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            Matcher m = REFERENCE.matcher(code);
            Stream.Builder<String> found = Stream.builder();
            while (m.find()) {
                found.add("dev.isotp" + m.group(1));
            }
            return found.build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theValidatorDependsOnNothingOfTheApiOrTheBinding() throws IOException {
        assertEquals(List.of("dev.isotp.internal.text"), referencedBy("validation"));
    }
}
