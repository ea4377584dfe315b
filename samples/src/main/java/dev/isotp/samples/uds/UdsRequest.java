package dev.isotp.samples.uds;

import java.util.Arrays;

/**
 * A UDS (ISO 14229) request: a service id and its parameter bytes, e.g. ReadDataByIdentifier 0x22 with the two
 * bytes of a data identifier.
 */
public record UdsRequest(int serviceId, byte[] parameters) {
    public static final int READ_DATA_BY_IDENTIFIER = 0x22;
    public static final int TESTER_PRESENT = 0x3E;
    public static final int ROUTINE_CONTROL = 0x31;

    public UdsRequest {
        if (serviceId < 0 || serviceId > 0xFF) {
            throw new IllegalArgumentException("a service id is a byte: " + serviceId);
        }
        parameters = parameters.clone();
    }

    /** ReadDataByIdentifier (0x22) of one 16-bit data identifier, e.g. 0xF190 for the VIN. */
    public static UdsRequest readDataByIdentifier(int identifier) {
        return new UdsRequest(READ_DATA_BY_IDENTIFIER, new byte[] {(byte) (identifier >> 8), (byte) identifier});
    }

    /** TesterPresent (0x3E) with sub-function 0x00: the ECU answers 0x7E 0x00. */
    public static UdsRequest testerPresent() {
        return new UdsRequest(TESTER_PRESENT, new byte[] {0x00});
    }

    /** RoutineControl (0x31) startRoutine (0x01) of one 16-bit routine identifier, e.g. 0xFF00 for eraseMemory. */
    public static UdsRequest startRoutine(int routine) {
        return new UdsRequest(ROUTINE_CONTROL, new byte[] {0x01, (byte) (routine >> 8), (byte) routine});
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    /** The bytes of the PDU: service id, then parameters. */
    public byte[] toBytes() {
        byte[] bytes = new byte[1 + parameters.length];
        bytes[0] = (byte) serviceId;
        System.arraycopy(parameters, 0, bytes, 1, parameters.length);
        return bytes;
    }

    public static UdsRequest fromBytes(byte[] pdu) {
        if (pdu.length == 0) {
            throw new IllegalArgumentException("an empty PDU is no UDS request");
        }
        return new UdsRequest(pdu[0] & 0xFF, Arrays.copyOfRange(pdu, 1, pdu.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdsRequest r && r.serviceId == serviceId && Arrays.equals(r.parameters, parameters);
    }

    @Override
    public int hashCode() {
        return 31 * serviceId + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return Hex.of(toBytes());
    }
}
