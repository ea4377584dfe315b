package dev.isotp.samples;

import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;

/** What a tester does with its {@link DiagnosticTester} channel, timed. Injected by {@code DiagnosticsComponent}. */
public final class DiagnosticSession implements AutoCloseable {
    /** How long the tester waits for any response (UDS P2*-like). */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    /** A response and how long the request took from send to the last byte of the answer. */
    public record Timed(UdsResponse response, long nanos) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    private final DiagnosticTester tester;

    @Inject
    public DiagnosticSession(DiagnosticTester tester) {
        this.tester = tester;
    }

    public Timed request(UdsRequest request) throws IOException {
        long start = System.nanoTime();
        UdsResponse response = tester.request(request, RESPONSE_TIMEOUT);
        return new Timed(response, System.nanoTime() - start);
    }

    public Timed readDataByIdentifier(int identifier) throws IOException {
        return request(UdsRequest.readDataByIdentifier(identifier));
    }

    public DiagnosticTester channel() {
        return tester;
    }

    @Override
    public void close() {
        tester.close();
    }
}
