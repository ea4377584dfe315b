package dev.isotp.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the running kernel is and offers: its version, its largest ISO-TP PDU, its CAN interfaces. */
public final class KernelInfo {
    private static final Path SYS_NET = Paths.get("/sys/class/net");
    private static final Path MAX_PDU_SIZE = Paths.get("/sys/module/can_isotp/parameters/max_pdu_size");
    private static final Path OS_RELEASE = Paths.get("/proc/sys/kernel/osrelease");
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    private KernelInfo() {
    }

    /** The kernel's interfaces as the words of a failed bind need them. */
    public static final dev.isotp.internal.carrier.InterfaceFacts FACTS = new dev.isotp.internal.carrier.InterfaceFacts() {
        @Override
        public boolean exists(String iface) {
            return interfaceExists(iface);
        }

        @Override
        public List<String> canInterfaces() {
            return KernelInfo.canInterfaces();
        }

        @Override
        public int mtu(String iface) {
            return KernelInfo.mtu(iface);
        }

        @Override
        public String howToAdd() {
            return "for a virtual one: `sudo modprobe vcan && sudo ip link add dev vcan0 type vcan && sudo ip link set up vcan0`";
        }
    };

    /** The running kernel's release, e.g. "6.1.0-56-amd64"; empty if unknown. */
    public static String release() {
        return read(OS_RELEASE);
    }

    /** {major, minor} of a release string such as "6.1.0-56-amd64"; {0, 0} if it cannot be read. */
    public static int[] version(String release) {
        Matcher m = VERSION.matcher(release);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    /** True if the running kernel is at least major.minor (true when the version cannot be read: let the kernel judge). */
    public static boolean atLeast(int major, int minor) {
        int[] v = version(release());
        return v[0] == 0 || v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /**
     * The largest PDU the kernel sends or receives: the module's max_pdu_size where it exists (6.4+), else what the
     * release had built in (8200 bytes before 5.18, 66000 from 5.18 to 6.3).
     */
    public static int maxPduSize() {
        String param = read(MAX_PDU_SIZE);
        if (!param.isEmpty()) {
            try {
                return Integer.parseInt(param);
            } catch (NumberFormatException ignored) {
                // fall through to the release's built-in size
            }
        }
        return maxPduSizeOf(version(release()));
    }

    /** The built-in largest PDU of a kernel version without the max_pdu_size parameter. */
    public static int maxPduSizeOf(int[] version) {
        int major = version[0];
        int minor = version[1];
        if (major == 0) {
            return 8200;
        }
        if (major < 5 || (major == 5 && minor < 18)) {
            return 8200;
        }
        if (major == 5 || (major == 6 && minor < 4)) {
            return 66000;
        }
        return 8300;
    }

    /** The names of the CAN interfaces that exist (link type ARPHRD_CAN), sorted. */
    public static List<String> canInterfaces() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> links = Files.list(SYS_NET)) {
            links.forEach(link -> {
                if (read(link.resolve("type")).equals(Integer.toString(KernelAbi.ARPHRD_CAN))) {
                    names.add(link.getFileName().toString());
                }
            });
        } catch (IOException | RuntimeException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    /** True if a network interface of that name exists (of any type). */
    public static boolean interfaceExists(String iface) {
        try {
            return Files.exists(SYS_NET.resolve(iface));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** True if the interface exists and is administratively up (IFF_UP); empty if that cannot be read. */
    public static java.util.Optional<Boolean> interfaceUp(String iface) {
        try {
            String flags = read(SYS_NET.resolve(iface).resolve("flags"));
            return flags.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of((Long.decode(flags) & KernelAbi.IFF_UP) != 0);
        } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    /** The MTU of an interface (16 classic CAN, 72 CAN FD), or -1 if unknown. */
    public static int mtu(String iface) {
        try {
            return Integer.parseInt(read(SYS_NET.resolve(iface).resolve("mtu")));
        } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
            return -1;
        }
    }

    private static String read(Path path) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
