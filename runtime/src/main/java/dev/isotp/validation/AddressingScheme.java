package dev.isotp.validation;

/**
 * What the validator needs to know of an addressing mode: which ids and address bytes it takes. The modes users
 * choose are the constants of {@link dev.isotp.AddressingMode}, which implements this; the validator depends only on
 * this, so the API depends on the validator and never the other way round.
 */
public interface AddressingScheme {
    /** {@return the mode's name as users write it, e.g. "NORMAL_11"} */
    String name();

    /** {@return true where {@code rxid} and {@code txid} are given (not derived from address bytes)} */
    boolean idsGiven();

    /** {@return true for 29-bit CAN ids (CAN_EFF_FLAG)} */
    boolean extendedIds();

    /** {@return true where {@code targetAddress} and {@code sourceAddress} are needed} */
    boolean usesTargetAndSource();

    /** {@return true where {@code addressExtension} is needed} */
    boolean usesAddressExtension();
}
