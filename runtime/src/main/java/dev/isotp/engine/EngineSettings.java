package dev.isotp.engine;

/**
 * What the engine is told beyond the kernel's socket options: the values of the public {@code EngineOptions},
 * already checked, as plain numbers, so that the engine depends on nothing above the carrier seam.
 *
 * @param nBsNanos how long a sender waits for a flow control (N_Bs), in nanoseconds
 * @param nCrNanos how long a receiver waits for the next consecutive frame (N_Cr), in nanoseconds
 * @param enforceWftmax true to end a transfer after more than wftmax WAIT flow controls in a row
 * @param maxPduSize the largest PDU sent or received, in bytes
 * @param receiveBufferBytes the memory the queue of received PDUs may hold, in bytes of heap (as SO_RCVBUF)
 */
public record EngineSettings(long nBsNanos, long nCrNanos, boolean enforceWftmax, int maxPduSize, int receiveBufferBytes) {
}
