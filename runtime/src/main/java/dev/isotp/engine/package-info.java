/**
 * The user-space ISO 15765-2 engine: {@code net/can/isotp.c}'s protocol in Java, run as a
 * {@link dev.isotp.internal.carrier.PduCarrier} over any {@link dev.isotp.spi.FrameBus}. Internal: not an API.
 */
package dev.isotp.engine;
