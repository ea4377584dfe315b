package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpFlag;
import dev.isotp.IsoTpSocket;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.kernel.KernelInfo;
import dev.isotp.kernel.KernelSocket;
import dev.isotp.internal.abi.Structs;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What each kernel the project claims has, written down per kernel, and checked three ways: the table below, what the
 * product finds ({@link KernelInfo}), and what the kernel does. The VM boots Debian's stock kernels (vm/kernels.sh);
 * a kernel missing from the table fails here, so a new one is looked at before it is claimed.
 *
 * <p>Debian's 5.10.0-46 (5.10.262) carries the stable backports of SF_BROADCAST, CF_BROADCAST, FRAME_TXTIME_ZERO, the
 * 66000-byte buffer, MSG_TRUNC's real length and EINVAL for a malformed id: from user space it behaves as 6.1 does,
 * except for a flow control with an unknown flow status (see {@link Expected#unknownFlowStatusIsBadMessage}).
 */
@Tag("kernel")
class KernelFeaturesTest {
    /**
     * Per kernel series: the features of the ISO-TP module and its largest PDU without a max_pdu_size parameter.
     * {@code unknownFlowStatusIsBadMessage}: whether a flow control with a reserved flow status ends the send with
     * EBADMSG, as mainline's isotp_rcv_fc() does since the July 2026 fix "can: isotp: fix timer drain order, wakeup
     * handling and tx_gen ordering" (the engine does the same); without it (mainline up to 7.2-rc3) the kernel ends
     * the transfer silently: the send returns and the PDU was not delivered. It comes with a stable update, so a
     * Debian kernel of a series may gain it: then this table changes for that series (KernelPromisesTest says so).
     */
    record Expected(boolean sfBroadcast, boolean cfBroadcast, boolean frameTxTimeZero, boolean dynamicFlowControl,
            int maxPduSize, boolean maxPduSizeParameter, Errno malformedIdErrno, boolean msgTruncRealLength,
            boolean unknownFlowStatusIsBadMessage) {
    }

    static final Map<String, Expected> KERNELS = Map.of(
            // a flow control with an unknown flow status: 6.1.0-57 carries mainline's EBADMSG; 5.10.0-46 and 6.12.95
            // do not yet and end the transfer without an error (the send returns, the PDU was not delivered)
            "5.10", new Expected(true, true, true, false, 66000, false, Errno.EINVAL, true, false),
            "6.1", new Expected(true, true, true, false, 66000, false, Errno.EINVAL, true, true),
            "6.12", new Expected(true, true, true, true, 8300, true, Errno.EINVAL, true, false));

    /** What this kernel series does, from {@link #KERNELS}; fails for a kernel not in the table. */
    static Expected ofThisKernel() {
        int[] v = KernelInfo.version(KernelInfo.release());
        Expected e = KERNELS.get(v[0] + "." + v[1]);
        assertNotNull(e, "kernel " + KernelInfo.release() + " is not one of " + KERNELS.keySet()
                + ": boot it, then add what it has to KernelFeaturesTest's table");
        return e;
    }

    /** CAN FD, MTU 72, made by the VM. */
    private static final String FD = "vcanfd0";
    private static final Path MAX_PDU_SIZE = Path.of("/sys/module/can_isotp/parameters/max_pdu_size");
    private static Expected expected;

    @BeforeAll
    static void kernelIsOneWeClaim() {
        int[] v = KernelInfo.version(KernelInfo.release());
        expected = KERNELS.get(v[0] + "." + v[1]);
        assertNotNull(expected, "kernel " + KernelInfo.release() + " is not one of " + KERNELS.keySet()
                + ": boot it, then add what it has to this table");
    }

    /** The max_pdu_size the harness gave can-isotp on the kernel command line (ISOTP_VM_MODULE_PARAMS), if any. */
    static Integer maxPduSizeParameter() {
        Matcher m = Pattern.compile("(?:^|\\s)can_isotp\\.max_pdu_size=(\\d+)").matcher(Kernel.read(Path.of("/proc/cmdline")));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    @Test
    void theProductFindsTheFeaturesThisKernelHas() {
        assertEquals(expected.sfBroadcast(), KernelInfo.knows(IsoTpFlag.SF_BROADCAST.bit(), IsoTpFlag.SF_BROADCAST::knownTo), "SF_BROADCAST");
        assertEquals(expected.cfBroadcast(), KernelInfo.knows(IsoTpFlag.CF_BROADCAST.bit(), IsoTpFlag.CF_BROADCAST::knownTo), "CF_BROADCAST");
        assertEquals(expected.frameTxTimeZero(), KernelInfo.knowsFrameTxTimeZero(), "FRAME_TXTIME_ZERO");
        assertEquals(expected.dynamicFlowControl(), KernelInfo.knows(IsoTpFlag.DYN_FC_PARMS.bit(), IsoTpFlag.DYN_FC_PARMS::knownTo), "DYN_FC_PARMS");
    }

    @Test
    void broadcastFlagsBehaveAsTheKernelKnowsThem() throws Exception {
        // A kernel that knows SF_BROADCAST registers no receiver: rx id == tx id binds, and a PDU longer than a single
        // frame is refused at send. One that knows CF_BROADCAST refuses both flags together.
        try (Raw s = new Raw()) {
            s.options(IsoTpFlag.SF_BROADCAST.bit(), 0);
            if (expected.sfBroadcast()) {
                s.bind(Kernel.VCAN, 0x7A0, 0x7A0);
                CarrierException e = assertThrows(CarrierException.class, () -> s.socket.send(new byte[20], 20));
                assertEquals(Errno.EINVAL.number(), e.errno(), Errno.nameOf(e.errno()));
            } else {
                CarrierException e = assertThrows(CarrierException.class, () -> s.bind(Kernel.VCAN, 0x7A0, 0x7A0));
                assertEquals(Errno.EADDRNOTAVAIL.number(), e.errno(), Errno.nameOf(e.errno()));
            }
        }
        try (Raw s = new Raw()) {
            int both = IsoTpFlag.SF_BROADCAST.bit() | IsoTpFlag.CF_BROADCAST.bit();
            if (expected.cfBroadcast()) {
                CarrierException e = assertThrows(CarrierException.class, () -> s.options(both, 0));
                assertEquals(Errno.EINVAL.number(), e.errno(), Errno.nameOf(e.errno()));
            } else {
                s.options(both, 0);
            }
        }
    }

    @Test
    void aNewSocketHoldsTheFrameTxTimeDefaultOfItsKernel() throws Exception {
        // 50 µs since FRAME_TXTIME_ZERO exists; 0 (no gap) before. PduSizesTest sends whole PDUs with
        // FRAME_TX_TIME_ZERO: read as the old kernels do, that would be a 4.3 s gap between frames.
        try (Raw s = new Raw()) {
            long txTime = Structs.u32(s.socket.getOption(KernelAbi.CAN_ISOTP_OPTS, KernelAbi.OPTIONS_SIZE), 4);
            assertEquals(expected.frameTxTimeZero() ? 50_000 : 0, txTime);
        }
    }

    @Test
    void aMalformedIdIsRefusedWithThisKernelsErrno() throws Exception {
        for (int[] ids : new int[][] {{0x800, 0x123}, {0x123, 0x800}, {0x123, KernelAbi.CAN_RTR_FLAG | 0x123}}) {
            try (Raw s = new Raw()) {
                CarrierException e = assertThrows(CarrierException.class, () -> s.bind(Kernel.VCAN, ids[0], ids[1]));
                assertEquals(expected.malformedIdErrno().number(), e.errno(),
                        "rx 0x" + Integer.toHexString(ids[0]) + " tx 0x" + Integer.toHexString(ids[1]) + ": "
                                + Errno.nameOf(e.errno()));
            }
        }
    }

    @Test
    void recvWithMsgTruncGivesThePdusRealLength() throws Exception {
        // IsoTpSocket peeks with MSG_TRUNC and no room to learn a PDU's length before taking it (PduTooLargeException).
        try (Raw a = new Raw(); Raw b = new Raw()) {
            a.bind(Kernel.VCAN, 0x7C1, 0x7C0);
            b.bind(Kernel.VCAN, 0x7C0, 0x7C1);
            a.socket.send(Kernel.payload(100, 3), 100);
            ByteBuffer room = Structs.allocate(10);
            long peeked = -1;
            for (long start = System.nanoTime(); Kernel.millisSince(start) < 20_000; Kernel.sleep(10)) {
                peeked = b.socket.tryReceive(room, 0, KernelAbi.MSG_PEEK | KernelAbi.MSG_TRUNC);
                if (peeked != -Errno.EAGAIN.number()) {
                    break;
                }
            }
            assertEquals(expected.msgTruncRealLength() ? 100 : 0, peeked, "MSG_PEEK | MSG_TRUNC into 0 bytes");
            assertEquals(expected.msgTruncRealLength() ? 100 : 10, b.socket.tryReceive(room, 10, KernelAbi.MSG_TRUNC),
                    "MSG_TRUNC into 10 bytes");
        }
    }

    @Test
    void theLargestPduIsTheKernelsOwnAndArrivesIntact() throws Exception {
        Integer parameter = maxPduSizeParameter();
        int largest = parameter != null ? parameter : expected.maxPduSize();
        assertTrue(parameter == null || expected.maxPduSizeParameter(),
                "can_isotp.max_pdu_size given, but this kernel's can-isotp has no such parameter");
        assertEquals(expected.maxPduSizeParameter() ? String.valueOf(largest) : "",
                Files.exists(MAX_PDU_SIZE) ? Kernel.read(MAX_PDU_SIZE) : "");
        assertEquals(largest, KernelInfo.maxPduSize(), "the product's largest PDU on " + KernelInfo.release());
        System.out.println("kernel " + KernelInfo.release() + ": largest PDU " + largest + " bytes"
                + (parameter != null ? " (can_isotp.max_pdu_size=" + parameter + ")" : ""));

        // The kernel itself refuses one byte more, before sending anything.
        try (Raw s = new Raw()) {
            s.bind(FD, 0x7B1, 0x7B0);
            CarrierException e = assertThrows(CarrierException.class,
                    () -> s.socket.send(new byte[largest + 1], largest + 1));
            assertEquals(Errno.EINVAL.number(), e.errno(), Errno.nameOf(e.errno()));
        }
        // The product refuses it too, and carries the largest end to end (CAN FD, 64-byte frames, no gap).
        IsoTpConfig.Builder fd = IsoTpConfig.builder().iface(FD).canFd(true).txDataLength(64)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO);
        try (IsoTpSocket a = IsoTpSocket.open(fd.rxid(0x7B1).txid(0x7B0).build());
                IsoTpSocket b = IsoTpSocket.open(fd.rxid(0x7B0).txid(0x7B1).build())) {
            assertEquals(largest, a.maxPduSize());
            IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                    () -> a.send(new byte[largest + 1]));
            assertTrue(tooLarge.getMessage().contains(Integer.toString(largest)), tooLarge.getMessage());
            byte[] sent = Kernel.payload(largest, 77);
            long start = System.nanoTime();
            a.send(sent);
            assertArrayEquals(sent, b.receive(Duration.ofSeconds(120)));
            System.out.printf("a PDU of %d bytes over CAN FD in %d ms%n", largest, Kernel.millisSince(start));
        }
    }

    /** A raw ISO-TP socket: options and bind exactly as given. */
    private static final class Raw implements AutoCloseable {
        final KernelSocket socket;

        Raw() throws CarrierException {
            socket = KernelSocket.open();
        }

        void options(int flags, long frameTxTime) throws CarrierException {
            socket.setOption(KernelAbi.CAN_ISOTP_OPTS, Structs.options(flags, frameTxTime, 0,
                    KernelAbi.DEFAULT_PAD_CONTENT, KernelAbi.DEFAULT_PAD_CONTENT, 0));
        }

        void bind(String iface, int rxId, int txId) throws CarrierException {
            if (iface.equals(FD)) {
                socket.setOption(KernelAbi.CAN_ISOTP_LL_OPTS, Structs.linkLayer(KernelAbi.CANFD_MTU, 64, 0));
            }
            socket.bind(iface, rxId, txId);
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
