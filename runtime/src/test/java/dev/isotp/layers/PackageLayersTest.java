package dev.isotp.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend one way, top to bottom: the API, the words of its failures, the carriers (the kernel
 * binding, the user-space engine), the carrier seam, the exported frame bus and the validator, and at the bottom the
 * kernel's ABI numbers and the hex formatter. A package may use only packages of lower layers.
 *
 * <p>References are read twice, because each way alone misses some: from the compiled classes' constant pools (every
 * class a class file names: types, calls, fields, descriptors, signatures, annotations; also the FFM binding in
 * {@code META-INF/versions/22}), and from the sources' imports and fully qualified names (a {@code static final}
 * constant of another class is copied into the class file by javac and leaves no trace there).
 */
class PackageLayersTest {
    private static final Path CLASSES = Paths.get("target/classes");
    private static final Path[] SOURCES = {Paths.get("src/main/java"), Paths.get("src/main/java22")};

    /** Top to bottom. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("dev.isotp.support", "dev.isotp"),
            List.of("dev.isotp.internal.failure"),
            List.of("dev.isotp.kernel", "dev.isotp.engine"),
            List.of("dev.isotp.internal.carrier"),
            List.of("dev.isotp.spi", "dev.isotp.validation"),
            List.of("dev.isotp.internal.abi", "dev.isotp.internal.text"));

    /**
     * Dependencies inside one layer, each the only one of its kind. The generated clients' support calls the API
     * ({@code ChannelSupport} drives an {@code IsoTpSocket}); the one way back is {@code IsoTpChannels.droppedPdus},
     * which reads the count from the support of a generated client (a class, listed below, not a package).
     */
    private static final Set<String> WITHIN_LAYER = Set.of("dev.isotp.support -> dev.isotp");
    private static final Set<String> CLASSES_AGAINST_THE_LAYER_ORDER = Set.of(
            "dev.isotp.IsoTpChannels -> dev.isotp.support.ChannelSupport",
            "dev.isotp.IsoTpChannels -> dev.isotp.support.GeneratedChannel");

    private static final Set<String> EXPORTED = Set.of("dev.isotp", "dev.isotp.validation", "dev.isotp.support",
            "dev.isotp.spi");

    private static final Pattern CLASS_IN_CONSTANT_POOL = Pattern.compile("dev/isotp((?:/[a-z]\\w*)*)/([A-Z][\\w$]*)");
    private static final Pattern CLASS_IN_SOURCE = Pattern.compile("\\bdev\\.isotp((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

    @Test
    void everyPackageDependsOnlyOnLowerLayers() throws IOException {
        Map<String, Integer> layerOf = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String pkg : LAYERS.get(i)) {
                layerOf.put(pkg, i);
            }
        }
        Set<String> classEdges = classReferences();
        List<String> wrong = new ArrayList<>();
        Set<String> withinLayerSeen = new TreeSet<>();
        for (String edge : classEdges) {
            String[] ends = edge.split(" -> ");
            String from = packageOf(ends[0]);
            String to = packageOf(ends[1]);
            if (from.equals(to)) {
                continue;
            }
            Integer fromLayer = layerOf.get(from);
            Integer toLayer = layerOf.get(to);
            if (fromLayer == null || toLayer == null) {
                wrong.add(edge + " (a package in no layer: add it to LAYERS)");
            } else if (fromLayer > toLayer) {
                if (!CLASSES_AGAINST_THE_LAYER_ORDER.contains(edge)) {
                    wrong.add(edge + " (upwards)");
                }
            } else if (fromLayer.equals(toLayer)) {
                String packages = from + " -> " + to;
                if (WITHIN_LAYER.contains(packages)) {
                    withinLayerSeen.add(packages);
                } else if (!CLASSES_AGAINST_THE_LAYER_ORDER.contains(edge)) {
                    wrong.add(edge + " (sideways inside a layer)");
                }
            }
        }
        assertEquals(List.of(), wrong, "references against the layer order");
        // the allowances are real: each one is still used, so that none outlives its reason
        assertEquals(WITHIN_LAYER, withinLayerSeen);
        assertTrue(classEdges.containsAll(CLASSES_AGAINST_THE_LAYER_ORDER), classEdges.stream()
                .filter(e -> e.startsWith("dev.isotp.IsoTpChannels ->")).collect(Collectors.joining(", ")));
    }

    @Test
    void theBottomLayersDependOnNothingAbove() throws IOException {
        Map<String, Set<String>> uses = packageReferences();
        assertEquals(Set.of(), uses.getOrDefault("dev.isotp.internal.abi", Set.of()));
        assertEquals(Set.of(), uses.getOrDefault("dev.isotp.internal.text", Set.of()));
        assertEquals(Set.of(), uses.getOrDefault("dev.isotp.internal.failure", Set.of()));
        assertEquals(Set.of("dev.isotp.internal.abi", "dev.isotp.internal.text"), uses.get("dev.isotp.validation"));
        assertEquals(Set.of("dev.isotp.internal.abi"), uses.get("dev.isotp.internal.carrier"));
        assertEquals(Set.of("dev.isotp.internal.abi"), uses.get("dev.isotp.spi"));
    }

    @Test
    void theModuleExportsTheApiAndNothingInternal() throws IOException {
        Set<String> compiled;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            compiled = files.filter(p -> p.toString().endsWith(".class") && !p.startsWith(CLASSES.resolve("META-INF"))
                    && !p.getFileName().toString().equals("module-info.class"))
                    .map(p -> packageOf(className(CLASSES.relativize(p)))).collect(Collectors.toCollection(TreeSet::new));
        }
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in, () -> compiled);
        }
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            assertFalse(e.isQualified(), "a qualified export: " + e);
            exported.add(e.source());
        }
        assertEquals(new TreeSet<>(EXPORTED), exported);
        assertEquals(Set.of(), module.opens());
        Set<String> placed = LAYERS.stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(placed, new TreeSet<>(module.packages()), "every package of the module is in exactly one layer");
        for (String pkg : module.packages()) {
            boolean internal = pkg.startsWith("dev.isotp.internal") || pkg.equals("dev.isotp.kernel")
                    || pkg.equals("dev.isotp.engine");
            assertEquals(!internal, exported.contains(pkg), pkg);
        }
    }

    /** "package -> package" pairs from class files and sources, by referring package. */
    private static Map<String, Set<String>> packageReferences() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String edge : classReferences()) {
            String[] ends = edge.split(" -> ");
            String from = packageOf(ends[0]);
            String to = packageOf(ends[1]);
            if (!from.equals(to)) {
                uses.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            }
        }
        return uses;
    }

    /** "class -> class" for every reference to a dev.isotp class, top-level classes only (nested ones folded in). */
    private static Set<String> classReferences() throws IOException {
        Set<String> edges = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")
                    && !p.getFileName().toString().equals("module-info.class"))::iterator) {
                String from = topLevel(className(CLASSES.relativize(f)));
                for (String to : constantPoolClasses(f)) {
                    if (!to.equals(from)) {
                        edges.add(from + " -> " + to);
                    }
                }
            }
        }
        for (Path root : SOURCES) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                        && !p.getFileName().toString().equals("module-info.java"))::iterator) {
                    String from = className(root.relativize(f)).replaceAll("\\.java$", "");
                    String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                    Matcher m = CLASS_IN_SOURCE.matcher(code);
                    while (m.find()) {
                        String to = "dev.isotp" + m.group(1) + "." + m.group(2);
                        if (!to.equals(from)) {
                            edges.add(from + " -> " + to);
                        }
                    }
                }
            }
        }
        assertTrue(edges.size() > 100, "too few references found: are the classes compiled? " + edges.size());
        return edges;
    }

    /** "dev/isotp/kernel/KernelSocket$1.class", or under META-INF/versions/22, as "dev.isotp.kernel.KernelSocket$1". */
    private static String className(Path relative) {
        String name = relative.toString().replace('\\', '/').replaceAll("\\.class$", "");
        name = name.replaceFirst("^META-INF/versions/\\d+/", "");
        return name.replace('/', '.');
    }

    private static String topLevel(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /**
     * The dev.isotp classes a class file names: every CONSTANT_Utf8 entry except those that are the text of a string
     * literal (CONSTANT_String), searched for internal names such as dev/isotp/kernel/KernelSocket.
     */
    private static Set<String> constantPoolClasses(Path classFile) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file: " + classFile);
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            Map<Integer, String> utf8 = new TreeMap<>();
            Set<Integer> literals = new HashSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8
                        utf8.put(i, in.readUTF());
                        break;
                    case 8: // String
                        literals.add(in.readUnsignedShort());
                        break;
                    case 7: case 16: case 19: case 20: // Class, MethodType, Module, Package
                        in.readUnsignedShort();
                        break;
                    case 15: // MethodHandle
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        in.readInt();
                        break;
                    case 5: case 6: // Long, Double: two entries
                        in.readLong();
                        i++;
                        break;
                    default:
                        throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            Set<String> classes = new TreeSet<>();
            utf8.forEach((index, text) -> {
                if (!literals.contains(index)) {
                    Matcher m = CLASS_IN_CONSTANT_POOL.matcher(text);
                    while (m.find()) {
                        classes.add(topLevel("dev.isotp" + m.group(1).replace('/', '.') + "." + m.group(2)));
                    }
                }
            });
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
