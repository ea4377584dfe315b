package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;

/**
 * The flow control this side sends while it receives: block size, STmin and the number of wait frames it accepts
 * (the kernel's {@code can_isotp_fc_options}, {@code include/uapi/linux/can/isotp.h}). BS and STmin go into every FC
 * frame the socket sends (ISO 15765-2); wftmax is stored by the kernel and not used.
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

    /** The attributes these options are a view of: the channel's attributes of {@code can_isotp_fc_options}. */
    static final java.util.Set<Attribute> ATTRIBUTES = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(Attribute.BS, Attribute.STMIN, Attribute.WFTMAX));

    /** The flow control that {@code values} hold, as they are (judged by the caller). */
    static FlowControlOptions of(java.util.function.Function<Attribute, Object> values) {
        return new FlowControlOptions(((Long) values.apply(Attribute.BS)).intValue(),
                ((Long) values.apply(Attribute.STMIN)).intValue(), ((Long) values.apply(Attribute.WFTMAX)).intValue());
    }

    /** {@return the value of {@code attribute}, one of {@link #ATTRIBUTES}} */
    Object get(Attribute attribute) {
        return (long) (attribute == Attribute.BS ? bs : attribute == Attribute.STMIN ? stmin : wftmax);
    }

    /** {@return a builder at the kernel's defaults: bs 0, stmin 0, wftmax 0} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return BS, 0-255: consecutive frames the peer may send before it waits for the next flow control} 0 = no
     * further flow control. Read back from a kernel, the byte it holds.
     */
    public int bs() {
        return bs;
    }

    /**
     * {@return STmin as the flow-control byte: 0x00-0x7F for 0-127 ms, 0xF1-0xF9 for 100-900 µs} Read back from a
     * kernel, the byte it holds, which may be a reserved one.
     */
    public int stmin() {
        return stmin;
    }

    /**
     * {@return WFTmax, 0-255} Stored by the kernel and not used: Linux sends no WAIT flow control and, as a sender,
     * accepts any number of them, each restarting its 1 s wait for the next flow control, so a peer that keeps
     * sending WAIT holds {@code send} (and {@code close()} does not end it).
     */
    public int wftmax() {
        return wftmax;
    }

    /** {@return a builder holding these options} */
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

        /**
         * BS, sent in our flow control. See {@link IsoTpChannel#bs()}.
         *
         * @param bs consecutive frames per block
         * @return this builder
         */
        public Builder bs(int bs) {
            this.bs = bs;
            return this;
        }

        /**
         * STmin, sent in our flow control. See {@link IsoTpChannel#stmin()}.
         *
         * @param stmin the FC byte
         * @return this builder
         */
        public Builder stmin(int stmin) {
            this.stmin = stmin;
            return this;
        }

        /**
         * WFTmax, stored by the kernel and not used. See {@link IsoTpChannel#wftmax()}.
         *
         * @param wftmax the count
         * @return this builder
         */
        public Builder wftmax(int wftmax) {
            this.wftmax = wftmax;
            return this;
        }

        /**
         * The options, checked.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every value that breaks its element's rules
         */
        public FlowControlOptions build() {
            InvalidConfigurationException.throwIfAny(new ConfigValidator().flowControl(bs, stmin, wftmax));
            return new FlowControlOptions(bs, stmin, wftmax);
        }

        /** Builds without checking: for values read back from the kernel, which may hold anything. */
        FlowControlOptions buildAsIs() {
            return new FlowControlOptions(bs, stmin, wftmax);
        }
    }
}
