package dev.isotp.samples.declared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.SocketClosedException;
import dev.isotp.UdsTimeoutException;
import dev.isotp.UdsTiming;
import dev.isotp.testkit.VirtualCanBus;
import dev.isotp.testkit.VirtualCanBusExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a generated method throws by its throws clause, on the test kit's virtual bus: an IO failure it does not
 * declare as {@link UncheckedIOException} with the failure as cause, one it declares as itself.
 */
@ExtendWith(VirtualCanBusExtension.class)
class DeclaredExceptionsTest {
    private static final Duration WAIT = Duration.ofMillis(100);
    private static final byte[] REQUEST = {0x31, 0x01, (byte) 0xFF, 0x00};

    /** The ECU's end: receives the requests and answers none. */
    private static IsoTpSocket silentEcu(VirtualCanBus bus) throws IOException {
        return IsoTpSocket.open(IsoTpConfig.builder().iface("vcan0").rxid(0x7E0).txid(0x7E8)
                .backend(bus.backend()).build());
    }

    @Test
    void aTimeoutIsUncheckedWhereUndeclaredAndItselfWhereDeclared(VirtualCanBus bus) throws Exception {
        try (IsoTpSocket ecu = silentEcu(bus); Declaring channel = new IsoTp_Declaring()) {
            UncheckedIOException undeclared = assertThrows(UncheckedIOException.class,
                    () -> channel.request(REQUEST, WAIT));
            SocketTimeoutException cause = assertInstanceOf(SocketTimeoutException.class, undeclared.getCause());
            assertEquals(cause.toString(), undeclared.getMessage());
            ecu.receive(Duration.ofSeconds(10));

            SocketTimeoutException declared = assertThrows(SocketTimeoutException.class, () -> channel.ask(REQUEST, WAIT));
            assertEquals(cause.getMessage(), declared.getMessage());
            ecu.receive(Duration.ofSeconds(10));

            assertThrows(SocketTimeoutException.class, () -> channel.receive(WAIT));
            assertEquals(Optional.empty(), channel.poll(WAIT), "a receive that may come back empty does not throw");
        }
    }

    @Test
    void anUndeclaredFailureIsUncheckedWhereOnlyATimeoutIsDeclared(VirtualCanBus bus) throws Exception {
        Declaring channel = new IsoTp_Declaring();
        channel.close();
        for (Runnable call : new Runnable[] {
                () -> channel.request(REQUEST, WAIT), () -> channel.poll(WAIT), () -> channel.send(REQUEST),
                () -> {
                    try {
                        channel.ask(REQUEST, WAIT);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a closed channel does not time out", e);
                    }
                }}) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, call::run);
            assertInstanceOf(SocketClosedException.class, e.getCause());
        }
    }

    @Test
    void aUdsRequestWithItsOwnTimingTimesOutByItsThrowsClause(VirtualCanBus bus) throws Exception {
        UdsTiming timing = UdsTiming.of(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(1));
        try (IsoTpSocket ecu = silentEcu(bus); UdsDeclaring channel = new IsoTp_UdsDeclaring()) {
            UncheckedIOException undeclared = assertThrows(UncheckedIOException.class,
                    () -> channel.erase(REQUEST, timing));
            assertInstanceOf(UdsTimeoutException.class, undeclared.getCause());
            ecu.receive(Duration.ofSeconds(10));

            assertThrows(UdsTimeoutException.class, () -> channel.eraseOrTimeout(REQUEST, timing));
            ecu.receive(Duration.ofSeconds(10));
        }
    }
}
