package dev.isotp;

import dev.isotp.validation.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * What the user-space ISO-TP engine ({@link Backend#canRaw()}, {@link Backend#engine}) offers beyond the kernel's
 * socket. Every default is the kernel's behaviour: N_Bs and N_Cr 1 s, wftmax stored but not enforced, the largest PDU
 * of mainline's can-isotp ({@value Limits#ENGINE_DEFAULT_MAX_PDU_SIZE} bytes, its {@code max_pdu_size} default).
 *
 * <pre>{@code
 * Backend.canRaw().with(EngineOptions.builder().nBs(Duration.ofMillis(150)).enforceWftmax(true).build());
 * }</pre>
 */
public final class EngineOptions {
    /**
     * The kernel's behaviour: N_Bs and N_Cr {@value Limits#ENGINE_DEFAULT_TIMEOUT_MILLIS} ms, wftmax not enforced,
     * the largest PDU {@value Limits#ENGINE_DEFAULT_MAX_PDU_SIZE} bytes, a receive queue of
     * {@value Limits#ENGINE_DEFAULT_RECEIVE_BUFFER} bytes.
     */
    public static final EngineOptions DEFAULTS = builder().build();

    private final Duration nBs;
    private final Duration nCr;
    private final boolean enforceWftmax;
    private final int maxPduSize;
    private final int receiveBufferBytes;

    private EngineOptions(Builder b) {
        nBs = b.nBs;
        nCr = b.nCr;
        enforceWftmax = b.enforceWftmax;
        maxPduSize = b.maxPduSize;
        receiveBufferBytes = b.receiveBufferBytes;
    }

    /**
     * Starts options from the kernel's behaviour ({@link #DEFAULTS}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How long a sender waits for a flow control frame (N_Bs): after the first frame, after the last consecutive
     * frame of a block, and again after each WAIT. The kernel's is fixed at 1 s ({@code ISOTP_FC_TIMEOUT} in
     * net/can/isotp.c). When it runs out the transfer ends with {@link FlowControlTimeoutException}, thrown by the
     * send under waitTxDone, else by the socket's next call.
     *
     * @return N_Bs, 1 ms to {@value Limits#ENGINE_MAX_TIMEOUT_MILLIS} ms (default 1 s)
     */
    public Duration nBs() {
        return nBs;
    }

    /**
     * How long a receiver waits for the next consecutive frame (N_Cr). The kernel's is fixed at 1 s
     * ({@code ISOTP_FC_TIMEOUT} in net/can/isotp.c). When it runs out the PDU is dropped and the socket's next call
     * throws {@link ConsecutiveFrameTimeoutException}.
     *
     * @return N_Cr, 1 ms to {@value Limits#ENGINE_MAX_TIMEOUT_MILLIS} ms (default 1 s)
     */
    public Duration nCr() {
        return nCr;
    }

    /**
     * Whether a sender gives up after more than {@code wftmax} flow-control WAIT frames in a row (with
     * {@link FlowControlTimeoutException}), where wftmax is the channel's own ({@link IsoTpConfig#flowControl()},
     * default 0: the first WAIT ends the send). The kernel accepts any number, each restarting N_Bs.
     *
     * @return true if wftmax is enforced (default false, as the kernel)
     */
    public boolean enforceWftmax() {
        return enforceWftmax;
    }

    /**
     * The largest PDU sent or received, as can-isotp's {@code max_pdu_size} module parameter (Linux 6.4+). A first
     * frame announcing more is answered with a flow control OVERFLOW and dropped; a longer send is refused
     * ({@link IsoTpSocket#maxPduSize()} reports this value).
     *
     * @return the largest PDU in bytes, {@value Limits#ENGINE_MIN_MAX_PDU_SIZE} to
     *         {@value Limits#MAX_PDU_SIZE_CEILING} (default {@value Limits#ENGINE_DEFAULT_MAX_PDU_SIZE})
     */
    public int maxPduSize() {
        return maxPduSize;
    }

    /**
     * How much memory the PDUs received and not yet taken may hold, as the kernel's socket receive buffer
     * (SO_RCVBUF): each queued PDU counts with what it really takes on the heap, its bytes and the objects that hold
     * them (56 bytes for a 1-byte PDU, 4,144 for a 4,095-byte one), where the kernel counts its socket buffers (0.75
     * to 0.95 KiB for a small PDU). As on the kernel, a PDU that completes while the queue holds this much or more is
     * dropped, and counted ({@link IsoTpSocket#receiveQueueDrops()}); one PDU always fits an empty queue, whatever its
     * size. A queue that was drained gives its memory back.
     *
     * @return the limit in bytes, {@value Limits#ENGINE_MIN_RECEIVE_BUFFER} to
     *         {@value Limits#ENGINE_MAX_RECEIVE_BUFFER} (default {@value Limits#ENGINE_DEFAULT_RECEIVE_BUFFER}, Linux's
     *         {@code net.core.rmem_default})
     */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineOptions && ((EngineOptions) o).nBs.equals(nBs) && ((EngineOptions) o).nCr.equals(nCr)
                && ((EngineOptions) o).enforceWftmax == enforceWftmax && ((EngineOptions) o).maxPduSize == maxPduSize
                && ((EngineOptions) o).receiveBufferBytes == receiveBufferBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nBs, nCr, enforceWftmax, maxPduSize, receiveBufferBytes);
    }

    @Override
    public String toString() {
        return "EngineOptions[nBs=" + nBs.toMillis() + " ms, nCr=" + nCr.toMillis() + " ms"
                + (enforceWftmax ? ", wftmax enforced" : "") + ", maxPduSize=" + maxPduSize
                + ", receiveBufferBytes=" + receiveBufferBytes + "]";
    }

    /**
     * Builds {@link EngineOptions}; each setter checks its value against the range its getter names, and throws
     * {@link IllegalArgumentException} outside it.
     */
    public static final class Builder {
        private Duration nBs = Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS);
        private Duration nCr = Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS);
        private boolean enforceWftmax;
        private int maxPduSize = Limits.ENGINE_DEFAULT_MAX_PDU_SIZE;
        private int receiveBufferBytes = Limits.ENGINE_DEFAULT_RECEIVE_BUFFER;

        private Builder() {
        }

        /**
         * Sets {@link EngineOptions#nBs()}. Precision is kept below a millisecond; the range is checked on whole
         * milliseconds.
         *
         * @param timeout N_Bs
         * @return this builder
         * @throws IllegalArgumentException outside its range
         */
        public Builder nBs(Duration timeout) {
            nBs = timeout("nBs", timeout);
            return this;
        }

        /**
         * Sets {@link EngineOptions#nCr()}, as {@link #nBs}.
         *
         * @param timeout N_Cr
         * @return this builder
         * @throws IllegalArgumentException outside its range
         */
        public Builder nCr(Duration timeout) {
            nCr = timeout("nCr", timeout);
            return this;
        }

        /**
         * Sets {@link EngineOptions#enforceWftmax()}.
         *
         * @param on true to enforce wftmax
         * @return this builder
         */
        public Builder enforceWftmax(boolean on) {
            enforceWftmax = on;
            return this;
        }

        /**
         * Sets {@link EngineOptions#maxPduSize()}.
         *
         * @param bytes the largest PDU
         * @return this builder
         * @throws IllegalArgumentException outside its range
         */
        public Builder maxPduSize(int bytes) {
            if (bytes < Limits.ENGINE_MIN_MAX_PDU_SIZE || bytes > Limits.MAX_PDU_SIZE_CEILING) {
                throw new IllegalArgumentException("maxPduSize " + bytes + " is out of range: use "
                        + Limits.ENGINE_MIN_MAX_PDU_SIZE + "-" + Limits.MAX_PDU_SIZE_CEILING + " bytes (as can-isotp's max_pdu_size)");
            }
            maxPduSize = bytes;
            return this;
        }

        /**
         * Sets {@link EngineOptions#receiveBufferBytes()}: raise it for a reader that falls behind bursts of many PDUs,
         * as {@code SO_RCVBUF} (or {@code net.core.rmem_default}) does on the kernel.
         *
         * @param bytes the limit
         * @return this builder
         * @throws IllegalArgumentException outside its range
         */
        public Builder receiveBufferBytes(int bytes) {
            if (bytes < Limits.ENGINE_MIN_RECEIVE_BUFFER || bytes > Limits.ENGINE_MAX_RECEIVE_BUFFER) {
                throw new IllegalArgumentException("receiveBufferBytes " + bytes + " is out of range: use "
                        + Limits.ENGINE_MIN_RECEIVE_BUFFER + "-" + Limits.ENGINE_MAX_RECEIVE_BUFFER
                        + " bytes (the kernel's default socket receive buffer is " + Limits.ENGINE_DEFAULT_RECEIVE_BUFFER + ")");
            }
            receiveBufferBytes = bytes;
            return this;
        }

        private static Duration timeout(String name, Duration timeout) {
            long millis = timeout.toMillis();
            if (timeout.isNegative() || millis < 1 || millis > Limits.ENGINE_MAX_TIMEOUT_MILLIS) {
                throw new IllegalArgumentException(name + " " + timeout + " is out of range: use 1-"
                        + Limits.ENGINE_MAX_TIMEOUT_MILLIS + " ms (the kernel's is " + Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS + " ms)");
            }
            return timeout;
        }

        /**
         * Builds the options; every value was checked when it was set.
         *
         * @return the options, for {@link Backend#with}
         */
        public EngineOptions build() {
            return new EngineOptions(this);
        }
    }
}
