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
    /** The kernel's behaviour. */
    public static final EngineOptions DEFAULTS = builder().build();

    private final Duration nBs;
    private final Duration nCr;
    private final boolean enforceWftmax;
    private final int maxPduSize;

    private EngineOptions(Builder b) {
        nBs = b.nBs;
        nCr = b.nCr;
        enforceWftmax = b.enforceWftmax;
        maxPduSize = b.maxPduSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long a sender waits for a flow control (N_Bs); the kernel's is fixed at 1 s. */
    public Duration nBs() {
        return nBs;
    }

    /** How long a receiver waits for the next consecutive frame (N_Cr); the kernel's is fixed at 1 s. */
    public Duration nCr() {
        return nCr;
    }

    /**
     * True if a sender gives up after more than {@code wftmax} flow-control WAIT frames in a row (with
     * {@link FlowControlTimeoutException}); the kernel accepts any number, each restarting N_Bs.
     */
    public boolean enforceWftmax() {
        return enforceWftmax;
    }

    /** The largest PDU sent or received, in bytes; a first frame announcing more is answered with OVERFLOW. */
    public int maxPduSize() {
        return maxPduSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineOptions && ((EngineOptions) o).nBs.equals(nBs) && ((EngineOptions) o).nCr.equals(nCr)
                && ((EngineOptions) o).enforceWftmax == enforceWftmax && ((EngineOptions) o).maxPduSize == maxPduSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nBs, nCr, enforceWftmax, maxPduSize);
    }

    @Override
    public String toString() {
        return "EngineOptions[nBs=" + nBs.toMillis() + " ms, nCr=" + nCr.toMillis() + " ms"
                + (enforceWftmax ? ", wftmax enforced" : "") + ", maxPduSize=" + maxPduSize + "]";
    }

    /** Builds {@link EngineOptions}; each setter checks its value. */
    public static final class Builder {
        private Duration nBs = Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS);
        private Duration nCr = Duration.ofMillis(Limits.ENGINE_DEFAULT_TIMEOUT_MILLIS);
        private boolean enforceWftmax;
        private int maxPduSize = Limits.ENGINE_DEFAULT_MAX_PDU_SIZE;

        private Builder() {
        }

        /**
         * N_Bs, 1 ms to {@value Limits#ENGINE_MAX_TIMEOUT_MILLIS} ms (default 1 s).
         *
         * @throws IllegalArgumentException outside that range
         */
        public Builder nBs(Duration timeout) {
            nBs = timeout("nBs", timeout);
            return this;
        }

        /**
         * N_Cr, 1 ms to {@value Limits#ENGINE_MAX_TIMEOUT_MILLIS} ms (default 1 s).
         *
         * @throws IllegalArgumentException outside that range
         */
        public Builder nCr(Duration timeout) {
            nCr = timeout("nCr", timeout);
            return this;
        }

        /** Give up a send after more than wftmax WAIT frames in a row (default: off, as the kernel). */
        public Builder enforceWftmax(boolean on) {
            enforceWftmax = on;
            return this;
        }

        /**
         * The largest PDU, {@value Limits#ENGINE_MIN_MAX_PDU_SIZE} to {@value Limits#MAX_PDU_SIZE_CEILING} bytes.
         *
         * @throws IllegalArgumentException outside that range
         */
        public Builder maxPduSize(int bytes) {
            if (bytes < Limits.ENGINE_MIN_MAX_PDU_SIZE || bytes > Limits.MAX_PDU_SIZE_CEILING) {
                throw new IllegalArgumentException("maxPduSize " + bytes + " is out of range: use "
                        + Limits.ENGINE_MIN_MAX_PDU_SIZE + "-" + Limits.MAX_PDU_SIZE_CEILING + " bytes (as can-isotp's max_pdu_size)");
            }
            maxPduSize = bytes;
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

        public EngineOptions build() {
            return new EngineOptions(this);
        }
    }
}
