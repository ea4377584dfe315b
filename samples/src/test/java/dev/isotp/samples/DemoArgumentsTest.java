package dev.isotp.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The demo's own arguments, checked before any socket opens. */
class DemoArgumentsTest {
    @Test
    void badArgumentsExitWithTwo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream errStream = new java.io.PrintStream(err, true);
        assertEquals(2, Demo.run(new String[] {"--role", "boss"}, System.out, errStream));
        assertTrue(err.toString().contains("--role must be both, ecu or tester"), err.toString());
        assertEquals(2, Demo.run(new String[] {"--iface"}, System.out, errStream));
    }
}
