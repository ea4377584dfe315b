package dev.isotp.kernel;

import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.internal.carrier.CarrierException;
import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the running kernel is and offers: its version, its ISO-TP features, its largest PDU, its CAN interfaces.
 *
 * <p>Distribution kernels carry fixes and features of later releases (Debian 11's 5.10.0-46 has SF_BROADCAST,
 * CF_BROADCAST, FRAME_TXTIME_ZERO and the 66000-byte buffer of 5.18), so a feature is found by what the kernel
 * answers where it answers, and by its version only where an older kernel would silently ignore it.
 */
public final class KernelInfo {
    /** The frame_txtime a new socket holds on kernels that know CAN_ISOTP_FRAME_TXTIME_ZERO (before: 0 = no gap). */
    static final long FRAME_TXTIME_DEFAULT_SINCE_ZERO = KernelAbi.CAN_ISOTP_DEFAULT_FRAME_TXTIME;
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

    /** Whether a kernel of version (major, minor) honours a flag: the release that brought it, and later ones. */
    public interface FlagRelease {
        boolean knownTo(int major, int minor);
    }

    /**
     * True if the running kernel has the flag of bit {@code flagBit} (a CAN_ISOTP_* flag). SF_BROADCAST and
     * CF_BROADCAST are asked from the kernel (a kernel that knows CF_BROADCAST refuses it together with SF_BROADCAST,
     * and SF_BROADCAST is older); the other flags by the release that brought them ({@code since}), as older
     * kernels store and ignore them.
     */
    public static boolean knows(int flagBit, FlagRelease since) {
        if ((flagBit == KernelAbi.CAN_ISOTP_SF_BROADCAST || flagBit == KernelAbi.CAN_ISOTP_CF_BROADCAST)
                && Probe.ANSWER.broadcastFlagsChecked) {
            return true;
        }
        int[] v = version(release());
        return v[0] == 0 || since.knownTo(v[0], v[1]);
    }

    /**
     * True if the running kernel reads frame_txtime {@code 0xFFFFFFFF} as "no gap" (mainline 5.18). Asked from the
     * kernel: the same change made 50 µs the default of a new socket, where older kernels hold 0 (which meant no gap
     * there, and {@code 0xFFFFFFFF} a gap of 4.3 s).
     */
    public static boolean knowsFrameTxTimeZero() {
        return Probe.ANSWER.frameTxTimeDefault == FRAME_TXTIME_DEFAULT_SINCE_ZERO
                || (Probe.ANSWER.frameTxTimeDefault < 0 && atLeast(5, 18));
    }

    /** The kernel's answers to a scratch ISO-TP socket, asked once. */
    private static final class Probe {
        static final Probe ANSWER = new Probe();
        /** frame_txtime of a new socket; -1 if no socket could be opened. */
        final long frameTxTimeDefault;
        /** setsockopt refused SF_BROADCAST | CF_BROADCAST with EINVAL. */
        final boolean broadcastFlagsChecked;

        private Probe() {
            long txTime = -1;
            boolean checked = false;
            KernelSocket s = null;
            try {
                s = KernelSocket.open();
                txTime = Structs.u32(s.getOption(KernelAbi.CAN_ISOTP_OPTS, KernelAbi.OPTIONS_SIZE), 4);
                ByteBuffer both = Structs.options(KernelAbi.CAN_ISOTP_SF_BROADCAST | KernelAbi.CAN_ISOTP_CF_BROADCAST, 0, 0,
                        KernelAbi.DEFAULT_PAD_CONTENT, KernelAbi.DEFAULT_PAD_CONTENT, 0);
                try {
                    s.setOption(KernelAbi.CAN_ISOTP_OPTS, both);
                } catch (CarrierException e) {
                    checked = e.errno() == Errno.EINVAL.number();
                }
            } catch (CarrierException | UnsatisfiedLinkError e) {
                // no ISO-TP here: the versions decide, and opening a channel reports what is missing
            } finally {
                if (s != null) {
                    s.close();
                }
            }
            frameTxTimeDefault = txTime;
            broadcastFlagsChecked = checked;
        }
    }

    /** True if the running kernel is at least major.minor (true when the version cannot be read: let the kernel judge). */
    public static boolean atLeast(int major, int minor) {
        int[] v = version(release());
        return v[0] == 0 || v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /**
     * The largest PDU the kernel sends or receives: the module's max_pdu_size where it exists (6.4+), else the buffer
     * of 5.18 to 6.3, 66000 bytes, which the stable 5.10 and 5.15 kernels took too (Debian 11's 5.10.0-46 has it).
     * An older point release without it holds 8200 bytes and refuses a larger PDU at send with EINVAL, which
     * {@code IsoTpSocket.send} reports as too large.
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

    /** The buffer of kernels before 5.18 that did not take the larger one (refused beyond it with EINVAL). */
    public static final int OLD_MAX_PDU_SIZE = 8200;

    /** The built-in largest PDU of a kernel version without the max_pdu_size parameter (see {@link #maxPduSize()}). */
    public static int maxPduSizeOf(int[] version) {
        int major = version[0];
        int minor = version[1];
        if (major == 0 || major < 5 || (major == 5 && minor < 10)) {
            return OLD_MAX_PDU_SIZE;
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
