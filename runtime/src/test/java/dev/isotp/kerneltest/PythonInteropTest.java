package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * Interoperability with Python's standard library socket module (AF_CAN, SOCK_DGRAM, CAN_ISOTP, the kernel's default
 * options), another peer written by others, in both directions.
 */
@Tag("kernel")
class PythonInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Binds (iface, rx id, tx id), says READY, prints the one PDU it receives as "PDU <hex>". */
    private static final String RECEIVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "s.bind((sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)))",
            "print('READY', flush=True)",
            "print('PDU', s.recv(70000).hex(), flush=True)");

    /** Binds (iface, rx id, tx id), sends the PDU given in hex, closes (which waits for the transfer's end). */
    private static final String SENDER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)",
            "s.bind((sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)))",
            "s.send(bytes.fromhex(sys.argv[4]))",
            "s.close()",
            "print('SENT', flush=True)");

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 62, 4095})
    void pythonReceivesWhatJavaSends(int size) throws Exception {
        byte[] pdu = Kernel.payload(size, 21);
        try (IsoTpSocket java = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x761).txid(0x760).build());
                Kernel.Child python = Kernel.Child.start(Kernel.PYTHON, "-c", RECEIVER, Kernel.VCAN, "760", "761")) {
            python.awaitLine("READY"::equals, Kernel.PATIENCE_MILLIS, "READY");
            java.send(pdu);
            String line = python.awaitLine(l -> l.startsWith("PDU "), Kernel.PATIENCE_MILLIS, "PDU");
            assertArrayEquals(pdu, Kernel.unhex(line.substring(4)));
            assertEquals(0, python.waitFor(Kernel.PATIENCE_MILLIS), python.output());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 62, 4095})
    void javaReceivesWhatPythonSends(int size) throws Exception {
        byte[] pdu = Kernel.payload(size, 22);
        try (IsoTpSocket java = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x762).txid(0x763).build());
                Kernel.Child python = Kernel.Child.start(Kernel.PYTHON, "-c", SENDER, Kernel.VCAN, "763", "762",
                        Kernel.hex(pdu).replace(" ", ""))) {
            assertArrayEquals(pdu, java.receive(WAIT));
            assertEquals(0, python.waitFor(Kernel.PATIENCE_MILLIS), python.output());
        }
    }
}
