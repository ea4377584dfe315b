package dev.isotp.processor.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpChannels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two generated clients on vcan0 talk to each other and to can-utils: {@link Tester} opened through
 * {@link IsoTpChannels#open}, {@link Ecu} through its (injectable) constructor.
 */
@Tag("kernel")
class GeneratedChannelsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void aRequestIsAnsweredByTheOtherClient() throws Exception {
        try (Tester tester = IsoTpChannels.open(Tester.class); Ecu ecu = new IsoTp_Ecu()) {
            CompletableFuture<byte[]> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] request = ecu.receive();
                    ecu.send(new byte[] {0x7E, 0x00});
                    return request;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertArrayEquals(new byte[] {0x7E, 0x00}, tester.testerPresent());
            assertArrayEquals(new byte[] {0x3E, 0x00}, seen.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void largePdusAndTypedPayloadsCrossBothWays() throws Exception {
        byte[] big = payload(5000, 7); // beyond 4095: the 32-bit first frame length
        try (Tester tester = IsoTpChannels.open(Tester.class, ChannelOverrides.iface("vcan0"));
                Ecu ecu = new IsoTp_Ecu(ChannelOverrides.builder().receiveBufferSize(8192).build())) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try {
                    ByteBuffer into = ByteBuffer.allocate(8192);
                    int n = ecu.receiveInto(into);
                    String question = ecu.receiveText();
                    ecu.reply(question.toUpperCase(Locale.ROOT));
                    return n;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            tester.send(big);
            assertEquals("HELLO, ECU", tester.ask("hello, ecu", WAIT));
            assertEquals(5000, received.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void anOptionalReceiveIsEmptyWhenNothingCame() {
        try (Tester tester = IsoTpChannels.open(Tester.class)) {
            assertEquals(Optional.empty(), tester.poll(Duration.ofMillis(100)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void isotpsendReachesTheEcuAndIsotprecvGetsItsAnswer() throws Exception {
        byte[] request = payload(100, 3);
        byte[] answer = payload(60, 4);
        try (Ecu ecu = new IsoTp_Ecu()) {
            // isotpsend transmits with -s and listens for flow control on -d
            Process isotpsend = new ProcessBuilder("isotpsend", "-s", "7E0", "-d", "7E8", "vcan0")
                    .redirectErrorStream(true).start();
            try (OutputStream in = isotpsend.getOutputStream()) {
                in.write((hex(request) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            assertArrayEquals(request, ecu.receive());
            assertTrue(isotpsend.waitFor(20, TimeUnit.SECONDS), "isotpsend did not end");
            assertEquals(0, isotpsend.exitValue(), output(isotpsend));

            Process isotprecv = new ProcessBuilder("stdbuf", "-oL", "isotprecv", "-s", "7E0", "-d", "7E8", "vcan0")
                    .redirectErrorStream(true).start();
            try {
                awaitIsoTpReceiver(0x7E8);
                ecu.send(answer);
                assertTrue(isotprecv.waitFor(20, TimeUnit.SECONDS), "isotprecv did not end");
                assertArrayEquals(answer, unhex(output(isotprecv)));
            } finally {
                isotprecv.destroy();
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X ", b & 0xFF));
        }
        return s.toString().trim();
    }

    private static byte[] unhex(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static String output(Process p) throws IOException {
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Waits until an ISO-TP socket on vcan0 receives {@code canId} (can-utils binds after it starts). */
    private static void awaitIsoTpReceiver(int canId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (String line : Files.readAllLines(Paths.get("/proc/net/can/rcvlist_sff"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 7 && f[0].equals("vcan0") && f[6].equals("isotp")
                        && (Long.parseLong(f[1], 16) & 0x7FF) == canId) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ISO-TP receiver of 0x" + Integer.toHexString(canId) + " on vcan0: "
                + Arrays.toString(Files.readAllLines(Paths.get("/proc/net/can/rcvlist_sff")).toArray()));
    }
}
