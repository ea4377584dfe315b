package dev.isotp.cli;

import dev.isotp.Address;
import dev.isotp.BadMessageException;
import dev.isotp.ConsecutiveFrameTimeoutException;
import dev.isotp.DeviceGoneException;
import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.NetworkDownException;
import dev.isotp.PduTooLargeException;
import dev.isotp.PeerOverflowException;
import dev.isotp.SequenceNumberException;
import dev.isotp.SocketClosedException;
import dev.isotp.TimestampedPdu;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * isotp sniff: what can-utils' isotpsniffer does.
 *
 * <p>Two listen-mode sockets, one per direction, each read by its own thread. Lines are printed in the order of the
 * kernel's receive timestamps (the arrival of each PDU's last frame), never in the order the threads happened to
 * take them: a PDU is held until the other direction can no longer produce an earlier one. That is known when the
 * other direction has delivered a PDU stamped later, or when its socket was seen empty at some moment after this PDU
 * was taken. The second suffices for a request and its answer: the kernel queues the request on every socket that
 * watches its id when its last frame arrives, before the peer can even see it, so by the time the answer is taken
 * the request is already queued on the other socket; a reader that then finds its socket empty has delivered it.
 * Each reader reports such an empty moment at least every {@link #QUIET_MILLIS} ms, which bounds how long a line
 * waits.
 *
 * <p>A broken transfer (wrong sequence number, bad padding, no consecutive frame in time, a PDU too large) is a line
 * of its own, stamped with the time it was reported, and sniffing goes on.
 *
 * <p>The interface going down, coming back up, going away (deleted, unplugged) and coming back are lines too, and
 * sniffing goes on: a socket stays bound while its interface is down, and one whose interface went away (ENODEV
 * unbinds it) is opened again by the interface's name once an interface of that name is up. With
 * {@code --exit-on-down} sniff ends instead (exit 1), as candump does without {@code -D}.
 */
@Command(name = "sniff", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Show both directions of an ISO-TP conversation without taking part in it, like can-utils' isotpsniffer.",
                "Two sockets in listen mode (they send nothing, not even flow control) reassemble the PDUs of each direction.",
                "Give the addressing as one side sees it (e.g. the tester: --txid 7E0 --rxid 7E8). Both directions are shown in "
                        + "the order the kernel received them: each PDU with the receive time of its last frame, the CAN id it "
                        + "was sent on, its length, hex and ASCII, and its UDS meaning.",
                "A broken transfer (wrong sequence number, bad padding, no consecutive frame within 1 s) is shown as a line, "
                        + "and sniffing goes on.",
                "The interface going down or away and coming back are shown as lines too, and sniffing goes on (an interface "
                        + "deleted and created again is opened again by its name); --exit-on-down ends sniffing instead."},
        footer = {"%nExamples:",
                "  isotp sniff --iface vcan0 --txid 7E0 --rxid 7E8",
                "  isotp sniff -i can0 --mode normal_fixed_29 --targetAddress 10 \\",
                "      --sourceAddress F1 --timestamp absolute --head 0",
                "  isotp sniff -i vcan0 --txid 7E0 --rxid 7E8 --count 2 --timeout 5000"})
final class SniffCommand implements Callable<Integer> {
    enum Timestamp { ZERO, DELTA, ABSOLUTE, NONE }

    /** The longest a reader waits before it reports its socket empty; bounds how long a line is held back. */
    static final long QUIET_MILLIS = 50;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N PDUs (default: until Ctrl-C).")
    Integer count;

    @Option(names = {"-t", "--timeout"}, paramLabel = "MS", defaultValue = "0",
            description = "Stop with exit 3 when no PDU arrives for MS (default 0: without limit).")
    long timeoutMillis;

    @Option(names = "--timestamp", paramLabel = "KIND", defaultValue = "ZERO",
            description = "ZERO: seconds since start, DELTA: since the previous line, ABSOLUTE: time of day, NONE (default ${DEFAULT-VALUE}).")
    Timestamp timestamp;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "BOTH",
            description = "How a PDU is printed: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    PduFormat format;

    @Option(names = "--head", paramLabel = "N", defaultValue = "32",
            description = "Show at most N bytes of each PDU (default ${DEFAULT-VALUE}; 0 = all).")
    int head;

    @Option(names = "--no-uds", description = "Do not decode UDS service ids.")
    boolean noUds;

    @Option(names = "--file", paramLabel = "LOG", description = "Read a candump -l log instead of an interface: its "
            + "frames (of --iface, or of its only interface) are played at their recorded pace through the same "
            + "reassembly; sniffing ends with the log.")
    java.nio.file.Path file;

    @Option(names = "--fast", description = "With --file: play the log as fast as possible (times are then the replay's).")
    boolean fast;

    /** The log played instead of an interface (--file), else null. */
    private SniffFileInput input;


    @Option(names = "--exit-on-down", description = "Exit (code 1) when the interface goes down or away, as candump does "
            + "without -D (default: say so in a line and keep sniffing).")
    boolean exitOnDown;

    private enum Kind { PDU, BROKEN, QUIET, FATAL, INTERFACE }

    /** What an interface line says; each is printed once per change, whichever reader saw it first. */
    enum InterfaceState {
        DOWN("went down (ENETDOWN): still listening"),
        UP("is up again: listening"),
        GONE("went away (ENODEV): waiting for an interface of that name"),
        BACK("is back: listening on it again");

        final String words;

        InterfaceState(String words) {
            this.words = words;
        }
    }

    /**
     * What a reader reports: a PDU, a broken transfer, that its socket was empty until {@code takenAt} (QUIET), or a
     * failure that ends sniffing. {@code stamp} is the kernel's receive time (ns since the epoch), or the time a
     * broken transfer was reported; {@code takenAt} is System.nanoTime() when the reader took it.
     */
    private record Event(Kind kind, int reader, long stamp, long takenAt, byte[] pdu, IOException failure,
            InterfaceState state) {
        Event(Kind kind, int reader, long stamp, long takenAt, byte[] pdu, IOException failure) {
            this(kind, reader, stamp, takenAt, pdu, failure, null);
        }
    }

    /** One direction: its socket (as first opened), the CAN id its PDUs were sent on, and its interface. */
    private record Direction(IsoTpSocket socket, int canId, boolean extendedId, String iface) {
    }

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw OptionNames.refusal(spec, "--count", "must be 1 or more, not " + count);
        }
        if (head < 0) {
            throw OptionNames.refusal(spec, "--head", "must be 0 (all) or more, not " + head);
        }
        if (fast && file == null) {
            throw OptionNames.refusal(spec, "--fast", "goes with --file LOG");
        }
        if (file != null) {
            try {
                input = SniffFileInput.open(file, listen.iface, fast);
            } catch (IllegalArgumentException e) {
                throw OptionNames.refusal(spec, "--file", e.getMessage());
            }
        }
        try (SniffFileInput closeLater = input) {
            return sniff();
        }
    }

    private Integer sniff() throws Exception {
        // As written first: problems are reported in the user's own terms.
        IsoTpConfig.Builder written = listen.builder(spec);
        if (input != null) {
            written.iface(input.iface()).backend(input.backend());
        }
        IsoTpConfig towardUs = written.listenMode(true).receiveTimeoutMillis(timeoutMillis).build();
        IsoTpConfig fromUs = mirrored(towardUs);
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        long startEpochNanos = epochNanos(Instant.now());
        try (IsoTpSocket a = IsoTpSocket.open(fromUs); IsoTpSocket b = IsoTpSocket.open(towardUs)) {
            a.enableReceiveTimestamps();
            b.enableReceiveTimestamps();
            Direction[] directions = {direction(a), direction(b)};
            Reader[] readers = {new Reader(directions[0], fromUs, a, 0, events), new Reader(directions[1], towardUs, b, 1, events)};
            if (input != null) {
                startEpochNanos = epochNanos(Instant.now());
                input.start();
            }
            try {
                new Printer(directions, out, startEpochNanos).run(events);
            } finally {
                for (Reader reader : readers) {
                    reader.stop();
                }
                for (Reader reader : readers) {
                    reader.thread.join(1_000);
                }
            }
        }
        return ExitCodes.OK;
    }

    private static Direction direction(IsoTpSocket socket) {
        return new Direction(socket, socket.address().rxid(), socket.address().mode().extendedIds(), socket.iface());
    }

    /** Puts events in kernel-timestamp order and prints those no earlier event can still precede. */
    private final class Printer {
        private final Direction[] directions;
        private final PrintWriter out;
        private final long startEpochNanos;
        private final PriorityQueue<Event> pending = new PriorityQueue<>(Comparator.comparingLong(Event::stamp));
        /** Per reader: the latest stamp of a PDU it delivered, and the latest moment its socket was seen empty. */
        private final long[] latestStamp = {Long.MIN_VALUE, Long.MIN_VALUE};
        private final long[] emptyAt = {Long.MIN_VALUE, Long.MIN_VALUE};
        private long previousStamp;
        private int seen;
        /** The interface's state as last printed; null while it has been up throughout. */
        private InterfaceState interfaceState;

        Printer(Direction[] directions, PrintWriter out, long startEpochNanos) {
            this.directions = directions;
            this.out = out;
            this.startEpochNanos = startEpochNanos;
            this.previousStamp = startEpochNanos;
        }

        void run(BlockingQueue<Event> events) throws IOException, InterruptedException {
            long lastPdu = System.nanoTime();
            while (count == null || seen < count) {
                if (input != null && input.drained(emptyAt, QUIET_MILLIS * 1_000_000L)) {
                    flush();            // the log is over: every PDU of it was taken
                    return;
                }
                long wait = QUIET_MILLIS;
                if (timeoutMillis > 0) {
                    long left = timeoutMillis - (System.nanoTime() - lastPdu) / 1_000_000;
                    if (left <= 0) {
                        flush();
                        throw new SocketTimeoutException("no PDU on " + directions[1].socket().iface() + " for "
                                + timeoutMillis + " ms (" + seen + " seen)");
                    }
                    wait = Math.min(wait, left);
                }
                Event event = events.poll(wait, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                switch (event.kind()) {
                    case PDU -> {
                        lastPdu = System.nanoTime();
                        latestStamp[event.reader()] = Math.max(latestStamp[event.reader()], event.stamp());
                        pending.add(event);
                    }
                    case BROKEN -> pending.add(event);
                    case QUIET -> emptyAt[event.reader()] = Math.max(emptyAt[event.reader()], event.takenAt());
                    case INTERFACE -> {
                        // both readers see it; printed once, after everything received before it
                        if (event.state() != interfaceState) {
                            interfaceState = event.state();
                            flush();
                            print(event);
                        }
                    }
                    case FATAL -> {
                        flush();
                        throw event.failure();
                    }
                }
                while (!pending.isEmpty() && (count == null || seen < count) && settled(pending.peek())) {
                    print(pending.poll());
                }
            }
        }

        /** True once the other direction can no longer deliver anything stamped before {@code event}. */
        private boolean settled(Event event) {
            int other = 1 - event.reader();
            return latestStamp[other] >= event.stamp() || emptyAt[other] >= event.takenAt();
        }

        /** Prints what is held, in order (at the end: nothing earlier can come any more that would be shown). */
        private void flush() {
            while (!pending.isEmpty() && (count == null || seen < count)) {
                print(pending.poll());
            }
            out.flush();
        }

        private void print(Event event) {
            out.println(line(event, directions[event.reader()], startEpochNanos, previousStamp));
            out.flush();
            previousStamp = event.stamp();
            if (event.kind() == Kind.PDU) {
                seen++;
            }
        }
    }

    /** The same conversation seen from the other side: ids and addresses swapped. */
    private static IsoTpConfig mirrored(IsoTpConfig config) {
        Address address = config.address();
        Address.Builder mirror = Address.builder(address.mode());
        if (address.mode().idsGiven()) {
            mirror.rxid(address.txid()).txid(address.rxid());
        }
        address.targetAddress().ifPresent(mirror::sourceAddress);
        address.sourceAddress().ifPresent(mirror::targetAddress);
        address.addressExtension().ifPresent(mirror::addressExtension);
        try {
            return config.toBuilder().address(mirror.build()).build();
        } catch (InvalidConfigurationException e) {
            throw new IllegalStateException("the mirror of a valid address is valid", e);
        }
    }

    /** A transfer the kernel gave up on: reported as a line, and the socket receives the next PDU normally. */
    private static boolean brokenTransfer(IOException e) {
        return e instanceof SequenceNumberException || e instanceof BadMessageException
                || e instanceof ConsecutiveFrameTimeoutException || e instanceof PeerOverflowException
                || e instanceof PduTooLargeException;
    }

    /**
     * Reads one direction: PDUs, broken transfers and empty moments as events; the interface going down and up, away
     * and back, as INTERFACE events (a socket whose interface went away is opened again, by name, once it is back).
     */
    private final class Reader {
        private final Direction direction;
        private final IsoTpConfig config;
        private final int index;
        private final BlockingQueue<Event> events;
        private final Thread thread;
        private volatile IsoTpSocket socket;
        private volatile boolean stopped;
        /** The interface was reported down (or gone) by this reader and not yet back. */
        private InterfaceState reported;

        Reader(Direction direction, IsoTpConfig config, IsoTpSocket socket, int index, BlockingQueue<Event> events) {
            this.direction = direction;
            this.config = config;
            this.socket = socket;
            this.index = index;
            this.events = events;
            thread = new Thread(this::read, "isotp-sniff-" + Integer.toHexString(direction.canId()));
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            stopped = true;
            socket.close();
        }

        private void read() {
            Duration quiet = Duration.ofMillis(QUIET_MILLIS);
            while (!stopped) {
                IsoTpSocket current = socket;
                long start = System.nanoTime();
                try {
                    TimestampedPdu pdu = current.receiveTimestamped(quiet);
                    if (reported == InterfaceState.DOWN) {
                        report(InterfaceState.UP); // a PDU came: the interface is up
                    }
                    events.add(new Event(Kind.PDU, index, pdu.epochNanos(), System.nanoTime(), pdu.payload(), null));
                } catch (SocketTimeoutException e) {
                    // nothing was queued from (at the latest) start until QUIET_MILLIS after it
                    events.add(new Event(Kind.QUIET, index, 0, start + QUIET_MILLIS * 1_000_000L, null, null));
                    if (reported == InterfaceState.DOWN && Interfaces.isUp(direction.iface())) {
                        report(InterfaceState.UP);
                    }
                } catch (SocketClosedException e) {
                    return;
                } catch (NetworkDownException e) {
                    if (stopped) {
                        return;
                    }
                    if (exitOnDown) {
                        fatal(e);
                        return;
                    }
                    report(InterfaceState.DOWN);
                } catch (DeviceGoneException e) {
                    if (stopped) {
                        return;
                    }
                    if (exitOnDown) {
                        fatal(e);
                        return;
                    }
                    report(InterfaceState.GONE);
                    current.close();
                    if (!reopen()) {
                        return;
                    }
                    report(InterfaceState.BACK);
                } catch (IOException e) {
                    if (stopped || current.isClosed()) {
                        return;
                    }
                    if (!brokenTransfer(e)) {
                        fatal(e);
                        return;
                    }
                    events.add(new Event(Kind.BROKEN, index, epochNanos(Instant.now()), System.nanoTime(), null, e));
                }
            }
        }

        private void report(InterfaceState state) {
            reported = state;
            events.add(new Event(Kind.INTERFACE, index, epochNanos(Instant.now()), System.nanoTime(), null, null, state));
        }

        private void fatal(IOException e) {
            events.add(new Event(Kind.FATAL, index, epochNanos(Instant.now()), System.nanoTime(), null, e));
        }

        /**
         * Opens the direction's socket again once an interface of its name is up; reports empty moments meanwhile.
         * False when sniffing stopped first.
         */
        private boolean reopen() {
            while (!stopped) {
                long start = System.nanoTime();
                if (Interfaces.isUp(direction.iface())) {
                    try {
                        IsoTpSocket fresh = IsoTpSocket.open(config);
                        fresh.enableReceiveTimestamps();
                        socket = fresh;
                        if (stopped) {
                            fresh.close();
                            return false;
                        }
                        return true;
                    } catch (IOException | RuntimeException e) {
                        // it went again, or is not ready yet: try at the next turn
                    }
                }
                try {
                    Thread.sleep(QUIET_MILLIS);
                } catch (InterruptedException e) {
                    return false;
                }
                events.add(new Event(Kind.QUIET, index, 0, start, null, null));
            }
            return false;
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private String line(Event event, Direction direction, long startEpochNanos, long previousStamp) {
        StringBuilder s = new StringBuilder();
        switch (timestamp) {
            case ZERO -> s.append(String.format(Locale.ROOT, "%11.6f  ", (event.stamp() - startEpochNanos) / 1e9));
            case DELTA -> s.append(String.format(Locale.ROOT, "%11.6f  ", (event.stamp() - previousStamp) / 1e9));
            case ABSOLUTE -> s.append(CLOCK.format(LocalTime.ofInstant(Instant.ofEpochSecond(0, event.stamp()),
                    ZoneId.systemDefault()))).append("  ");
            case NONE -> { }
        }
        if (event.kind() == Kind.INTERFACE) {
            return s.append("interface ").append(direction.iface()).append(' ').append(event.state().words).toString();
        }
        s.append(String.format(Locale.ROOT, direction.extendedId() ? "%08X" : "%03X", direction.canId()));
        if (event.kind() == Kind.BROKEN) {
            return s.append("  broken transfer: ").append(event.failure().getMessage()).toString();
        }
        s.append(String.format(Locale.ROOT, "  [%4d]  ", event.pdu().length));
        s.append(format.format(event.pdu(), head));
        String uds = noUds ? "" : Uds.describe(event.pdu());
        if (!uds.isEmpty()) {
            s.append("  ").append(uds);
        }
        return s.toString();
    }
}
