package dev.isotp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What sysfs says of a network interface: whether one of a name exists and is up. */
final class Interfaces {
    /** IFF_UP in a net device's flags. */
    private static final int IFF_UP = 0x1;

    private Interfaces() {
    }

    /** True when an interface named {@code iface} exists and is administratively up (IFF_UP). */
    static boolean isUp(String iface) {
        try {
            String flags = Files.readString(Path.of("/sys/class/net", iface, "flags"), StandardCharsets.US_ASCII).trim();
            return (Integer.decode(flags) & IFF_UP) != 0;
        } catch (IOException | NumberFormatException e) {
            return false; // no such interface (now)
        }
    }
}
