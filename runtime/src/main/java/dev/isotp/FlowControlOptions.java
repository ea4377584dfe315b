package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.validation.ConfigValidator;

/**
 * The flow control this side sends while it receives: block size and STmin, and WFTmax (the kernel's
 * {@code can_isotp_fc_options}). Linux stores WFTmax without enforcing it: see {@link #wftmax()}.
 *
 * <pre>{@code FlowControlOptions.builder().stmin(5).bs(10).build();}</pre>
 */
public final class FlowControlOptions {
    /** The kernel's defaults: bs 0, stmin 0, wftmax 0. */
    public static final FlowControlOptions DEFAULT = builder().build();

    private final int bs;
    private final int stmin;
    private final int wftmax;

    private FlowControlOptions(int bs, int stmin, int wftmax) {
        this.bs = bs;
        this.stmin = stmin;
        this.wftmax = wftmax;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** BS: consecutive frames the peer may send before it waits for the next flow control; 0 = no further flow control. */
    public int bs() {
        return bs;
    }

    /** STmin as the flow-control byte: 0x00-0x7F ms, 0xF1-0xF9 100-900 µs. */
    public int stmin() {
        return stmin;
    }

    /**
     * WFTmax, as handed to the kernel and read back. In ISO 15765-2 it limits the WAIT flow controls in a row; Linux
     * stores it and does not enforce it: it never sends WAIT, and as a sender it accepts any number of WAIT frames
     * from the peer, each restarting its 1 s wait for the next flow control, so a peer that keeps sending WAIT holds
     * {@code send} (and {@code close()} does not end it).
     */
    public int wftmax() {
        return wftmax;
    }

    public Builder toBuilder() {
        return builder().bs(bs).stmin(stmin).wftmax(wftmax);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowControlOptions && ((FlowControlOptions) o).bs == bs
                && ((FlowControlOptions) o).stmin == stmin && ((FlowControlOptions) o).wftmax == wftmax;
    }

    @Override
    public int hashCode() {
        return (bs * 31 + stmin) * 31 + wftmax;
    }

    @Override
    public String toString() {
        return "FlowControlOptions[bs=" + bs + ", stmin=" + Hex.of(stmin) + ", wftmax=" + wftmax + "]";
    }

    /** Builds {@link FlowControlOptions} by name; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private int bs;
        private int stmin;
        private int wftmax;

        private Builder() {
        }

        /** BS, 0-255 (0 = the peer sends all consecutive frames without waiting). */
        public Builder bs(int bs) {
            this.bs = bs;
            return this;
        }

        /** STmin byte: 0x00-0x7F for 0-127 ms, 0xF1-0xF9 for 100-900 µs. */
        public Builder stmin(int stmin) {
            this.stmin = stmin;
            return this;
        }

        /** WFTmax, 0-255; stored by Linux, not enforced (see {@link FlowControlOptions#wftmax()}). */
        public Builder wftmax(int wftmax) {
            this.wftmax = wftmax;
            return this;
        }

        public FlowControlOptions build() {
            new ConfigValidator().flowControl(bs, stmin, wftmax).throwIfInvalid();
            return new FlowControlOptions(bs, stmin, wftmax);
        }

        /** Builds without checking: for values read back from the kernel, which may hold anything. */
        FlowControlOptions buildAsIs() {
            return new FlowControlOptions(bs, stmin, wftmax);
        }
    }
}
