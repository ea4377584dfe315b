import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Lists, on the host, the tests the kernel suite must run in the VM, so that a VM run that ran fewer can be
 * told from one that passed. Discovery uses the same roots, class-name pattern and tag expression as the
 * console launcher in the VM (vm/run-kernel-tests.sh).
 *
 * <p>Run as a single-file program: {@code java -cp <console-standalone.jar:test classpath>
 * vm/DiscoverKernelTests.java OUT TAG CLASSNAME_PATTERN ROOT...}. Writes one line per expectation to OUT:
 * {@code test<TAB>unique id} for a test that must run, {@code dynamic<TAB>unique id} for a parameterized, repeated
 * or factory method, which must run at least one test under that id.
 */
public class DiscoverKernelTests {
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: DiscoverKernelTests OUT TAG CLASSNAME_PATTERN ROOT...");
            System.exit(2);
        }
        Set<Path> roots = Stream.of(args).skip(3).map(Path::of).collect(Collectors.toCollection(LinkedHashSet::new));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClasspathRoots(roots))
                .filters(ClassNameFilter.includeClassNamePatterns(args[2]), TagFilter.includeTags(args[1]))
                .build();
        TestPlan plan = LauncherFactory.create().discover(request);
        int tests = 0;
        int dynamic = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier id : plan.getDescendants(root)) {
                    if (id.isTest()) {
                        out.println("test\t" + id.getUniqueId());
                        tests++;
                    } else if (plan.getChildren(id).isEmpty() && id.getSource().orElse(null) instanceof MethodSource) {
                        // a method-level container has its tests only at run time
                        out.println("dynamic\t" + id.getUniqueId());
                        dynamic++;
                    }
                }
            }
        }
        System.out.printf("discovered %d kernel tests and %d parameterized or dynamic test methods%n", tests, dynamic);
    }
}
