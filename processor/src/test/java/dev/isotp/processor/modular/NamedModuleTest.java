package dev.isotp.processor.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user project that is a named module compiles an {@code @IsoTpChannel} interface and opens its client through
 * {@code IsoTpChannels} on the module path. Without CAN in the kernel it gets as far as the socket, which says that
 * the kernel lacks ISO-TP (the same run against a peer is {@link NamedModuleKernelTest}).
 */
class NamedModuleTest {
    @Test
    void aNamedModuleCompilesAndOpensItsClientUpToTheKernel(@TempDir Path project) throws Exception {
        assertEquals("", NamedModuleUser.compile(project));
        String output = NamedModuleUser.run(project);
        assertTrue(output.startsWith("failed KernelSupportMissingException: ")
                || output.startsWith("failed NoSuchInterfaceException: "), output);
        assertTrue(!output.contains("WARNING"), output);
    }
}
