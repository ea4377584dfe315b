package dev.isotp.testkit.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.testkit.VirtualCanBus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The differential scenarios on the host: engine to engine on the virtual bus. Each transfer's frames must hash to
 * the digest of the frames the kernel sent in the VM for the same scenario (resources/differential/, written by
 * {@link DifferentialKernelTest}); and the fault scenarios give the outcomes the kernel gives.
 */
class DifferentialVirtualBusTest {
    static Map<String, String> kernelDigests() throws IOException {
        Map<String, String> digests = new HashMap<>();
        try (InputStream in = DifferentialVirtualBusTest.class.getResourceAsStream("/differential/kernel-frame-digests.tsv")) {
            if (in == null) {
                throw new AssertionError("no differential/kernel-frame-digests.tsv: copy it from a VM run "
                        + "(testkit/target/differential/) into testkit/src/test/resources/differential/");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] kv = line.split("\t");
                if (kv.length == 2) {
                    digests.put(kv[0], kv[1]);
                }
            }
        }
        return digests;
    }

    @Test
    void theEngineOnTheVirtualBusSendsTheKernelsFrames() throws Exception {
        Map<String, String> kernel = kernelDigests();
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Scenario s : Scenario.selected()) {
            String expected = kernel.get(s.toString());
            if (expected == null) {
                continue; // the full matrix on the host has digests only for the cells the VM recorded
            }
            try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0").addFdInterface("vcanfd0")) {
                List<String> frames = Transfer.text(Transfer.run(s, bus.backend(), bus.backend(), bus));
                if (!expected.equals(Transfer.digest(frames))) {
                    failures.add(s + ": the frames differ from the kernel's; engine sent:\n  "
                            + String.join("\n  ", frames.subList(0, Math.min(12, frames.size()))));
                }
            }
            compared++;
        }
        System.out.println("differential on the virtual bus: " + compared + " scenarios compared with the kernel's frames, "
                + failures.size() + " differ");
        assertTrue(compared >= Scenario.SAMPLE_SIZE - 4, "only " + compared + " scenarios have kernel digests");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void faultsGiveTheKernelsOutcomes() throws Exception {
        try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
            assertEquals(Faults.EXPECTED, Faults.outcomes(bus.backend(), bus, "vcan0"));
        }
    }
}
