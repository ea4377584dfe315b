/**
 * The extension point under the user-space ISO-TP engine: a {@link dev.isotp.spi.FrameBus} of CAN interfaces, each
 * attached to as a {@link dev.isotp.spi.FrameLink} that sends {@link dev.isotp.spi.CanFrame}s and hands received ones
 * to a {@link dev.isotp.spi.FrameReceiver}. The in-memory bus of {@code isotp-testkit} implements it; the runtime's
 * CAN_RAW backend does too. A channel runs over a bus with {@code Backend.engine(bus)}.
 */
package dev.isotp.spi;
