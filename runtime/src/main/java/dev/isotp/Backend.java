package dev.isotp;

import dev.isotp.engine.EngineCarrier;
import dev.isotp.engine.EngineSettings;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.carrier.CarrierException;
import dev.isotp.internal.carrier.PduCarrier;
import dev.isotp.kernel.KernelSocket;
import dev.isotp.kernel.RawCanBus;
import dev.isotp.spi.FrameBus;
import java.io.IOException;
import java.util.Objects;

/**
 * What does the ISO-TP under a channel: the kernel's can-isotp socket (the default), or the project's user-space
 * ISO-TP engine, over the kernel's CAN_RAW sockets (for kernels without can-isotp: before 5.10, stripped embedded
 * kernels, containers that cannot load modules) or over a {@link FrameBus} such as the in-memory bus of
 * {@code isotp-testkit}. Everything above it is the same: validation, exceptions and their words, generated clients.
 *
 * <p>A backend is only ever chosen explicitly, in this order: {@link IsoTpConfig.Builder#backend} or
 * {@link ChannelOverrides.Builder#backend} for one channel; {@link #useByDefault} for the channels opened while its
 * scope is open, on the thread that opened it and on the threads that thread starts (what a test kit does, one bus
 * per test); the system property {@value #PROPERTY} ({@code kernel} or {@code can-raw}); otherwise the kernel.
 *
 * <pre>{@code
 * IsoTpConfig.builder().iface("can0").rxid(0x7E8).txid(0x7E0).backend(Backend.canRaw()).build();
 * IsoTpChannels.open(EngineEcu.class, ChannelOverrides.builder().backend(Backend.canRaw()).build());
 * java -Disotp.backend=can-raw -jar app.jar
 * }</pre>
 *
 * <p>The engine behaves as mainline Linux's can-isotp wherever ISO 15765-2 leaves a choice; {@link EngineOptions}
 * adds what the kernel cannot do (N_Bs and N_Cr other than 1 s, an enforced wftmax), off by default.
 */
public final class Backend {
    /** The system property that picks the default backend: {@code kernel} or {@code can-raw}. */
    public static final String PROPERTY = "isotp.backend";

    private static final Backend KERNEL = new Backend(Kind.KERNEL, null, EngineOptions.DEFAULTS);
    /** The innermost {@link #useByDefault} scope of this thread, or of the thread that started it. */
    private static final InheritableThreadLocal<Scope> SCOPE = new InheritableThreadLocal<>();

    private enum Kind { KERNEL, CAN_RAW, ENGINE }

    private final Kind kind;
    private final FrameBus bus;
    private final EngineOptions engineOptions;

    private Backend(Kind kind, FrameBus bus, EngineOptions engineOptions) {
        this.kind = kind;
        this.bus = bus;
        this.engineOptions = engineOptions;
    }

    /**
     * The kernel's ISO-TP socket (can-isotp, mainline since Linux 5.10). Its N_Bs and N_Cr are fixed at 1 s
     * ({@code ISOTP_FC_TIMEOUT} in net/can/isotp.c) and its wftmax is stored but not enforced, so it takes no
     * {@link EngineOptions}.
     *
     * @return the kernel backend, the same instance on every call
     */
    public static Backend kernel() {
        return KERNEL;
    }

    /**
     * The user-space engine over the kernel's CAN_RAW sockets on the channel's interface, with
     * {@link EngineOptions#DEFAULTS}: for kernels without can-isotp. Nothing is opened here; a socket on an interface
     * that does not exist, or a CAN FD channel on an interface whose MTU is not 72, fails when it is bound.
     *
     * @return a new CAN_RAW backend (equal to every other one with the same options)
     */
    public static Backend canRaw() {
        return new Backend(Kind.CAN_RAW, RawCanBus.INSTANCE, EngineOptions.DEFAULTS);
    }

    /**
     * The user-space engine over the interfaces of {@code bus} (e.g. the test kit's in-memory CAN bus), with
     * {@link EngineOptions#DEFAULTS}.
     *
     * @param bus where the engine's CAN frames go and come from; its interface names are the ones channels bind to
     * @return a new engine backend over {@code bus} (equal to another over the same bus with the same options)
     */
    public static Backend engine(FrameBus bus) {
        return new Backend(Kind.ENGINE, Objects.requireNonNull(bus, "bus"), EngineOptions.DEFAULTS);
    }

    /**
     * This engine backend with other engine options. This backend is not changed.
     *
     * @param options the engine's N_Bs, N_Cr, wftmax enforcement and largest PDU
     * @return a backend over the same frames ({@link #canRaw()} or the same bus) with {@code options}
     * @throws IllegalStateException on {@link #kernel()}: the kernel's timers and wftmax cannot be changed
     */
    public Backend with(EngineOptions options) {
        Objects.requireNonNull(options, "options");
        if (kind == Kind.KERNEL) {
            throw new IllegalStateException("the kernel's ISO-TP socket has fixed N_Bs/N_Cr (1 s) and does not enforce "
                    + "wftmax: EngineOptions need Backend.canRaw() or Backend.engine(bus)");
        }
        return new Backend(kind, bus, options);
    }

    /**
     * Tells the kernel's socket from the user-space engine.
     *
     * @return true for the kernel's ISO-TP socket, false for the engine (over CAN_RAW or a frame bus)
     */
    public boolean isKernel() {
        return kind == Kind.KERNEL;
    }

    /**
     * The engine's options.
     *
     * @return the options given to {@link #with}, else {@link EngineOptions#DEFAULTS} (always those for the kernel,
     *         where they do not apply)
     */
    public EngineOptions engineOptions() {
        return engineOptions;
    }

    /**
     * The backend a channel without its own uses: the one of the innermost open {@link #useByDefault} scope of this
     * thread (or of the thread that started it), else the system property {@value #PROPERTY}, else the kernel. The property is read on every call, trimmed; empty
     * means the kernel.
     *
     * @return the default backend at this moment
     * @throws IllegalStateException if the property names no backend (it takes {@code kernel} or {@code can-raw})
     */
    public static Backend byDefault() {
        for (Scope s = SCOPE.get(); s != null; s = s.previous) {
            if (!s.closed) {
                return s.backend;
            }
        }
        String property = System.getProperty(PROPERTY, "kernel").trim();
        switch (property) {
            case "kernel":
            case "":
                return KERNEL;
            case "can-raw":
                return canRaw();
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + property + " names no backend: use kernel or can-raw");
        }
    }

    /**
     * Makes {@code backend} the default of every channel opened without its own, on this thread and on the threads
     * it starts from now on (directly, by an executor it creates, or as virtual threads), until the returned scope
     * is closed. Other threads are not affected, so concurrent tests each have their own default: a thread that
     * already existed (a shared pool, the common fork-join pool) does not see the scope, and channels opened there
     * name their backend ({@link IsoTpConfig.Builder#backend}, {@link ChannelOverrides.Builder#backend}). Scopes
     * nest: closing one restores the default that was in force when it was opened. A thread started inside a scope
     * that has since been closed falls back to the scope before it (or the system property, or the kernel). Channels
     * already open keep their backend.
     *
     * @param backend the default for channels opened without a backend of their own
     * @return the scope to close (try-with-resources), from any thread; closing it more than once does nothing more
     */
    public static Scope useByDefault(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        Scope previous = SCOPE.get();
        while (previous != null && previous.closed) {
            previous = previous.previous;
        }
        Scope scope = new Scope(backend, previous, Thread.currentThread());
        SCOPE.set(scope);
        return scope;
    }

    /** An open {@link #useByDefault} scope; closing it restores the default before it. */
    public static final class Scope implements AutoCloseable {
        private final Backend backend;
        private final Scope previous;
        private final Thread owner;
        private volatile boolean closed;

        private Scope(Backend backend, Scope previous, Thread owner) {
            this.backend = backend;
            this.previous = previous;
            this.owner = owner;
        }

        /**
         * The default this scope sets.
         *
         * @return the backend given to {@link Backend#useByDefault}
         */
        public Backend backend() {
            return backend;
        }

        @Override
        public void close() {
            closed = true;
            if (Thread.currentThread() == owner && SCOPE.get() == this) {
                Scope p = previous;
                while (p != null && p.closed) {
                    p = p.previous;
                }
                if (p == null) {
                    SCOPE.remove();
                } else {
                    SCOPE.set(p);
                }
            }
        }
    }

    /** Opens the carrier of a new socket. */
    PduCarrier openCarrier() throws IOException {
        if (kind == Kind.KERNEL) {
            try {
                return KernelSocket.open();
            } catch (CarrierException e) {
                throw ErrorMapper.forOpen(e.errno());
            }
        }
        if (kind == Kind.CAN_RAW) {
            int errno = RawCanBus.supportErrno();
            if (errno == KernelAbi.EAFNOSUPPORT) {
                throw ErrorMapper.forOpen(errno);
            }
        }
        return new EngineCarrier(bus, new EngineSettings(engineOptions.nBs().toNanos(), engineOptions.nCr().toNanos(),
                engineOptions.enforceWftmax(), engineOptions.maxPduSize(), engineOptions.receiveBufferBytes()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backend && ((Backend) o).kind == kind && Objects.equals(((Backend) o).bus, bus)
                && ((Backend) o).engineOptions.equals(engineOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bus, engineOptions);
    }

    @Override
    public String toString() {
        switch (kind) {
            case KERNEL:
                return "Backend[kernel]";
            case CAN_RAW:
                return "Backend[engine over CAN_RAW" + (engineOptions.equals(EngineOptions.DEFAULTS) ? "" : ", " + engineOptions) + "]";
            default:
                return "Backend[engine over " + bus + (engineOptions.equals(EngineOptions.DEFAULTS) ? "" : ", " + engineOptions) + "]";
        }
    }
}
