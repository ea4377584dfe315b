package dev.isotp.testkit.differential;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Limits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One cell of the differential matrix: addressing mode, link layer, PDU length, the receiver's block size and STmin,
 * padding with its checks on or off. The same cell runs kernel to kernel, engine to kernel and kernel to engine in
 * the VM, and engine to engine on the virtual bus on the host.
 */
record Scenario(AddressingMode mode, int txDataLength, boolean canFd, int length, int bs, int stmin, boolean padding) {
    static final int[] BLOCK_SIZES = {0, 1, 2, 9};
    static final int[] STMINS = {0x00, 0xF3, 0x02};
    /** Link layers: classic CAN, then CAN FD with data lengths 8, 12, 16 and 64. */
    static final int[][] LINKS = {{0, 8}, {1, 8}, {1, 12}, {1, 16}, {1, 64}};
    static final int PAD = 0xAA;
    /** The seed of CI's sample; the full matrix runs with -Disotp.differential=full or ISOTP_DIFFERENTIAL=full. */
    static final long SAMPLE_SEED = 20261130L;
    static final int SAMPLE_SIZE = 48;

    String iface() {
        return canFd ? "vcanfd0" : "vcan0";
    }

    /** The lengths at every boundary of a link: 1-4, around each single-frame limit, 4093-4097, and 5000 (escape). */
    static List<Integer> lengths(AddressingMode mode, int txDataLength) {
        boolean ab = mode.extendedAddressing();
        List<Integer> lengths = new ArrayList<>(List.of(1, 2, 3, 4));
        int classicLimit = Limits.singleFramePayload(Limits.CLASSIC_TX_DATA_LENGTH, ab);
        int limit = Limits.singleFramePayload(txDataLength, ab);
        for (int l : new int[] {classicLimit, limit}) {
            for (int n = l - 1; n <= l + 1; n++) {
                if (n > 4 && !lengths.contains(n)) {
                    lengths.add(n);
                }
            }
        }
        lengths.addAll(List.of(4093, 4094, 4095, 4096, 4097, 5000));
        return lengths;
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        for (AddressingMode mode : AddressingMode.values()) {
            for (int[] link : LINKS) {
                for (int length : lengths(mode, link[1])) {
                    for (int bs : BLOCK_SIZES) {
                        for (int stmin : STMINS) {
                            for (boolean padding : new boolean[] {false, true}) {
                                all.add(new Scenario(mode, link[1], link[0] == 1, length, bs, stmin, padding));
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    static boolean full() {
        return "full".equals(System.getProperty("isotp.differential")) || "full".equals(System.getenv("ISOTP_DIFFERENTIAL"));
    }

    /** CI's share: a seeded sample that covers every mode and link layer, or the whole matrix behind the flag. */
    static List<Scenario> selected() {
        List<Scenario> all = all();
        if (full()) {
            return all;
        }
        List<Scenario> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(SAMPLE_SEED));
        List<Scenario> sample = new ArrayList<>();
        // first one of every mode and link layer, then fill up from the shuffled rest
        for (AddressingMode mode : AddressingMode.values()) {
            for (int[] link : LINKS) {
                shuffled.stream().filter(s -> s.mode == mode && s.txDataLength == link[1] && s.canFd == (link[0] == 1))
                        .findFirst().ifPresent(sample::add);
            }
        }
        for (Scenario s : shuffled) {
            if (sample.size() >= SAMPLE_SIZE) {
                break;
            }
            if (!sample.contains(s)) {
                sample.add(s);
            }
        }
        return sample;
    }

    /** The sending side's configuration. */
    IsoTpConfig sender() {
        return configure(IsoTpConfig.builder(), true).build();
    }

    /** The receiving side's: the sender's mirror, with this cell's block size and STmin. */
    IsoTpConfig receiver() {
        return configure(IsoTpConfig.builder(), false).bs(bs).stmin(stmin).build();
    }

    private IsoTpConfig.Builder configure(IsoTpConfig.Builder b, boolean sender) {
        b.iface(iface()).mode(mode).receiveTimeoutMillis(10_000);
        int a = sender ? 0x10 : 0xF1;
        int c = sender ? 0xF1 : 0x10;
        switch (mode) {
            case NORMAL_11:
                b.txid(sender ? 0x7E0 : 0x7E8).rxid(sender ? 0x7E8 : 0x7E0);
                break;
            case NORMAL_29:
                b.txid(sender ? 0x18DA10F1 : 0x18DAF110).rxid(sender ? 0x18DAF110 : 0x18DA10F1);
                break;
            case NORMAL_FIXED_29:
                b.targetAddress(a).sourceAddress(c);
                break;
            case EXTENDED_11:
                b.txid(sender ? 0x640 : 0x641).rxid(sender ? 0x641 : 0x640).targetAddress(a).sourceAddress(c);
                break;
            case EXTENDED_29:
                b.txid(sender ? 0x18DA10F1 : 0x18DAF110).rxid(sender ? 0x18DAF110 : 0x18DA10F1).targetAddress(a).sourceAddress(c);
                break;
            case MIXED_11:
                b.txid(sender ? 0x7E0 : 0x7E8).rxid(sender ? 0x7E8 : 0x7E0).addressExtension(0x42);
                break;
            case MIXED_29:
                b.targetAddress(a).sourceAddress(c).addressExtension(0x42);
                break;
            default:
                throw new IllegalStateException(mode.name());
        }
        if (canFd) {
            b.canFd(true).txDataLength(txDataLength);
        }
        if (padding) {
            b.txPadding(PAD).rxPadding(PAD).checkPaddingLength(true).checkPaddingData(true);
        }
        return b;
    }

    /** The PDU: the same bytes for the same cell. */
    byte[] pdu() {
        byte[] p = new byte[length];
        new Random(toString().hashCode()).nextBytes(p); // String.hashCode is the same in every JVM
        return p;
    }

    /** The nanoseconds an STmin byte asks for. */
    long stminNanos() {
        return stmin <= 0x7F ? stmin * 1_000_000L : Limits.stminMicros(stmin) * 1_000L;
    }

    @Override
    public String toString() {
        return mode + " " + (canFd ? "FD" + txDataLength : "classic") + " len=" + length + " bs=" + bs
                + String.format(" stmin=0x%02X", stmin) + (padding ? " pad+checks" : "");
    }
}
