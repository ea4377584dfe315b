package dev.isotp.processor.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named-module user of {@link NamedModuleTest}, on a kernel with vcan0: its request is answered by a peer. */
@Tag("kernel")
class NamedModuleKernelTest {
    @Test
    void aNamedModuleOpensItsClientAndGetsItsAnswer(@TempDir Path project) throws Exception {
        assertEquals("", NamedModuleUser.compile(project));
        assertEquals("opened user.app.IsoTp_Ecu in module user.app\nanswer 62f190\n", NamedModuleUser.run(project, "peer"));
    }
}
