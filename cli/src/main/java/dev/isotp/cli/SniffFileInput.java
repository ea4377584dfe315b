package dev.isotp.cli;

import dev.isotp.Backend;
import dev.isotp.testkit.CandumpLog;
import dev.isotp.testkit.LoggedFrame;
import dev.isotp.testkit.VirtualCanBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code isotp sniff --file}: a {@code candump -l} log played onto an in-memory CAN bus, where the same listen-mode
 * sockets reassemble its PDUs with the runtime's ISO-TP engine as they would on the interface it was recorded on.
 */
final class SniffFileInput implements AutoCloseable {
    private final VirtualCanBus bus;
    private final String iface;
    private final List<LoggedFrame> frames;
    private final boolean fast;
    private volatile CompletableFuture<Void> replay;
    private volatile long doneAt = Long.MAX_VALUE;

    private SniffFileInput(VirtualCanBus bus, String iface, List<LoggedFrame> frames, boolean fast) {
        this.bus = bus;
        this.iface = iface;
        this.frames = frames;
        this.fast = fast;
    }

    /**
     * Reads the log and keeps the frames of one interface: {@code iface} if given, else the log's only one.
     *
     * @throws IllegalArgumentException (a usage error) for a file that is not a candump -l log, an interface the log
     *         does not have, or a log of several interfaces without {@code --iface}
     */
    static SniffFileInput open(Path file, String iface, boolean fast) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "--file names no readable file");
        }
        List<LoggedFrame> all = CandumpLog.read(file);
        TreeSet<String> names = new TreeSet<>();
        all.forEach(f -> names.add(f.iface()));
        String name = iface;
        if (name == null) {
            if (names.size() > 1) {
                throw new IllegalArgumentException(file + " holds frames of " + names + ": name one with --iface");
            }
            name = names.isEmpty() ? "can0" : names.first();
        } else if (!names.isEmpty() && !names.contains(name)) {
            throw new IllegalArgumentException(file + " holds no frame of " + name + "; it has " + names);
        }
        String chosen = name;
        List<LoggedFrame> frames = all.stream().filter(f -> f.iface().equals(chosen)).toList();
        VirtualCanBus bus = VirtualCanBus.create();
        if (frames.stream().anyMatch(f -> f.frame().isFd())) {
            bus.addFdInterface(chosen);
        } else {
            bus.addInterface(chosen);
        }
        return new SniffFileInput(bus, chosen, frames, fast);
    }

    /** The interface the sockets bind to: the log's. */
    String iface() {
        return iface;
    }

    /** The engine over the bus the log is played on. */
    Backend backend() {
        return bus.backend();
    }

    /** Plays the log (at its own pace unless --fast), once the sockets are bound. */
    void start() {
        replay = bus.replay(frames, !fast);
        replay.thenRun(() -> doneAt = System.nanoTime());
    }

    /**
     * True once every frame was delivered and both readers found their socket empty after that: every PDU of the
     * log has been handed over.
     *
     * @param emptyAt per reader, the latest moment (System.nanoTime()) until which its socket was seen empty
     * @param quietNanos how long a reader waits before it reports its socket empty
     */
    boolean drained(long[] emptyAt, long quietNanos) {
        long done = doneAt;
        // a reader's empty moment counts if its receive began after the last frame: emptyAt = its start + quietNanos
        return done != Long.MAX_VALUE && emptyAt[0] >= done + quietNanos && emptyAt[1] >= done + quietNanos;
    }

    @Override
    public void close() {
        bus.close();
    }
}
