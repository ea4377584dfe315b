package dev.isotp.testkit;

import java.util.Objects;

/**
 * An error a {@link VirtualCanBus} recorded: an exception met on a thread of the bus, the engine or the test kit
 * (a delivery, a timer task, a {@link SimulatedEcu}'s answer function), that no call was waiting to receive.
 */
public final class BusError {
    private final String where;
    private final Throwable error;

    BusError(String where, Throwable error) {
        this.where = Objects.requireNonNull(where, "where");
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * What was running.
     *
     * @return e.g. {@code "answer function of SimulatedEcu[vcan0 0x7E0->0x7E8] for 22F190"}
     */
    public String where() {
        return where;
    }

    /**
     * What it threw.
     *
     * @return the exception or error, with its stack trace
     */
    public Throwable error() {
        return error;
    }

    /** {@code where: error}. */
    @Override
    public String toString() {
        return where + ": " + error;
    }
}
