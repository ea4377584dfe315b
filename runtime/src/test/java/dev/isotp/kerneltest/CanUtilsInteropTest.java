package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.AddressingMode;
import dev.isotp.BadMessageException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with can-utils, a peer written by others: {@code isotprecv} receives what this socket sends and
 * {@code isotpsend} sends what it receives, with normal and extended addressing and with padding. (In can-utils,
 * {@code -s} is the id the tool transmits with and {@code -d} the id it receives.)
 */
@Tag("kernel")
class CanUtilsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {7, 100, 4095})
    void isotprecvReceivesWhatJavaSends(int size) throws Exception {
        byte[] pdu = Kernel.payload(size, 11);
        try (IsoTpSocket java = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x752).txid(0x753).build());
                Kernel.Child isotprecv = Kernel.Child.start("stdbuf", "-oL", "isotprecv", "-s", "752", "-d", "753", Kernel.VCAN)) {
            Kernel.awaitIsoTpReceiver(Kernel.VCAN, 0x753, false);
            java.send(pdu);
            assertEquals(0, isotprecv.waitFor(Kernel.PATIENCE_MILLIS), isotprecv.output());
            assertArrayEquals(pdu, Kernel.unhex(isotprecv.output()), "isotprecv printed " + isotprecv.output());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {7, 100, 4095})
    void javaReceivesWhatIsotpsendSends(int size) throws Exception {
        byte[] pdu = Kernel.payload(size, 12);
        try (IsoTpSocket java = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x754).txid(0x755).build());
                Kernel.Child isotpsend = Kernel.Child.startWithInput(Kernel.hex(pdu) + "\n", "isotpsend", "-s", "754", "-d", "755",
                        Kernel.VCAN)) {
            assertArrayEquals(pdu, java.receive(WAIT));
            assertEquals(0, isotpsend.waitFor(Kernel.PATIENCE_MILLIS), isotpsend.output());
        }
    }

    @Test
    void extendedAddressingInteroperatesWithIsotpsendAndIsotprecv() throws Exception {
        // Java: target 0x55 (written in front of its frames), source 0xAA (expected in front of the peer's frames)
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).mode(AddressingMode.EXTENDED_11).rxid(0x756)
                .txid(0x757).targetAddress(0x55).sourceAddress(0xAA).build();
        byte[] out = Kernel.payload(50, 13);
        byte[] in = Kernel.payload(60, 14);
        try (IsoTpSocket java = IsoTpSocket.open(config);
                Kernel.Child isotprecv = Kernel.Child.start("stdbuf", "-oL", "isotprecv", "-s", "756", "-d", "757",
                        "-x", "AA:55", Kernel.VCAN)) {
            Kernel.awaitIsoTpReceiver(Kernel.VCAN, 0x757, false);
            java.send(out);
            assertEquals(0, isotprecv.waitFor(Kernel.PATIENCE_MILLIS), isotprecv.output());
            assertArrayEquals(out, Kernel.unhex(isotprecv.output()));

            Kernel.Child isotpsend = Kernel.Child.startWithInput(Kernel.hex(in), "isotpsend", "-s", "756", "-d", "757", "-x", "AA:55",
                    Kernel.VCAN);
            assertArrayEquals(in, java.receive(WAIT));
            assertEquals(0, isotpsend.waitFor(Kernel.PATIENCE_MILLIS), isotpsend.output());
        }
    }

    @Test
    void paddedFramesInteroperateWithIsotprecvCheckingThePadding() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x758).txid(0x759).txPadding(0xAA)
                .rxPadding(0xAA).build();
        byte[] pdu = Kernel.payload(18, 15); // first frame (6 bytes), consecutive frames of 7 and 5 bytes + 2 padding
        try (IsoTpSocket java = IsoTpSocket.open(config);
                CanSniffer sniffer = CanSniffer.start(Kernel.VCAN);
                Kernel.Child isotprecv = Kernel.Child.start("stdbuf", "-oL", "isotprecv", "-s", "758", "-d", "759",
                        "-p", "AA:AA", "-P", "a", Kernel.VCAN)) {
            Kernel.awaitIsoTpReceiver(Kernel.VCAN, 0x759, false);
            java.send(pdu);
            assertEquals(0, isotprecv.waitFor(Kernel.PATIENCE_MILLIS), isotprecv.output());
            assertArrayEquals(pdu, Kernel.unhex(isotprecv.output()));
            List<CanSniffer.Frame> frames = sniffer.awaitFrames(0x759, 3);
            CanSniffer.Frame last = frames.get(2);
            assertEquals(8, last.data.length, "the last consecutive frame is padded to 8 bytes: " + last);
            assertEquals(0xAA, last.u8(7), "with 0xAA: " + last);
        }
    }

    @Test
    void paddingFromIsotpsendPassesTheChecksAndWrongPaddingIsABadMessage() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x75A).txid(0x75B).rxPadding(0x55)
                .checkPaddingLength(true).checkPaddingData(true).build();
        try (IsoTpSocket java = IsoTpSocket.open(config)) {
            byte[] good = Kernel.payload(20, 16);
            Kernel.Child padded = Kernel.Child.startWithInput(Kernel.hex(good), "isotpsend", "-s", "75A", "-d", "75B", "-p", "55:55",
                    Kernel.VCAN);
            assertArrayEquals(good, java.receive(WAIT));
            assertEquals(0, padded.waitFor(Kernel.PATIENCE_MILLIS), padded.output());

            Kernel.Child wrong = Kernel.Child.startWithInput("01 02 03", "isotpsend", "-s", "75A", "-d", "75B", "-p", "66:66",
                    Kernel.VCAN);
            BadMessageException e = assertThrows(BadMessageException.class, () -> java.receive(WAIT));
            assertEquals(74, e.errno(), "EBADMSG");
            assertTrue(e.getMessage().contains("padding"), e.getMessage());
            wrong.waitFor(Kernel.PATIENCE_MILLIS);
        }
    }
}
