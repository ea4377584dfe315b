package dev.isotp.benchmarks;

import dev.isotp.Backend;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.testkit.VirtualCanBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The user-space ISO-TP engine's throughput: one sender, one receiver, PDUs of 7, 64 and 4095 bytes for a fixed
 * time, counted at the receiver. {@code --virtual}: the engine on both ends of the test kit's in-memory bus (host).
 * {@code --vm}: on vcan0, the engine over CAN_RAW on both ends beside the kernel's ISO-TP socket on both ends, and
 * their ratio. Each figure is run twice: with the kernel's default frame gap (frame_txtime 50 µs) and with none.
 * Prints one tab-separated line per figure and a summary table.
 */
public final class EngineBench {
    private static final int[] SIZES = {7, 64, 4095};
    /** Each measurement on ids of its own, so that nothing of an earlier one can reach it. */
    private static int nextId = 0x600;
    /** Receives that failed (a protocol error is counted, not fatal: the figure says how many). */
    private static int errors;

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean vm = args.length > 0 && args[0].equals("--vm");
        long durationMs = Long.getLong("bench.durationMs", 2000);
        List<String> lines = new ArrayList<>();
        for (boolean gap : new boolean[] {true, false}) {
            for (int size : SIZES) {
                if (vm) {
                    errors = 0;
                    double kernel = run(Backend.kernel(), "vcan0", size, gap, durationMs);
                    int kernelErrors = errors;
                    errors = 0;
                    double engine = run(Backend.canRaw(), "vcan0", size, gap, durationMs);
                    lines.add(String.format("VM\t%d B\t%s\tkernel %.1f PDU/s\tengine over CAN_RAW %.1f PDU/s\tratio %.2f"
                            + "\treceive errors: kernel %d, engine %d",
                            size, gap ? "frame gap 50 us" : "no frame gap", kernel, engine, engine / kernel, kernelErrors, errors));
                } else {
                    try (VirtualCanBus bus = VirtualCanBus.create().addInterface("vcan0")) {
                        double engine = run(bus.backend(), "vcan0", size, gap, durationMs);
                        lines.add(String.format("host\t%d B\t%s\tengine on the virtual bus %.1f PDU/s", size,
                                gap ? "frame gap 50 us" : "no frame gap", engine));
                    }
                }
                System.out.println(lines.get(lines.size() - 1));
            }
        }
    }

    private static IsoTpConfig config(String iface, int rx, int tx, boolean gap, Backend backend) {
        return IsoTpConfig.builder().iface(iface).rxid(rx).txid(tx).receiveTimeoutMillis(5000).backend(backend)
                .frameTxTimeNanos(gap ? 0 : GeneralOptions.FRAME_TX_TIME_ZERO).build();
    }

    /** PDUs per second received, sender and receiver in two threads, warm-up of a quarter of the time excluded. */
    private static double run(Backend backend, String iface, int size, boolean gap, long durationMs) throws Exception {
        int a = nextId;
        int b = nextId + 1;
        nextId += 2;
        try (IsoTpSocket rx = IsoTpSocket.open(config(iface, a, b, gap, backend));
                IsoTpSocket tx = IsoTpSocket.open(config(iface, b, a, gap, backend))) {
            byte[] pdu = new byte[size];
            AtomicReference<Exception> failure = new AtomicReference<>();
            long warmupEnd = System.nanoTime() + durationMs * 250_000L;
            long end = warmupEnd + durationMs * 1_000_000L;
            Thread sender = new Thread(() -> {
                try {
                    while (System.nanoTime() < end + 200_000_000L) {
                        tx.send(pdu);
                    }
                } catch (IOException e) {
                    if (!tx.isClosed()) {
                        failure.set(e);
                    }
                }
            });
            sender.setDaemon(true);
            sender.start();
            long counted = 0;
            long countStart = 0;
            while (true) {
                try {
                    rx.receive();
                } catch (dev.isotp.SequenceNumberException | dev.isotp.ConsecutiveFrameTimeoutException e) {
                    errors++;
                    if (System.nanoTime() >= end) {
                        throw e;
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (now < warmupEnd) {
                    continue;
                }
                if (countStart == 0) {
                    countStart = now;
                    continue;
                }
                counted++;
                if (now >= end) {
                    double seconds = (now - countStart) / 1e9;
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return counted / seconds;
                }
            }
        }
    }
}
