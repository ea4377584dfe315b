package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The virtual CAN interfaces a kernel test makes for itself, with iproute2: the one place that creates, takes down
 * and removes them (the kernel tests here and the reliability tests use it).
 *
 * <p>A test class that needs its own interface for all its tests registers one:
 * {@code @RegisterExtension static final Vcan.Own OWN = Vcan.own("vcanwait0", 16);}
 */
public final class Vcan {
    private Vcan() {
    }

    /** An interface of a test class's own: created before its first test, removed after its last. */
    public static Own own(String name, int mtu) {
        return new Own(name, mtu);
    }

    /** See {@link #own}. */
    public static final class Own implements BeforeAllCallback, AfterAllCallback {
        private final String name;
        private final int mtu;

        private Own(String name, int mtu) {
            this.name = name;
            this.mtu = mtu;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            create(name, mtu);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            delete(name);
        }
    }

    /**
     * Creates (or re-creates) a vcan interface with the given MTU and brings it up.
     *
     * @param name the interface name, e.g. "vcanfd1"
     * @param mtu 16 (classic CAN) or 72 (CAN FD)
     */
    public static void create(String name, int mtu) {
        delete(name);
        Kernel.run(Kernel.IP, "link", "add", "dev", name, "type", "vcan");
        Kernel.run(Kernel.IP, "link", "set", name, "mtu", Integer.toString(mtu));
        Kernel.run(Kernel.IP, "link", "set", "up", name);
        assertEquals(Integer.toString(mtu), mtu(name), "MTU of " + name);
    }

    /** Removes the interface if it exists. */
    public static void delete(String name) {
        if (Files.exists(Paths.get("/sys/class/net", name))) {
            Kernel.run(Kernel.IP, "link", "del", "dev", name);
        }
    }

    /** Brings the interface up or takes it down. */
    public static void setUp(String name, boolean up) {
        Kernel.run(Kernel.IP, "link", "set", up ? "up" : "down", name);
    }

    /** The interface's MTU as /sys shows it ("16", "72"). */
    public static String mtu(String name) {
        return Kernel.read(Paths.get("/sys/class/net", name, "mtu"));
    }

    /** The interface's index. */
    public static int ifindex(String name) {
        return Integer.parseInt(Kernel.read(Paths.get("/sys/class/net", name, "ifindex")));
    }
}
