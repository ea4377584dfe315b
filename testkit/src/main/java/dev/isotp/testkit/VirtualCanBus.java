package dev.isotp.testkit;

import dev.isotp.Backend;
import dev.isotp.EngineOptions;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import dev.isotp.spi.FrameReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory CAN bus with named interfaces, classic (MTU 16) or CAN FD (MTU 72, carrying classic frames too), on
 * which channels and {@link dev.isotp.IsoTpSocket}s open exactly as on the kernel's interfaces, run by the runtime's
 * ISO-TP engine, which behaves as Linux's can-isotp frame for frame and reports the same exceptions.
 *
 * <pre>{@code
 * try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0");
 *      Backend.Scope scope = bus.useByDefault();           // channels opened now run on this bus
 *      EngineEcu ecu = new IsoTp_EngineEcu()) {             // the production client, unchanged
 *     ...
 *     assertEquals("7E0#0322F190", bus.frames().all().get(0).frame().toString());
 * }
 * }</pre>
 *
 * <p>Frames are delivered on one thread per bus, in one order that the {@link #frames() frame log} records: every
 * node attached to an interface receives every frame others put on it; a wait on the log ({@link FrameLog#await})
 * returns a frame only once every node has it, so the channels have it too. A send
 * returns as soon as the frame is queued for the bus (its transmit confirmation), never waiting for receivers.
 *
 * <p>Nothing fails silently: an exception thrown while a frame is delivered, by code the kit runs for the test (a
 * {@link SimulatedEcu}'s answer function), or reported by the engine through {@link #reportError} is recorded in
 * {@link #errors()}; {@link VirtualCanBusExtension} fails the test with them when it ends.
 */
public final class VirtualCanBus implements FrameBus, AutoCloseable {
    private static final int CAN_MTU = FrameBus.CAN_MTU;
    private static final int CANFD_MTU = FrameBus.CANFD_MTU;
    private static final int ENXIO = FrameLinkException.ENXIO;
    private static final int ENODEV = FrameLinkException.ENODEV;
    private static final int EINVAL = FrameLinkException.EINVAL;

    private final Map<String, Iface> interfaces = new LinkedHashMap<>();
    private final FrameLog log = new FrameLog();
    private final List<BusError> errors = new ArrayList<>();
    /** ECUs on this bus that are still open: closed with the bus, so that their threads end with the test. */
    private final java.util.Set<AutoCloseable> ecus = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor dispatcher;
    private final long start = System.nanoTime();
    private final long startEpochNanos = epochNanosNow();
    private volatile boolean closed;
    private long errorCount;

    /** How many errors {@link #errors()} keeps. */
    public static final int MAX_ERRORS = 100;

    private static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private VirtualCanBus() {
        dispatcher = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "isotp-virtual-can-bus");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A bus without interfaces; add them with {@link #addInterface} and {@link #addFdInterface}. It has its own
     * daemon delivery thread until {@link #close()}.
     *
     * @return the new bus
     */
    public static VirtualCanBus create() {
        return new VirtualCanBus();
    }

    /**
     * Adds a classic CAN interface (MTU 16): a CAN FD channel cannot bind to it ({@link dev.isotp.InterfaceMtuException}).
     *
     * @param name the interface's name, 1-15 characters (as Linux's IFNAMSIZ allows)
     * @return this bus
     * @throws IllegalArgumentException if the name is taken or not 1-15 characters
     * @throws NullPointerException if {@code name} is null
     */
    public VirtualCanBus addInterface(String name) {
        return add(name, CAN_MTU);
    }

    /**
     * Adds a CAN FD interface (MTU 72), which carries classic frames too.
     *
     * @param name the interface's name, 1-15 characters (as Linux's IFNAMSIZ allows)
     * @return this bus
     * @throws IllegalArgumentException if the name is taken or not 1-15 characters
     * @throws NullPointerException if {@code name} is null
     */
    public VirtualCanBus addFdInterface(String name) {
        return add(name, CANFD_MTU);
    }

    private synchronized VirtualCanBus add(String name, int mtu) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("an interface name has 1-15 characters, not \"" + name + "\"");
        }
        if (interfaces.containsKey(name)) {
            throw new IllegalArgumentException("the bus already has an interface " + name);
        }
        interfaces.put(name, new Iface(name, interfaces.size() + 1, mtu));
        return this;
    }

    /**
     * Removes an interface as {@code ip link delete} would: every channel on it fails with
     * {@link dev.isotp.DeviceGoneException} (ENODEV) and is unbound. Frames not yet delivered on it are lost.
     *
     * @param name the interface to remove
     * @throws IllegalArgumentException if the bus has no such interface
     */
    public void removeInterface(String name) {
        Iface iface;
        synchronized (this) {
            iface = interfaces.remove(name);
        }
        if (iface == null) {
            throw new IllegalArgumentException("the bus has no interface " + name);
        }
        iface.gone = true;
        dispatcher.execute(() -> {
            for (VirtualLink link : iface.links) {
                try {
                    link.receiver.linkError(ENODEV);
                } catch (RuntimeException | Error e) {
                    reportError("removal of " + iface.name + " told to " + link.receiver, e);
                }
            }
            iface.links.clear();
        });
    }

    /**
     * The engine over this bus: pass it as {@code IsoTpConfig.builder().backend(...)} or in {@code ChannelOverrides}.
     *
     * @return {@code Backend.engine(this)}, with the kernel's N_Bs, N_Cr, wftmax and largest PDU
     */
    public Backend backend() {
        return Backend.engine(this);
    }

    /**
     * The engine over this bus with other engine options.
     *
     * @param options N_Bs, N_Cr, wftmax enforcement, largest PDU
     * @return {@code Backend.engine(this).with(options)}
     * @throws NullPointerException if {@code options} is null
     */
    public Backend backend(EngineOptions options) {
        return Backend.engine(this).with(options);
    }

    /**
     * Runs every channel and socket opened without a backend of its own on this bus until the scope is closed: the
     * production wiring ({@code new IsoTp_X()}, {@code IsoTpChannels.open}, injection) stays as it is. The default
     * holds on the calling thread and the threads it starts meanwhile, not on other threads (see
     * {@link Backend#useByDefault}), so concurrent tests each use their own bus.
     *
     * @return the scope to close, e.g. in try-with-resources
     */
    public Backend.Scope useByDefault() {
        return Backend.useByDefault(backend());
    }

    /**
     * Every frame the bus carried, in bus order.
     *
     * @return the bus's log, the same live object on every call
     */
    public FrameLog frames() {
        return log;
    }

    /**
     * Puts a hand-made frame on an interface, as a CAN_RAW socket of a test would (e.g. a flow control the channel
     * did not expect). Asynchronous like every send: it is in the log once delivered. On a closed bus it is dropped.
     *
     * @param iface the interface's name
     * @param frame the frame; every node attached to the interface receives it
     * @throws IllegalArgumentException if there is no such interface or a CAN FD frame is put on a classic one
     * @throws NullPointerException if {@code frame} is null
     */
    public void inject(String iface, CanFrame frame) {
        Iface i = iface(iface);
        if (i == null) {
            throw new IllegalArgumentException("the bus has no interface " + iface + "; it has " + interfaces());
        }
        if (frame.isFd() && i.mtu != CANFD_MTU) {
            throw new IllegalArgumentException(iface + " is a classic CAN interface: it carries no CAN FD frame");
        }
        post(i, null, frame, 0);
    }

    private synchronized Iface iface(String name) {
        return interfaces.get(name);
    }

    @Override
    public FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException {
        Iface i = iface(iface);
        if (i == null || closed) {
            throw new FrameLinkException(ENODEV, "the virtual bus has no interface " + iface);
        }
        if (canFd && i.mtu != CANFD_MTU) {
            throw new FrameLinkException(EINVAL, iface + " is a classic CAN interface (MTU 16)");
        }
        VirtualLink link = new VirtualLink(i, receiver);
        i.links.add(link);
        return link;
    }

    @Override
    public synchronized List<String> interfaces() {
        List<String> names = new ArrayList<>(interfaces.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public synchronized int mtu(String iface) {
        Iface i = interfaces.get(iface);
        return i == null ? -1 : i.mtu;
    }

    @Override
    public String howToAddInterface() {
        return "add one to the virtual bus: VirtualCanBus.addInterface(\"vcan0\") (or addFdInterface for CAN FD)";
    }

    /** Puts a frame on the bus after {@code delayNanos}; null {@code from} = a frame of the test itself. */
    void post(Iface iface, VirtualLink from, CanFrame frame, long delayNanos) {
        if (closed) {
            return;
        }
        Runnable delivery = () -> {
            if (iface.gone) {
                return;
            }
            long nanos = System.nanoTime() - start;
            log.add(new LoggedFrame(iface.name, frame, nanos, startEpochNanos + nanos));
            for (VirtualLink link : iface.links) {
                if (link != from) {
                    try {
                        link.receiver.frame(frame);
                    } catch (RuntimeException | Error e) {
                        reportError("delivery of " + iface.name + "  " + frame + " to " + link.receiver, e);
                    }
                }
            }
            log.delivered();
        };
        try {
            if (delayNanos <= 0) {
                dispatcher.execute(delivery);
            } else {
                dispatcher.schedule(delivery, delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the bus was closed meanwhile: the frame is lost, as on a bus that went away
        }
    }

    /**
     * Plays recorded frames (e.g. {@link CandumpLog#read} of a bench's {@code candump -l} log) onto the bus, each on
     * the interface it names, as frames of nobody on the bus: every node receives them, channels reassemble them as
     * on the bench. Returns at once; the frames follow each other in the bus's order with the other traffic.
     *
     * @param frames the frames, in the order to play them
     * @param atOwnPace true: each frame as long after the first as it was recorded ({@link LoggedFrame#epochNanos()});
     *        false: one after another, as fast as the bus delivers
     * @return completes once the last frame was delivered to every node (exceptionally never: a frame the bus
     *         could no longer deliver, the bus closed or its interface removed, is left out)
     * @throws IllegalArgumentException if a frame names an interface the bus does not have (the message lists them),
     *         or is a CAN FD frame for a classic interface; nothing is played
     * @throws NullPointerException if {@code frames} or one of them is null
     */
    public java.util.concurrent.CompletableFuture<Void> replay(List<LoggedFrame> frames, boolean atOwnPace) {
        List<Iface> targets = new ArrayList<>(frames.size());
        for (LoggedFrame f : frames) {
            Iface i = iface(f.iface());
            if (i == null) {
                throw new IllegalArgumentException("a recorded frame is on " + f.iface() + " (" + f
                        + "), which the bus does not have; it has " + interfaces()
                        + " (rename with CandumpLog.onInterface, or add the interface)");
            }
            if (f.frame().isFd() && i.mtu != CANFD_MTU) {
                throw new IllegalArgumentException(f.iface() + " is a classic CAN interface: it carries no CAN FD "
                        + "frame (" + f + "); add it with addFdInterface");
            }
            targets.add(i);
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        if (frames.isEmpty()) {
            done.complete(null);
            return done;
        }
        long first = frames.get(0).epochNanos();
        long previous = 0;
        for (int k = 0; k < frames.size(); k++) {
            // never earlier than the frame before it, so the order holds whatever the stamps say
            long delay = atOwnPace ? Math.max(previous, frames.get(k).epochNanos() - first) : 0;
            previous = delay;
            post(targets.get(k), null, frames.get(k).frame(), delay);
        }
        try {
            dispatcher.schedule(() -> done.complete(null), previous, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Records an error met on a thread of the bus, the engine or the kit (a delivery, a timer task, an answer
     * function): the test that owns the bus fails with it ({@link VirtualCanBusExtension} reports every one at the
     * end of the test, with its stack trace). Code under test may call it too. Never throws.
     *
     * @param where what was running, e.g. {@code "engine timer of vcan0 0x7E0->0x7E8"}
     * @param error what it threw
     */
    @Override
    public void reportError(String where, Throwable error) {
        BusError e = new BusError(String.valueOf(where), error == null ? new NullPointerException("error") : error);
        synchronized (errors) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(e);
            }
            errorCount++;
        }
    }

    /**
     * The errors recorded so far by {@link #reportError} (the first {@value #MAX_ERRORS}; {@link #errorCount()}
     * counts all).
     *
     * @return a copy, oldest first; empty if nothing failed
     */
    public List<BusError> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /**
     * How many errors were recorded, those beyond the first {@value #MAX_ERRORS} included.
     *
     * @return the count, 0 if nothing failed
     */
    public long errorCount() {
        synchronized (errors) {
            return errorCount;
        }
    }

    /**
     * Waits until the bus has delivered every frame queued for delivery now (not those delayed by a fault to later):
     * once it returns, every attached channel has had them.
     *
     * @param timeout how long to wait at most
     * @throws AssertionError if the bus did not get there within {@code timeout}, or the thread was interrupted
     *         (its interrupt status is set again)
     * @throws NullPointerException if {@code timeout} is null
     */
    public void awaitIdle(Duration timeout) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            dispatcher.execute(done::countDown);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed: nothing will be delivered any more
        }
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the virtual bus did not deliver its queued frames within "
                        + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the virtual bus", e);
        }
    }

    /**
     * Stops the bus: nothing is delivered any more; the ECUs still open on it are closed (their threads end), and
     * channels still open on it time out as on a silent bus.
     */
    @Override
    public void close() {
        closed = true;
        for (AutoCloseable ecu : ecus) {
            try {
                ecu.close();
            } catch (Exception e) {
                reportError("closing " + ecu + " with the bus", e);
            }
        }
        dispatcher.shutdownNow();
    }

    void opened(AutoCloseable ecu) {
        ecus.add(ecu);
    }

    void closed(AutoCloseable ecu) {
        ecus.remove(ecu);
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "virtual CAN bus " + interfaces();
    }

    /** One interface. */
    static final class Iface {
        final String name;
        final int index;
        final int mtu;
        final List<VirtualLink> links = new CopyOnWriteArrayList<>();
        volatile boolean gone;

        Iface(String name, int index, int mtu) {
            this.name = name;
            this.index = index;
            this.mtu = mtu;
        }
    }

    /** One node's attachment. */
    final class VirtualLink implements FrameLink {
        final Iface iface;
        final FrameReceiver receiver;

        VirtualLink(Iface iface, FrameReceiver receiver) {
            this.iface = iface;
            this.receiver = receiver;
        }

        @Override
        public int ifindex() {
            return iface.index;
        }

        @Override
        public void send(CanFrame frame) throws FrameLinkException {
            sendLater(frame, 0);
        }

        /** Puts the frame on the bus after a delay (for faults that pace frames), in order with other sends. */
        void sendLater(CanFrame frame, long delayNanos) throws FrameLinkException {
            if (iface.gone || closed) {
                throw new FrameLinkException(ENXIO, "interface " + iface.name + " went away");
            }
            if (frame.isFd() && iface.mtu != CANFD_MTU) {
                throw new FrameLinkException(EINVAL, iface.name + " carries no CAN FD frame");
            }
            post(iface, this, frame, delayNanos);
        }

        @Override
        public void close() {
            iface.links.remove(this);
        }

        VirtualCanBus bus() {
            return VirtualCanBus.this;
        }
    }
}
