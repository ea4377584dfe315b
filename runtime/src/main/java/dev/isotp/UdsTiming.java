package dev.isotp;

import dev.isotp.validation.Attribute;
import dev.isotp.validation.ConfigValidator;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The timing of one request of a {@link UdsChannel}, in place of the channel's: P2, P2* and the cap of the whole call.
 * For the request that is known to take longer than the others (an erase before flashing, a long routine), passed
 * to a request method that takes it ({@code byte[] m(byte[], UdsTiming)}, or its {@code CompletableFuture} form). The
 * transfer allowance, the pending bound and the busy repeats stay the channel's. Immutable.
 *
 * @param p2Millis P2server_max for this call, 1-65535 ms
 * @param p2StarMillis P2*server_max for this call, 1-655350 ms
 * @param timeoutMillis the cap of the whole call, pending answers and repeats included, counted from when the request
 *        first left, 0-2147483647 ms (0: without limit)
 */
public record UdsTiming(long p2Millis, long p2StarMillis, long timeoutMillis) {
    /**
     * Checks the values with the channel's rules (the words of {@code p2Millis}, {@code p2StarMillis} and {@code
     * requestTimeoutMillis}).
     *
     * @param p2Millis P2server_max for this call, 1-65535 ms
     * @param p2StarMillis P2*server_max for this call, 1-655350 ms
     * @param timeoutMillis the cap of the whole call, 0-2147483647 ms (0: without limit)
     * @throws InvalidConfigurationException listing every value out of range
     */
    public UdsTiming {
        Map<Attribute, Long> settings = new EnumMap<>(Attribute.class);
        settings.put(Attribute.P2_MILLIS, p2Millis);
        settings.put(Attribute.P2_STAR_MILLIS, p2StarMillis);
        InvalidConfigurationException.throwIfAny(new ConfigValidator().uds(true, settings).request(timeoutMillis));
    }

    /**
     * P2, P2* and the cap as Durations, in whole milliseconds.
     *
     * @param p2 P2server_max for this call, 1-65535 ms
     * @param p2Star P2*server_max for this call, 1-655350 ms
     * @param timeout the cap of the whole call; {@link Duration#ZERO} = without limit
     * @return the timing
     * @throws InvalidConfigurationException listing every value out of range
     * @throws ArithmeticException if a Duration is too long to be counted in milliseconds as a {@code long}
     */
    public static UdsTiming of(Duration p2, Duration p2Star, Duration timeout) {
        return new UdsTiming(Objects.requireNonNull(p2, "p2").toMillis(),
                Objects.requireNonNull(p2Star, "p2Star").toMillis(), Objects.requireNonNull(timeout, "timeout").toMillis());
    }
}
