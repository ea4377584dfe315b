package dev.isotp.benchmarks;

import java.io.IOException;

/**
 * One pair of channels of one peer on the same interface: channel A sends on {@code base} and receives on
 * {@code base + 1}, channel B the other way round. Each side has its payload (A's and B's size) prepared when the
 * link is opened, so that the measured loop does nothing but send and receive.
 */
abstract class Link implements AutoCloseable {
    /** Sends A's payload on channel A. */
    abstract void sendA() throws IOException;

    /** Sends a 1-byte PDU on channel A (the latency test's stop request). */
    abstract void sendAOne() throws IOException;

    /** Receives one PDU on channel B; returns its length. */
    abstract int receiveB() throws IOException;

    /** Sends B's payload on channel B. */
    abstract void sendB() throws IOException;

    /** Receives one PDU on channel A; returns its length. */
    abstract int receiveA() throws IOException;

    @Override
    public abstract void close() throws IOException;

    static byte[] payload(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }
}
