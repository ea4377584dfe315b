package dev.isotp.engine;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.InterfaceFacts;
import dev.isotp.internal.carrier.PduCarrier;
import dev.isotp.internal.carrier.UseCount;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The user-space ISO-TP engine as a {@link PduCarrier}: takes the kernel's option structs and checks them as
 * {@code isotp_setsockopt()} and {@code isotp_bind()} do, with the same errno, then runs {@link IsoTpEngine} over a
 * link of a {@link FrameBus} (CAN_RAW or the test kit's in-memory bus).
 */
public final class EngineCarrier implements PduCarrier {
    private static final int EINVAL = KernelAbi.EINVAL;
    private static final int ENODEV = KernelAbi.ENODEV;
    private static final int EISCONN = KernelAbi.EISCONN;
    private static final int ENOPROTOOPT = KernelAbi.ENOPROTOOPT;
    private static final int EADDRNOTAVAIL = KernelAbi.EADDRNOTAVAIL;
    private static final int CAN_SFF_MASK = KernelAbi.CAN_SFF_MASK;
    private static final int CAN_EFF_MASK = KernelAbi.CAN_EFF_MASK;

    private final FrameBus bus;
    private final IsoTpEngine engine;
    private final UseCount users = new UseCount();
    /** The can_isotp_options as last set, returned by getOption as the kernel returns so->opt. */
    private final ByteBuffer opt = Structs.options(0, 0, 0, KernelAbi.DEFAULT_PAD_CONTENT, KernelAbi.DEFAULT_PAD_CONTENT, 0);
    private final ByteBuffer fcOpt = Structs.flowControl(0, 0, 0);
    private final ByteBuffer llOpt = Structs.linkLayer(KernelAbi.CAN_MTU, 8, 0);
    private long forceTxStmin;
    private long forceRxStmin;
    private boolean bound;
    private int ifindex;
    private int rxid;
    private int txid;

    private final EngineTimers timers;

    public EngineCarrier(FrameBus bus, EngineSettings options) {
        this.bus = bus;
        this.timers = EngineTimers.acquire(bus);
        this.engine = new IsoTpEngine(options, timers.executor());
    }

    /** Errors that no call waits for go to the socket's sink and to the bus ({@link FrameBus#reportError}). */
    @Override
    public void onUnclaimedError(java.util.function.BiConsumer<String, Throwable> sink) {
        engine.onUnclaimedError((where, error) -> {
            // the bus first: the socket's count is what a caller watches, so once it moved the bus has been told
            try {
                bus.reportError(where, error);
            } finally {
                sink.accept(where, error);
            }
        });
    }

    @Override
    public int maxPduSize() {
        return engine.maxPduSize();
    }

    @Override
    public boolean isKernel() {
        return false;
    }

    @Override
    public InterfaceFacts interfaceFacts() {
        return new InterfaceFacts() {
            @Override
            public boolean exists(String iface) {
                return bus.mtu(iface) > 0;
            }

            @Override
            public List<String> canInterfaces() {
                return bus.interfaces();
            }

            @Override
            public int mtu(String iface) {
                return bus.mtu(iface);
            }

            @Override
            public String howToAdd() {
                return bus.howToAddInterface();
            }
        };
    }

    /** isotp_setsockopt(): exact sizes, EISCONN after bind, the link layer checked, both broadcast flags refused. */
    @Override
    public synchronized void setOption(int name, ByteBuffer value) throws CarrierException {
        if (bound) {
            throw new CarrierException(EISCONN);
        }
        int length = value.capacity();
        switch (name) {
            case KernelAbi.CAN_ISOTP_OPTS: {
                requireLength(length, KernelAbi.OPTIONS_SIZE);
                copy(value, opt);
                int flags = opt.getInt(0);
                // no separate rx_ext_address given: use ext_address
                if ((flags & IsoTpEngine.RX_EXT_ADDR) == 0) {
                    opt.put(11, opt.get(8));
                }
                boolean both = (flags & (IsoTpEngine.SF_BROADCAST | IsoTpEngine.CF_BROADCAST))
                        == (IsoTpEngine.SF_BROADCAST | IsoTpEngine.CF_BROADCAST);
                if (both) {
                    // SF_BROADCAST is kept, and the caller told (EINVAL) after the options were stored
                    flags &= ~IsoTpEngine.CF_BROADCAST;
                    opt.putInt(0, flags);
                }
                synchronized (engine) {
                    engine.flags = flags;
                    long txtime = Structs.u32(opt, 4);
                    if (txtime != 0) {
                        engine.frameTxTime = txtime == IsoTpEngine.FRAME_TXTIME_ZERO ? 0 : txtime;
                    }
                    engine.extAddress = Structs.u8(opt, 8);
                    engine.txPad = Structs.u8(opt, 9);
                    engine.rxPad = Structs.u8(opt, 10);
                    engine.rxExtAddress = Structs.u8(opt, 11);
                }
                if (both) {
                    throw new CarrierException(EINVAL);
                }
                return;
            }
            case KernelAbi.CAN_ISOTP_RECV_FC:
                requireLength(length, KernelAbi.FC_OPTIONS_SIZE);
                copy(value, fcOpt);
                synchronized (engine) {
                    engine.rxfcBs = Structs.u8(fcOpt, 0);
                    engine.rxfcStmin = Structs.u8(fcOpt, 1);
                    engine.rxfcWftmax = Structs.u8(fcOpt, 2);
                }
                return;
            case KernelAbi.CAN_ISOTP_TX_STMIN:
                requireLength(length, KernelAbi.STMIN_SIZE);
                forceTxStmin = Structs.u32(value, 0);
                synchronized (engine) {
                    engine.forceTxStmin = forceTxStmin;
                }
                return;
            case KernelAbi.CAN_ISOTP_RX_STMIN:
                requireLength(length, KernelAbi.STMIN_SIZE);
                forceRxStmin = Structs.u32(value, 0);
                synchronized (engine) {
                    engine.forceRxStmin = forceRxStmin;
                }
                return;
            case KernelAbi.CAN_ISOTP_LL_OPTS: {
                requireLength(length, KernelAbi.LL_OPTIONS_SIZE);
                int mtu = Structs.u8(value, 0);
                int txDl = Structs.u8(value, 1);
                int txFlags = Structs.u8(value, 2);
                // a valid ISO 11898-1 data length, a known MTU, classic CAN only with 8 bytes and no flags
                if (txDl != IsoTpEngine.padlen(txDl) || (mtu != KernelAbi.CAN_MTU && mtu != KernelAbi.CANFD_MTU)
                        || (mtu == KernelAbi.CAN_MTU && (txDl > IsoTpEngine.CAN_MAX_DLEN || txFlags != 0))) {
                    throw new CarrierException(EINVAL);
                }
                copy(value, llOpt);
                synchronized (engine) {
                    engine.mtu = mtu;
                    engine.txDl = txDl;
                    engine.txFlags = txFlags;
                }
                return;
            }
            default:
                throw new CarrierException(ENOPROTOOPT);
        }
    }

    private static void requireLength(int length, int size) throws CarrierException {
        if (length != size) {
            throw new CarrierException(EINVAL);
        }
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        for (int i = 0; i < to.capacity(); i++) {
            to.put(i, from.get(i));
        }
    }

    @Override
    public synchronized ByteBuffer getOption(int name, int size) throws CarrierException {
        ByteBuffer source;
        switch (name) {
            case KernelAbi.CAN_ISOTP_OPTS:
                source = opt;
                break;
            case KernelAbi.CAN_ISOTP_RECV_FC:
                source = fcOpt;
                break;
            case KernelAbi.CAN_ISOTP_TX_STMIN:
                source = Structs.nanos(forceTxStmin);
                break;
            case KernelAbi.CAN_ISOTP_RX_STMIN:
                source = Structs.nanos(forceRxStmin);
                break;
            case KernelAbi.CAN_ISOTP_LL_OPTS:
                source = llOpt;
                break;
            default:
                throw new CarrierException(ENOPROTOOPT);
        }
        ByteBuffer value = Structs.allocate(size);
        int n = Math.min(size, source.capacity());
        for (int i = 0; i < n; i++) {
            value.put(i, source.get(i));
        }
        value.limit(n);
        return value;
    }

    /** isotp_bind(): ids checked, rx id ignored with a broadcast flag, equal ids refused, then the link attached. */
    @Override
    public void bind(String iface, int rxid, int txid) throws CarrierException {
        int flags;
        int mtu;
        synchronized (engine) {
            flags = engine.flags;
            mtu = engine.mtu;
        }
        boolean registerRx = (flags & (IsoTpEngine.SF_BROADCAST | IsoTpEngine.CF_BROADCAST)) == 0;
        if (!validId(txid) || (registerRx && !validId(rxid))) {
            throw new CarrierException(EINVAL);
        }
        synchronized (this) {
            if (bound) {
                throw new CarrierException(EINVAL);
            }
            if (registerRx && rxid == txid) {
                throw new CarrierException(EADDRNOTAVAIL);
            }
            if (bus.mtu(iface) < 0) {
                throw new CarrierException(ENODEV);
            }
            FrameLink link;
            try {
                link = bus.attach(iface, mtu == KernelAbi.CANFD_MTU, engine);
            } catch (FrameLinkException e) {
                throw new CarrierException(e.errno());
            }
            engine.bind(link, iface, rxid, txid);
            this.ifindex = link.ifindex();
            this.rxid = rxid;
            this.txid = txid;
            this.bound = true;
        }
    }

    private static boolean validId(int id) {
        return (id & CanFrame.EFF_FLAG) != 0 ? (id & ~(CanFrame.EFF_FLAG | CAN_EFF_MASK)) == 0 : (id & ~CAN_SFF_MASK) == 0;
    }

    @Override
    public synchronized ByteBuffer socketName() {
        ByteBuffer name = Structs.socketAddress(ifindex, rxid, txid);
        return name;
    }

    @Override
    public long send(ByteBuffer direct, int length) throws CarrierException {
        byte[] data = new byte[length];
        direct.get(direct.position(), data, 0, length);
        return engine.send(data, length);
    }

    @Override
    public long send(byte[] data, int length) throws CarrierException {
        return engine.send(data, length);
    }

    @Override
    public long tryReceive(ByteBuffer direct, int room, int flags) {
        return engine.tryReceive(direct, room, (flags & KernelAbi.MSG_PEEK) != 0, (flags & KernelAbi.MSG_TRUNC) != 0);
    }

    /** The engine stamps every PDU it delivers: nothing to turn on. */
    @Override
    public void enableReceiveTimestamps() {
    }

    @Override
    public long tryReceiveStamped(ByteBuffer direct, int room, int flags) {
        return tryReceive(direct, room, flags);
    }

    @Override
    public long lastReceiveTimestampNanos() {
        return engine.lastReceiveTimestampNanos();
    }

    @Override
    public long receiveQueueDrops() {
        return engine.queueDrops();
    }

    @Override
    public boolean transferRunning() {
        return !engine.transmitIdle();
    }

    /** close() aborts the engine's transfer and its send fails on its own (EBADF): nothing to remember. */
    @Override
    public boolean sendInterrupted() {
        return false;
    }

    @Override
    public int await(long timeoutMillis) {
        switch (engine.await(timeoutMillis)) {
            case 1:
                return READY;
            case 0:
                return TIMED_OUT;
            default:
                return CLOSED;
        }
    }

    /** Served from the engine's receive path: the thread that delivers the PDU or the error runs {@code ready}. */
    @Override
    public void armReadable(Runnable ready) {
        engine.armReadable(ready);
    }

    @Override
    public void disarmReadable() {
        engine.disarmReadable();
    }

    @Override
    public boolean enter() {
        return users.enter();
    }

    @Override
    public void exit() {
        users.exit(); // the engine holds nothing that a call in progress could still use after close()
    }

    @Override
    public boolean isClosed() {
        return users.isClosed();
    }

    /** Marks closed, ends any transfer and detaches from the bus; a waiting receiver or sender wakes at once. */
    @Override
    public void close() {
        if (users.close() >= 0) {
            engine.close();
            timers.release();
        }
    }

    @Override
    public String toString() {
        return "EngineCarrier[" + bus + (isClosed() ? ", closed]" : "]");
    }
}
