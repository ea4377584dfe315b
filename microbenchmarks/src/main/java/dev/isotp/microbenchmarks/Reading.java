package dev.isotp.microbenchmarks;

/** A UDS ReadDataByIdentifier answer, the payload type of the codec benchmarks: an identifier and its data. */
public record Reading(int identifier, byte[] data) {
}
