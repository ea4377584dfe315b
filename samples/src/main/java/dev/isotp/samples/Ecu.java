package dev.isotp.samples;

import dev.isotp.samples.uds.UdsRequest;
import dev.isotp.samples.uds.UdsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A simulated ECU behind an {@link EcuSimulator} channel. It answers ReadDataByIdentifier (0x22) for the identifiers
 * in {@link #IDENTIFIERS}, with a negative response 0x7F 0x22 0x31 (requestOutOfRange) for any other, TesterPresent
 * (0x3E), RoutineControl startRoutine of {@link #ERASE_MEMORY} (two "response pending" answers {@link
 * #PENDING_INTERVAL} apart before the final one, as a long routine does), and 0x7F sid 0x11 (serviceNotSupported) for
 * every other service.
 */
public final class Ecu {
    /** F190: the vehicle identification number, 17 ASCII characters. */
    public static final int VIN = 0xF190;
    /** F18C: the ECU serial number. */
    public static final int SERIAL_NUMBER = 0xF18C;
    /** FD00: a 3 KiB memory block, many consecutive frames long. */
    public static final int MEMORY_BLOCK = 0xFD00;
    /** FD01: the CRC-32 of {@link #MEMORY_BLOCK}, 4 bytes big-endian. */
    public static final int MEMORY_BLOCK_CRC = 0xFD01;
    /** FF00: eraseMemory, a routine that takes a while: answered after two "response pending" answers. */
    public static final int ERASE_MEMORY = 0xFF00;
    /** How many "response pending" answers come before the routine's final answer. */
    public static final int PENDING_ANSWERS = 2;
    /** The time between them: longer than P2 (the first answer's limit), well inside P2*. */
    public static final Duration PENDING_INTERVAL = Duration.ofMillis(300);
    public static final String VIN_VALUE = "1HGCM82633A004352";
    public static final int MEMORY_BLOCK_SIZE = 3072;

    /** The data identifiers this ECU has, and their values. */
    public static final Map<Integer, byte[]> IDENTIFIERS;

    static {
        Map<Integer, byte[]> ids = new TreeMap<>();
        ids.put(VIN, VIN_VALUE.getBytes(StandardCharsets.US_ASCII));
        ids.put(SERIAL_NUMBER, "ISOTP-SIM-0001".getBytes(StandardCharsets.US_ASCII));
        byte[] block = memoryBlock();
        ids.put(MEMORY_BLOCK, block);
        CRC32 crc = new CRC32();
        crc.update(block);
        long value = crc.getValue();
        ids.put(MEMORY_BLOCK_CRC, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
        IDENTIFIERS = java.util.Collections.unmodifiableMap(ids);
    }

    private static byte[] memoryBlock() {
        byte[] block = new byte[MEMORY_BLOCK_SIZE];
        long x = 0x2545F4914F6CDD1DL; // xorshift: the same bytes on every run
        for (int i = 0; i < block.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            block[i] = (byte) x;
        }
        return block;
    }

    private final EcuSimulator channel;
    private volatile boolean running = true;

    public Ecu(EcuSimulator channel) {
        this.channel = channel;
    }

    /** The response this ECU gives to {@code request}; empty where none is due (TesterPresent 0x3E 0x80). */
    public static Optional<UdsResponse> answer(UdsRequest request) {
        byte[] p = request.parameters();
        switch (request.serviceId()) {
            case UdsRequest.READ_DATA_BY_IDENTIFIER: {
                if (p.length != 2) {
                    return Optional.of(UdsResponse.negative(request.serviceId(), UdsResponse.INCORRECT_MESSAGE_LENGTH));
                }
                int id = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
                byte[] value = IDENTIFIERS.get(id);
                if (value == null) {
                    return Optional.of(UdsResponse.negative(request.serviceId(), UdsResponse.REQUEST_OUT_OF_RANGE));
                }
                byte[] data = new byte[2 + value.length];
                data[0] = p[0];
                data[1] = p[1];
                System.arraycopy(value, 0, data, 2, value.length);
                return Optional.of(UdsResponse.positive(request.serviceId(), data));
            }
            case UdsRequest.ROUTINE_CONTROL:
                if (p.length != 3 || p[0] != 0x01 || ((p[1] & 0xFF) << 8 | (p[2] & 0xFF)) != ERASE_MEMORY) {
                    return Optional.of(UdsResponse.negative(request.serviceId(), UdsResponse.REQUEST_OUT_OF_RANGE));
                }
                return Optional.of(UdsResponse.positive(request.serviceId(), new byte[] {p[0], p[1], p[2], 0x00}));
            case UdsRequest.TESTER_PRESENT:
                if (p.length != 1) {
                    return Optional.of(UdsResponse.negative(request.serviceId(), UdsResponse.INCORRECT_MESSAGE_LENGTH));
                }
                if ((p[0] & 0x80) != 0) {
                    return Optional.empty(); // suppressPosRspMsgIndicationBit
                }
                return Optional.of(UdsResponse.positive(request.serviceId(), new byte[] {p[0]}));
            default:
                return Optional.of(UdsResponse.negative(request.serviceId(), UdsResponse.SERVICE_NOT_SUPPORTED));
        }
    }

    /**
     * Answers requests until {@link #stop()} or until {@code count} requests were answered (0 = no limit). Each
     * request and response is passed to {@code log}.
     */
    public int serve(int count, Consumer<String> log) throws IOException {
        int served = 0;
        while (running && (count == 0 || served < count)) {
            Optional<UdsRequest> request = channel.poll(Duration.ofMillis(200));
            if (request.isEmpty()) {
                continue;
            }
            Optional<UdsResponse> response = answer(request.get());
            if (response.isPresent() && request.get().serviceId() == UdsRequest.ROUTINE_CONTROL
                    && response.get().isPositiveFor(UdsRequest.ROUTINE_CONTROL)) {
                for (int i = 0; i < PENDING_ANSWERS; i++) {
                    channel.reply(UdsResponse.negative(UdsRequest.ROUTINE_CONTROL, UdsResponse.RESPONSE_PENDING));
                    log.accept("ECU    got " + dev.isotp.samples.uds.Hex.of(request.get().toBytes(), 8)
                            + ", answered 7F 31 78 (response pending)");
                    pause(PENDING_INTERVAL);
                }
            }
            if (response.isPresent()) {
                channel.reply(response.get());
            }
            served++;
            log.accept("ECU    got " + dev.isotp.samples.uds.Hex.of(request.get().toBytes(), 8) + ", answered "
                    + response.map(r -> dev.isotp.samples.uds.Hex.of(r.toBytes(), 8)).orElse("nothing (suppressed)"));
        }
        return served;
    }

    private static void pause(Duration time) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stopped during a routine");
        }
    }

    public void stop() {
        running = false;
    }
}
