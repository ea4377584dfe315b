package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.isotp.kerneltest.Vcan;
import dev.isotp.AddressingMode;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpFlag;
import dev.isotp.IsoTpSocket;
import dev.isotp.KernelOptions;
import dev.isotp.KernelSupportMissingException;
import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.kernel.KernelSocket;
import dev.isotp.internal.abi.Structs;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import dev.isotp.validation.Rule;
import dev.isotp.validation.Rule.KernelVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The validator against the real kernel: seeded random configurations (ids with their boundaries and beyond, all
 * seven addressing modes, every flag, padding, link layer, STmin bytes, nanoseconds) are judged by
 * {@link IsoTpConfig.Builder#validate()} and, independently, by a raw kernel socket opened through the runtime's own
 * JNA binding, which gets the encoded values exactly as the socket would send them (setsockopt OPTS, TX_STMIN,
 * RX_STMIN, RECV_FC, LL_OPTS, then bind) without any check in between.
 *
 * <ul>
 *   <li>every configuration the validator accepts, the kernel accepts;</li>
 *   <li>every configuration the kernel refuses, the validator refuses, with at least one problem whose verdict is
 *       {@link KernelVerdict#REFUSES};</li>
 *   <li>where the validator refuses what the kernel takes, every problem's verdict is {@link KernelVerdict#MISUSES}
 *       or {@link KernelVerdict#LIBRARY}.</li>
 * </ul>
 *
 * A value wider than its field in the kernel's structs (a byte of 256, nanoseconds or an id beyond 32 bits) cannot
 * be handed to the kernel at all: such configurations must be refused by the validator with the matching out-of-range
 * rule; the kernel is still asked with the value cut to the field's width, only to count how many a wrapper that
 * truncated would have let through.
 *
 * <p>Seed and count: system properties {@code isotp.reliability.seed} and {@code isotp.reliability.configs}.
 */
@Tag("kernel")
class ValidatorKernelAgreementTest {
    private static final long SEED = Long.decode(System.getProperty("isotp.reliability.seed", "0x15070C"));
    private static final int CONFIGS = Integer.getInteger("isotp.reliability.configs", 10_000);
    private static final int THREADS = Integer.getInteger("isotp.reliability.threads", 8);
    /** Classic CAN, MTU 16: the VM's vcan0. */
    private static final String CLASSIC = "vcan0";
    /** CAN FD, MTU 72: created by this test. */
    private static final String FD = "reldiff0";
    /** One configuration in this many that both accept is also opened through IsoTpSocket and read back. */
    private static final int RUNTIME_SAMPLE = 10;

    private static final int PAD_DEFAULT = 0xCC;

    @BeforeAll
    static void interfaces() {
        assertEquals("16", Vcan.mtu(CLASSIC), CLASSIC + " is classic CAN");
        Vcan.create(FD, 72);
    }

    @AfterAll
    static void removeInterfaces() {
        Vcan.delete(FD);
    }

    // ---------------------------------------------------------------- one configuration

    /** The values of one random configuration, kept wide (and nullable) as the builder takes them. */
    static final class Values {
        final int index;
        AddressingMode mode;
        Long rxid;
        Long txid;
        Integer targetAddress;
        Integer sourceAddress;
        Integer addressExtension;
        boolean functional;
        int bs;
        int stmin;
        int wftmax;
        Integer txPadding;
        Integer rxPadding;
        boolean checkPaddingLength;
        boolean checkPaddingData;
        boolean halfDuplex;
        boolean waitTxDone;
        boolean listenMode;
        boolean sfBroadcast;
        boolean cfBroadcast;
        boolean dynamicFlowControl;
        long frameTxTimeNanos;
        Long txStminNanos;
        Long rxStminNanos;
        boolean canFd;
        int txDataLength;
        boolean bitRateSwitch;
        long receiveTimeoutMillis;
        long receiveBufferSize;
        String iface;

        Values(int index) {
            this.index = index;
        }

        IsoTpConfig.Builder builder() {
            IsoTpConfig.Builder b = IsoTpConfig.builder().iface(iface).mode(mode).functional(functional)
                    .bs(bs).stmin(stmin).wftmax(wftmax)
                    .checkPaddingLength(checkPaddingLength).checkPaddingData(checkPaddingData).halfDuplex(halfDuplex)
                    .waitTxDone(waitTxDone).listenMode(listenMode).sfBroadcast(sfBroadcast).cfBroadcast(cfBroadcast)
                    .dynamicFlowControl(dynamicFlowControl).frameTxTimeNanos(frameTxTimeNanos)
                    .canFd(canFd).txDataLength(txDataLength).bitRateSwitch(bitRateSwitch)
                    .receiveTimeoutMillis(receiveTimeoutMillis).receiveBufferSize(receiveBufferSize);
            if (rxid != null) {
                b.rxid(rxid);
            }
            if (txid != null) {
                b.txid(txid);
            }
            if (targetAddress != null) {
                b.targetAddress(targetAddress);
            }
            if (sourceAddress != null) {
                b.sourceAddress(sourceAddress);
            }
            if (addressExtension != null) {
                b.addressExtension(addressExtension);
            }
            if (txPadding != null) {
                b.txPadding(txPadding);
            }
            if (rxPadding != null) {
                b.rxPadding(rxPadding);
            }
            if (txStminNanos != null) {
                b.txStminNanos(txStminNanos);
            }
            if (rxStminNanos != null) {
                b.rxStminNanos(rxStminNanos);
            }
            return b;
        }

        /**
         * The values that do not fit their field in the kernel's structs (u8 bytes and counts, u32 nanoseconds, a
         * canid_t of 32 bits), by attribute: these cannot be handed to the kernel as they are.
         */
        List<Attribute> tooWideForTheKernel() {
            List<Attribute> wide = new ArrayList<>();
            u8(wide, Attribute.TARGET_ADDRESS, targetAddress);
            u8(wide, Attribute.SOURCE_ADDRESS, sourceAddress);
            u8(wide, Attribute.ADDRESS_EXTENSION, addressExtension);
            u8(wide, Attribute.BS, bs);
            u8(wide, Attribute.STMIN, stmin);
            u8(wide, Attribute.WFTMAX, wftmax);
            u8(wide, Attribute.TX_PADDING, txPadding);
            u8(wide, Attribute.RX_PADDING, rxPadding);
            u8(wide, Attribute.TX_DATA_LENGTH, txDataLength);
            u32(wide, Attribute.FRAME_TX_TIME_NANOS, frameTxTimeNanos);
            u32(wide, Attribute.TX_STMIN_NANOS, txStminNanos);
            u32(wide, Attribute.RX_STMIN_NANOS, rxStminNanos);
            if (mode.idsGiven()) { // an int literal may be negative (0x80000000 | 0x123): any 32-bit pattern fits
                id32(wide, Attribute.RXID, rxid);
                id32(wide, Attribute.TXID, txid);
            }
            return wide;
        }

        private static void u8(List<Attribute> wide, Attribute a, Integer v) {
            if (v != null && (v < 0 || v > 0xFF)) {
                wide.add(a);
            }
        }

        private static void u32(List<Attribute> wide, Attribute a, Long v) {
            if (v != null && (v < 0 || v > 0xFFFFFFFFL)) {
                wide.add(a);
            }
        }

        private static void id32(List<Attribute> wide, Attribute a, Long v) {
            if (v != null && (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL)) {
                wide.add(a);
            }
        }

        // ---- the raw encoding, as IsoTpSocket writes it (a missing value is what a zeroed struct holds: 0)

        int flags() {
            int f = 0;
            f |= txPadding != null ? IsoTpFlag.TX_PADDING.bit() : 0;
            f |= rxPadding != null ? IsoTpFlag.RX_PADDING.bit() : 0;
            f |= checkPaddingLength ? IsoTpFlag.CHK_PAD_LEN.bit() : 0;
            f |= checkPaddingData ? IsoTpFlag.CHK_PAD_DATA.bit() : 0;
            f |= halfDuplex ? IsoTpFlag.HALF_DUPLEX.bit() : 0;
            f |= waitTxDone ? IsoTpFlag.WAIT_TX_DONE.bit() : 0;
            f |= listenMode ? IsoTpFlag.LISTEN_MODE.bit() : 0;
            f |= sfBroadcast ? IsoTpFlag.SF_BROADCAST.bit() : 0;
            f |= cfBroadcast ? IsoTpFlag.CF_BROADCAST.bit() : 0;
            f |= dynamicFlowControl ? IsoTpFlag.DYN_FC_PARMS.bit() : 0;
            f |= mode.extendedAddressing() ? IsoTpFlag.EXTEND_ADDR.bit() | IsoTpFlag.RX_EXT_ADDR.bit() : 0;
            f |= txStminNanos != null ? IsoTpFlag.FORCE_TXSTMIN.bit() : 0;
            f |= rxStminNanos != null ? IsoTpFlag.FORCE_RXSTMIN.bit() : 0;
            return f;
        }

        int extAddress() {
            switch (mode) {
                case EXTENDED_11: case EXTENDED_29: return orZero(targetAddress);
                case MIXED_11: case MIXED_29: return orZero(addressExtension);
                default: return 0;
            }
        }

        int rxExtAddress() {
            switch (mode) {
                case EXTENDED_11: case EXTENDED_29: return orZero(sourceAddress);
                case MIXED_11: case MIXED_29: return orZero(addressExtension);
                default: return 0;
            }
        }

        int rawRxId() {
            if (mode.idsGiven()) {
                return idFlag() | (int) (rxid == null ? 0 : rxid);
            }
            return idFlag() | base(false) | orZero(sourceAddress) << 8 | orZero(targetAddress);
        }

        int rawTxId() {
            if (mode.idsGiven()) {
                return idFlag() | (int) (txid == null ? 0 : txid);
            }
            return idFlag() | base(functional) | orZero(targetAddress) << 8 | orZero(sourceAddress);
        }

        private int base(boolean functionalId) {
            if (mode == AddressingMode.NORMAL_FIXED_29) {
                return functionalId ? 0x18DB0000 : 0x18DA0000;
            }
            return functionalId ? 0x18CD0000 : 0x18CE0000;
        }

        private int idFlag() {
            return mode.extendedIds() ? KernelAbi.CAN_EFF_FLAG : 0;
        }

        private static int orZero(Integer v) {
            return v == null ? 0 : v & 0xFF;
        }

        @Override
        public String toString() {
            return "#" + index + " mode=" + mode + " rxid=" + hex(rxid) + " txid="
                    + hex(txid) + " ta=" + targetAddress + " sa=" + sourceAddress + " ae=" + addressExtension
                    + " functional=" + functional + " bs=" + bs + " stmin=0x" + Integer.toHexString(stmin)
                    + " wftmax=" + wftmax + " txPad=" + txPadding + " rxPad=" + rxPadding + " chkLen="
                    + checkPaddingLength + " chkData=" + checkPaddingData + " sfBc=" + sfBroadcast + " cfBc="
                    + cfBroadcast + " frameTxTime=" + frameTxTimeNanos + " txStmin=" + txStminNanos + " rxStmin="
                    + rxStminNanos + " canFd=" + canFd + " txDl=" + txDataLength + " brs=" + bitRateSwitch
                    + " iface=" + iface;
        }

        private static String hex(Long v) {
            return v == null ? "null" : "0x" + Long.toHexString(v);
        }
    }

    // ---------------------------------------------------------------- the random configurations

    private static final long[] ID_BOUNDARIES = {0, 1, 0x7FE, 0x7FF, 0x800, 0xFFF, 0x1FFFFFFE, 0x1FFFFFFF, 0x20000000,
        0x3FFFFFFF, 0x40000000, 0x40000123, 0x7FFFFFFF, 0x80000000L, 0x80000123L, 0x800007FFL, 0x9FFFFFFFL,
        0xA0000000L, 0xFFFFFFFFL, 0x100000000L, -1, Integer.MIN_VALUE, Integer.MIN_VALUE | 0x123, Integer.MIN_VALUE - 1L,
        Long.MAX_VALUE, Long.MIN_VALUE};
    private static final int[] BYTE_OUT = {-1, -128, 0x100, 0x1CC, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final long[] NANOS = {0, 1, 50_000, 100_000, 999_999_999, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFEL,
        0xFFFFFFFFL, 0x100000000L, -1, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final int[] DATA_LENGTHS = {8, 12, 16, 20, 24, 32, 48, 64};

    static Values generate(Random r, int index) {
        Values v = new Values(index);
        v.mode = AddressingMode.values()[r.nextInt(AddressingMode.values().length)];
        if (v.mode.idsGiven()) {
            v.rxid = r.nextInt(80) == 0 ? null : (Long) id(r, v.mode.extendedIds());
            v.txid = r.nextInt(80) == 0 ? null : r.nextInt(25) == 0 ? v.rxid : (Long) id(r, v.mode.extendedIds());
        } else {
            v.rxid = r.nextInt(60) == 0 ? (Long) id(r, true) : null;
            v.txid = r.nextInt(60) == 0 ? (Long) id(r, true) : null;
        }
        v.targetAddress = addressByte(r, v.mode.usesTargetAndSource());
        v.sourceAddress = r.nextInt(25) == 0 ? v.targetAddress : addressByte(r, v.mode.usesTargetAndSource());
        v.addressExtension = addressByte(r, v.mode.usesAddressExtension());
        v.functional = r.nextInt(v.mode.hasFunctionalIds() ? 6 : 60) == 0;
        v.bs = byteOrWider(r, 80);
        // every STmin byte, reserved ones included, and the defined ones more often
        v.stmin = r.nextInt(80) == 0 ? BYTE_OUT[r.nextInt(BYTE_OUT.length)] : r.nextInt(3) == 0 ? r.nextInt(256)
                : r.nextInt(5) == 0 ? 0xF1 + r.nextInt(9) : r.nextInt(0x80);
        v.wftmax = byteOrWider(r, 80);
        v.txPadding = r.nextBoolean() ? null : byteOrWider(r, 80);
        v.rxPadding = r.nextBoolean() ? null : byteOrWider(r, 80);
        v.checkPaddingLength = r.nextInt(4) == 0;
        v.checkPaddingData = r.nextInt(4) == 0;
        v.halfDuplex = r.nextInt(4) == 0;
        v.waitTxDone = r.nextBoolean();
        v.listenMode = r.nextInt(6) == 0;
        v.sfBroadcast = r.nextInt(6) == 0;
        v.cfBroadcast = r.nextInt(6) == 0;
        v.dynamicFlowControl = r.nextInt(6) == 0;
        v.frameTxTimeNanos = r.nextInt(3) == 0 ? nanos(r) : r.nextBoolean() ? GeneralOptions.FRAME_TX_TIME_DEFAULT
                : GeneralOptions.FRAME_TX_TIME_ZERO;
        v.txStminNanos = r.nextInt(3) == 0 ? nanos(r) : null;
        v.rxStminNanos = r.nextInt(3) == 0 ? nanos(r) : null;
        v.canFd = r.nextInt(5) < 2;
        int dl = r.nextInt(40);
        v.txDataLength = dl < 34 ? (v.canFd ? DATA_LENGTHS[r.nextInt(DATA_LENGTHS.length)] : 8)
                : dl < 39 ? r.nextInt(70) : new int[] {-1, 0x108, 0x140, 255}[r.nextInt(4)];
        v.bitRateSwitch = r.nextInt(v.canFd ? 2 : 30) == 0;
        v.receiveTimeoutMillis = r.nextInt(40) == 0 ? -1 - r.nextInt(1000) : r.nextInt(5000);
        v.receiveBufferSize = r.nextInt(40) == 0 ? (r.nextBoolean() ? -1 : 2_000_000) : r.nextInt(9000);
        // classic CAN runs on either interface; CAN FD needs MTU 72
        v.iface = v.canFd || r.nextBoolean() ? FD : CLASSIC;
        return v;
    }

    private static long id(Random r, boolean extended) {
        int kind = r.nextInt(8);
        if (kind < 1) {
            return ID_BOUNDARIES[r.nextInt(ID_BOUNDARIES.length)];
        }
        if (kind < 2 && r.nextBoolean()) { // anything 32-bit
            return r.nextInt() & 0xFFFFFFFFL;
        }
        if (kind < 2) { // the other width
            return extended ? r.nextInt(0x800) : r.nextInt(0x20000000);
        }
        return extended ? r.nextInt(0x20000000) : r.nextInt(0x800);
    }

    private static Integer addressByte(Random r, boolean needed) {
        if (!needed) {
            return r.nextInt(25) == 0 ? r.nextInt(256) : null;
        }
        int kind = r.nextInt(40);
        return kind == 0 ? null : kind == 1 ? BYTE_OUT[r.nextInt(BYTE_OUT.length)]
                : kind < 6 ? (r.nextBoolean() ? 0 : 0xFF) : r.nextInt(256);
    }

    private static int byteOrWider(Random r, int oneIn) {
        return r.nextInt(oneIn) == 0 ? BYTE_OUT[r.nextInt(BYTE_OUT.length)] : r.nextInt(256);
    }

    private static long nanos(Random r) {
        return r.nextInt(6) == 0 ? NANOS[r.nextInt(NANOS.length)] : r.nextInt(2_000_000);
    }

    // ---------------------------------------------------------------- the kernel's judgement

    /** What the kernel said: null when every call succeeded, else "STEP ERRNO". */
    static String kernelVerdict(Values v, int classicIndex, int fdIndex) {
        KernelSocket s;
        try {
            s = KernelSocket.open();
        } catch (CarrierException e) {
            throw new AssertionError("socket(AF_CAN, SOCK_DGRAM, CAN_ISOTP): " + Errno.nameOf(e.errno()), e);
        }
        String step = "OPTS";
        try {
            int txPad = v.txPadding == null ? PAD_DEFAULT : v.txPadding;
            int rxPad = v.rxPadding == null ? PAD_DEFAULT : v.rxPadding;
            s.setOption(KernelAbi.CAN_ISOTP_OPTS, Structs.options(v.flags(), v.frameTxTimeNanos, v.extAddress(), txPad,
                    rxPad, v.rxExtAddress()));
            if (v.txStminNanos != null) {
                step = "TX_STMIN";
                s.setOption(KernelAbi.CAN_ISOTP_TX_STMIN, Structs.nanos(v.txStminNanos));
            }
            if (v.rxStminNanos != null) {
                step = "RX_STMIN";
                s.setOption(KernelAbi.CAN_ISOTP_RX_STMIN, Structs.nanos(v.rxStminNanos));
            }
            step = "RECV_FC";
            s.setOption(KernelAbi.CAN_ISOTP_RECV_FC, Structs.flowControl(v.bs, v.stmin, v.wftmax));
            step = "LL_OPTS";
            s.setOption(KernelAbi.CAN_ISOTP_LL_OPTS, Structs.linkLayer(v.canFd ? KernelAbi.CANFD_MTU : KernelAbi.CAN_MTU,
                    v.txDataLength, v.bitRateSwitch ? KernelAbi.CANFD_BRS : 0));
            step = "bind";
            s.bind(v.iface.equals(FD) ? FD : CLASSIC, v.rawRxId(), v.rawTxId());
            return null;
        } catch (CarrierException e) {
            return step + " " + Errno.nameOf(e.errno());
        } finally {
            s.close();
        }
    }

    // ---------------------------------------------------------------- the comparison

    /** One configuration's two judgements. */
    static final class Trial {
        final Values values;
        final List<Problem> problems;
        final List<Attribute> tooWide;
        final String kernel;

        Trial(Values values, List<Problem> problems, List<Attribute> tooWide, String kernel) {
            this.values = values;
            this.problems = problems;
            this.tooWide = tooWide;
            this.kernel = kernel;
        }
    }

    @Test
    void validatorAndKernelAgreeOnRandomConfigurations() throws Exception {
        int classicIndex = KernelSocket.interfaceIndex(CLASSIC);
        int fdIndex = KernelSocket.interfaceIndex(FD);
        assertTrue(classicIndex > 0 && fdIndex > 0, "interfaces " + CLASSIC + " and " + FD);

        Random random = new Random(SEED);
        List<Values> configs = new ArrayList<>(CONFIGS);
        for (int i = 0; i < CONFIGS; i++) {
            configs.add(generate(random, i));
        }

        long validatorStart = System.nanoTime();
        int validatorProblems = 0;
        for (Values v : configs) {
            validatorProblems += v.builder().validate().size();
        }
        double validatorSeconds = (System.nanoTime() - validatorStart) / 1e9;

        long start = System.nanoTime();
        Trial[] trials = new Trial[CONFIGS];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < CONFIGS;) {
                    Values v = configs.get(i);
                    trials[i] = new Trial(v, v.builder().validate(), v.tooWideForTheKernel(),
                            kernelVerdict(v, classicIndex, fdIndex));
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        // ---- judge
        int bothAccept = 0;
        int bothRefuse = 0;
        int stricter = 0;
        int tooWide = 0;
        int tooWideTakenTruncated = 0;
        Map<String, Integer> kernelRefusals = new TreeMap<>();
        Map<String, Integer> stricterRules = new TreeMap<>();
        Map<Rule, Integer> allRules = new TreeMap<>();
        Map<Rule, Integer> tooWideRules = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        List<IsoTpConfig> runtimeSample = new ArrayList<>();
        for (Trial t : trials) {
            boolean validatorAccepts = t.problems.isEmpty();
            boolean kernelAccepts = t.kernel == null;
            t.problems.forEach(p -> allRules.merge(p.rule(), 1, Integer::sum));
            if (!kernelAccepts) {
                kernelRefusals.merge(t.kernel, 1, Integer::sum);
            }
            if (!t.tooWide.isEmpty()) {
                // the kernel cannot be given these values: the validator must refuse each with its out-of-range rule
                tooWide++;
                if (kernelAccepts) {
                    tooWideTakenTruncated++;
                }
                for (Attribute a : t.tooWide) {
                    Problem p = t.problems.stream().filter(q -> q.attribute() == a).findFirst().orElse(null);
                    if (p == null || p.verdict() != KernelVerdict.REFUSES) {
                        disagreements.add("value of " + a + " does not fit the kernel's field, but the validator says "
                                + (p == null ? "nothing of it" : p.rule() + "/" + p.verdict()) + ": " + t.values);
                    } else {
                        tooWideRules.merge(p.rule(), 1, Integer::sum);
                    }
                }
                continue;
            }
            if (validatorAccepts && kernelAccepts) {
                bothAccept++;
                if (runtimeSample.size() * RUNTIME_SAMPLE < bothAccept) {
                    runtimeSample.add(t.values.builder().build());
                }
            } else if (validatorAccepts) {
                disagreements.add("the validator accepts, the kernel refuses (" + t.kernel + "): " + t.values);
            } else if (!kernelAccepts) {
                bothRefuse++;
                // A missing value reaches the kernel as the 0 of a zeroed struct, so the refusal may be that 0's; and
                // equal ids are named by the validator only once each id is valid on its own.
                boolean missing = t.problems.stream().anyMatch(p -> p.rule() == Rule.ID_MISSING
                        || p.rule() == Rule.ADDRESS_BYTE_MISSING);
                boolean equalInvalidIds = t.kernel.equals("bind EADDRNOTAVAIL") && t.problems.stream()
                        .anyMatch(p -> p.attribute() == Attribute.RXID || p.attribute() == Attribute.TXID);
                if (!missing && !equalInvalidIds
                        && t.problems.stream().noneMatch(p -> p.verdict() == KernelVerdict.REFUSES)) {
                    disagreements.add("the kernel refuses (" + t.kernel + ") but no problem has verdict REFUSES: "
                            + t.problems + ": " + t.values);
                }
            } else {
                stricter++;
                for (Problem p : t.problems) {
                    if (p.verdict() == KernelVerdict.REFUSES) {
                        disagreements.add("the kernel takes it, the validator refuses with " + p.rule()
                                + " (verdict REFUSES): " + p.message() + ": " + t.values);
                    } else {
                        stricterRules.merge(p.rule() + " " + p.verdict(), 1, Integer::sum);
                    }
                }
            }
        }

        // ---- the runtime's own socket opens a sample of the accepted configurations as the raw socket did
        long runtimeStart = System.nanoTime();
        int runtimeOpened = 0;
        int runtimeRefusedTooNew = 0;
        for (IsoTpConfig config : runtimeSample) {
            try (IsoTpSocket socket = IsoTpSocket.open(config)) {
                KernelOptions read = socket.getKernelOptions();
                assertEquals(config.generalOptions().flags().contains(IsoTpFlag.WAIT_TX_DONE),
                        read.flags().contains(IsoTpFlag.WAIT_TX_DONE), config::toString);
                runtimeOpened++;
            } catch (KernelSupportMissingException e) {
                if (!tooNewForThisKernel(config.generalOptions())) {
                    disagreements.add("IsoTpSocket.open refused an accepted configuration: " + e + ": " + config);
                }
                runtimeRefusedTooNew++;
            } catch (Exception e) {
                disagreements.add("IsoTpSocket.open failed on an accepted configuration: " + e + ": " + config);
            }
        }
        double runtimeSeconds = (System.nanoTime() - runtimeStart) / 1e9;

        // ---- the table
        StringBuilder s = new StringBuilder();
        s.append(String.format("%nDifferential validation: %d configurations, seed 0x%X, kernel %s, %d threads, %.1f s"
                + " (%.0f configs/s)%n", CONFIGS, SEED, KernelInfo.release(), THREADS, seconds, CONFIGS / seconds));
        s.append(String.format("  the validator alone: %.2f s for %d configurations (%d problems)%n", validatorSeconds,
                CONFIGS, validatorProblems));
        s.append(String.format("  %-62s %6s%n", "outcome", "count"));
        s.append(String.format("  %-62s %6d%n", "validator accepts, kernel accepts", bothAccept));
        s.append(String.format("  %-62s %6d%n", "validator refuses, kernel refuses", bothRefuse));
        s.append(String.format("  %-62s %6d%n", "validator refuses, kernel takes (MISUSES/LIBRARY rules only)", stricter));
        s.append(String.format("  %-62s %6d%n", "a value wider than the kernel's field: validator refuses", tooWide));
        s.append(String.format("  %-62s %6d%n", "  of which the kernel takes the value cut to the field", tooWideTakenTruncated));
        s.append(String.format("  %-62s %6d%n", "validator accepts, kernel refuses", count(disagreements, "the validator accepts")));
        s.append(String.format("  %-62s %6d%n", "disagreements (all kinds)", disagreements.size()));
        s.append("  kernel refusals by call and errno:\n");
        kernelRefusals.forEach((k, n) -> s.append(String.format("    %-60s %6d%n", k, n)));
        s.append("  rules of the configurations the validator refuses and the kernel takes (problems):\n");
        stricterRules.forEach((k, n) -> s.append(String.format("    %-60s %6d%n", k, n)));
        s.append("  rules of values wider than the kernel's field (problems):\n");
        tooWideRules.forEach((k, n) -> s.append(String.format("    %-44s %-15s %6d%n", k, k.verdict(), n)));
        s.append("  every rule, over all configurations (problems):\n");
        allRules.forEach((k, n) -> s.append(String.format("    %-44s %-15s %6d%n", k, k.verdict(), n)));
        s.append(String.format("  IsoTpSocket.open on every %dth configuration both accept: %d opened, %d refused as too"
                + " new for this kernel (a feature it lacks), %.1f s%n", RUNTIME_SAMPLE, runtimeOpened,
                runtimeRefusedTooNew, runtimeSeconds));
        System.out.print(s);
        if (!disagreements.isEmpty()) {
            Map<String, List<String>> byKind = new TreeMap<>();
            for (String d : disagreements) {
                byKind.computeIfAbsent(d.substring(0, Math.min(d.length(), 110)).replaceAll(":.*", ""),
                        k -> new ArrayList<>()).add(d);
            }
            StringBuilder f = new StringBuilder(disagreements.size() + " disagreements; up to 3 of each kind:\n");
            byKind.forEach((k, list) -> {
                f.append("  ").append(list.size()).append(" x ").append(k).append('\n');
                list.stream().limit(3).forEach(d -> f.append("      ").append(d).append('\n'));
            });
            System.out.print(f);
            fail(f.toString());
        }
        assertTrue(bothAccept > CONFIGS / 20 && bothRefuse > CONFIGS / 20 && stricter > CONFIGS / 20,
                "the random configurations reach every outcome often");
        assertEquals(runtimeSample.size(), runtimeOpened + runtimeRefusedTooNew);
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** Uses a feature this kernel lacks (KernelFeaturesTest pins what each kernel has). */
    private static boolean tooNewForThisKernel(GeneralOptions g) {
        return g.dynamicFlowControl() && !KernelInfo.knows(IsoTpFlag.DYN_FC_PARMS.bit(), IsoTpFlag.DYN_FC_PARMS::knownTo)
                || g.sfBroadcast() && !KernelInfo.knows(IsoTpFlag.SF_BROADCAST.bit(), IsoTpFlag.SF_BROADCAST::knownTo)
                || g.cfBroadcast() && !KernelInfo.knows(IsoTpFlag.CF_BROADCAST.bit(), IsoTpFlag.CF_BROADCAST::knownTo)
                || g.frameTxTimeNanos() == GeneralOptions.FRAME_TX_TIME_ZERO && !KernelInfo.knowsFrameTxTimeZero();
    }
}
