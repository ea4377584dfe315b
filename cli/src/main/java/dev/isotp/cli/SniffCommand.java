package dev.isotp.cli;

import dev.isotp.InvalidConfigurationException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** isotp sniff: what can-utils' isotpsniffer does. */
@Command(name = "sniff", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Show both directions of an ISO-TP conversation without taking part in it, like can-utils' isotpsniffer.",
                "Two sockets in listen mode (they send no flow control) reassemble the PDUs of each direction.",
                "Give the addressing as one side sees it (e.g. the tester: --txid 7E0 --rxid 7E8); both directions are shown,",
                "each PDU with a timestamp, the CAN id it was sent on, its length, hex and ASCII, and its UDS meaning."},
        footer = {"%nExamples:",
                "  isotp sniff --iface vcan0 --txid 7E0 --rxid 7E8",
                "  isotp sniff -i can0 --mode normal_fixed_29 --ta 10 --sa F1 --timestamp absolute --head 0",
                "  isotp sniff -i vcan0 --txid 7E0 --rxid 7E8 --count 2 --timeout 5000"})
final class SniffCommand implements Callable<Integer> {
    enum Timestamp { ZERO, DELTA, ABSOLUTE, NONE }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    @Spec
    CommandSpec spec;

    @Mixin
    ChannelOptions channel;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N PDUs (default: until Ctrl-C).")
    Integer count;

    @Option(names = {"-t", "--timeout"}, paramLabel = "MS", defaultValue = "0",
            description = "Stop with exit 3 when no PDU arrives for MS (default 0: without limit).")
    long timeoutMillis;

    @Option(names = "--timestamp", paramLabel = "KIND", defaultValue = "ZERO",
            description = "ZERO: seconds since start, DELTA: since the previous PDU, ABSOLUTE: time of day, NONE (default ${DEFAULT-VALUE}).")
    Timestamp timestamp;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "BOTH",
            description = "How a PDU is printed: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    PduFormat format;

    @Option(names = "--head", paramLabel = "N", defaultValue = "32",
            description = "Show at most N bytes of each PDU (default ${DEFAULT-VALUE}; 0 = all).")
    int head;

    @Option(names = "--no-uds", description = "Do not decode UDS service ids.")
    boolean noUds;

    /** A PDU seen on one direction, or the failure of that direction's reader. */
    private record Event(int canId, boolean extendedId, byte[] pdu, long nanos, LocalTime time, IOException failure) {
    }

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be 1 or more, not " + count);
        }
        if (head < 0) {
            throw new ParameterException(spec.commandLine(), "--head must be 0 (all) or more, not " + head);
        }
        // As written first: problems are reported in the user's own terms.
        IsoTpConfig towardUs = channel.builder().listenMode(true).receiveTimeoutMillis(timeoutMillis).build();
        IsoTpConfig fromUs = mirrored(towardUs);
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        try (IsoTpSocket a = IsoTpSocket.open(fromUs); IsoTpSocket b = IsoTpSocket.open(towardUs)) {
            Thread ta = reader(a, events);
            Thread tb = reader(b, events);
            long previous = start;
            int seen = 0;
            while (count == null || seen < count) {
                Event event = timeoutMillis > 0 ? events.poll(timeoutMillis, TimeUnit.MILLISECONDS) : events.take();
                if (event == null) {
                    out.flush();
                    throw new SocketTimeoutException("no PDU on " + towardUs.iface() + " for " + timeoutMillis + " ms (" + seen + " seen)");
                }
                if (event.failure() != null) {
                    throw event.failure();
                }
                out.println(line(event, start, previous));
                out.flush();
                previous = event.nanos();
                seen++;
            }
            a.close();
            b.close();
            ta.join(1_000);
            tb.join(1_000);
        }
        return ExitCodes.OK;
    }

    /** The same conversation seen from the other side: ids and addresses swapped. */
    private static IsoTpConfig mirrored(IsoTpConfig config) {
        dev.isotp.Address address = config.address();
        dev.isotp.Address.Builder mirror = dev.isotp.Address.builder(address.mode());
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

    private static Thread reader(IsoTpSocket socket, BlockingQueue<Event> events) {
        int canId = socket.address().rxid();
        boolean extended = socket.address().mode().extendedIds();
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    byte[] pdu = socket.receive();
                    events.add(new Event(canId, extended, pdu, System.nanoTime(), LocalTime.now(), null));
                } catch (SocketTimeoutException e) {
                    // no limit here: the main thread keeps the time
                } catch (SocketClosedException e) {
                    return;
                } catch (IOException e) {
                    if (!socket.isClosed()) {
                        events.add(new Event(canId, extended, null, System.nanoTime(), LocalTime.now(), e));
                    }
                    return;
                }
            }
        }, "isotp-sniff-" + Integer.toHexString(canId));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private String line(Event event, long start, long previous) {
        StringBuilder s = new StringBuilder();
        switch (timestamp) {
            case ZERO -> s.append(String.format(Locale.ROOT, "%11.6f  ", (event.nanos() - start) / 1e9));
            case DELTA -> s.append(String.format(Locale.ROOT, "%11.6f  ", (event.nanos() - previous) / 1e9));
            case ABSOLUTE -> s.append(CLOCK.format(event.time())).append("  ");
            case NONE -> { }
        }
        s.append(String.format(Locale.ROOT, event.extendedId() ? "%08X" : "%03X", event.canId()));
        s.append(String.format(Locale.ROOT, "  [%4d]  ", event.pdu().length));
        s.append(format.format(event.pdu(), head));
        String uds = noUds ? "" : Uds.describe(event.pdu());
        if (!uds.isEmpty()) {
            s.append("  ").append(uds);
        }
        return s.toString();
    }
}
