package dev.isotp.benchmarks;

import java.io.IOException;

/** A Java way of using the kernel ISO-TP socket, measured in the benchmark's own JVM. */
interface JavaPeer {
    /** The name in the results. */
    String name();

    /** The largest PDU this peer can send (e.g. JavaCAN refuses more than 4095 bytes). */
    int maxPduSize();

    /** Whether it can open pairs on any ids (a generated client has its ids fixed at compile time). */
    boolean anyIds();

    /** Whether ThreadMXBean allocation per PDU is reported for this peer. */
    default boolean reportsAllocation() {
        return true;
    }

    /** Opens channels A (tx base, rx base + 1) and B (tx base + 1, rx base) with A sending aSize and B bSize bytes. */
    Link open(String iface, int base, int aSize, int bSize) throws IOException;
}
