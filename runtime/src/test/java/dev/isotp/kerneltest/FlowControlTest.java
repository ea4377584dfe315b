package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.FlowControlOptions;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The flow control a receiver asks for is honoured by the sending kernel: STmin spaces the consecutive frames (a
 * lower bound only; emulation makes upper bounds meaningless), the block size makes the receiver send a flow control
 * every BS frames. The frames are watched from a CAN_RAW peer (candump).
 */
@Tag("kernel")
class FlowControlTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void stmin20MillisecondsSpacesConsecutiveFramesAtLeast20MillisecondsApart() throws Exception {
        int cfs = 11;
        byte[] pdu = Kernel.payload(6 + 7 * cfs, 1); // a first frame with 6 bytes, then 11 full consecutive frames
        try (IsoTpSocket a = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x721).txid(0x720).build());
                IsoTpSocket b = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x720).txid(0x721)
                        .stmin(20).build());
                CanSniffer sniffer = CanSniffer.start(Kernel.VCAN)) {
            long start = System.nanoTime();
            a.send(pdu); // waitTxDone: returns once the last consecutive frame has left
            long sendMillis = Kernel.millisSince(start);
            assertArrayEquals(pdu, b.receive(WAIT));

            List<CanSniffer.Frame> frames = sniffer.awaitFrames(0x720, 1 + cfs);
            List<CanSniffer.Frame> fc = sniffer.frames(0x721);
            assertEquals(0x30, fc.get(0).u8(0), "flow control 'continue to send' " + fc);
            assertEquals(20, fc.get(0).u8(2), "the flow control carries STmin 20 " + fc);
            double span = frames.get(cfs).seconds - frames.get(1).seconds;
            StringBuilder gaps = new StringBuilder();
            for (int i = 2; i <= cfs; i++) {
                gaps.append(String.format(" %.1f", (frames.get(i).seconds - frames.get(i - 1).seconds) * 1000));
            }
            System.out.printf("stmin 20 ms, %d consecutive frames: send took %d ms, first to last frame %.1f ms, gaps (ms):%s%n",
                    cfs, sendMillis, span * 1000, gaps);
            long lowerBound = (cfs - 1) * 20L;
            assertTrue(sendMillis >= lowerBound, "send took " + sendMillis + " ms, less than " + lowerBound + " ms");
            assertTrue(span * 1000 >= lowerBound, "first to last consecutive frame " + span * 1000 + " ms < " + lowerBound);
        }
    }

    @Test
    void blockSize5MakesTheReceiverSendAFlowControlEvery5ConsecutiveFrames() throws Exception {
        int cfs = 20;
        byte[] pdu = Kernel.payload(6 + 7 * cfs, 2);
        try (IsoTpSocket a = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x723).txid(0x722)
                        .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).build());
                IsoTpSocket b = IsoTpSocket.open(IsoTpConfig.builder().iface(Kernel.VCAN).rxid(0x722).txid(0x723)
                        .bs(5).build());
                CanSniffer sniffer = CanSniffer.start(Kernel.VCAN)) {
            a.send(pdu);
            assertArrayEquals(pdu, b.receive(WAIT));
            sniffer.awaitFrames(0x722, 1 + cfs);

            StringBuilder kinds = new StringBuilder();
            for (CanSniffer.Frame f : sniffer.frames()) {
                if (f.id == 0x722 || f.id == 0x723) {
                    kinds.append(kind(f));
                    if (f.id == 0x723) {
                        assertEquals(List.of(0x30, 5, 0), List.of(f.u8(0), f.u8(1), f.u8(2)), "flow control " + f);
                    }
                }
            }
            assertEquals("F" + "W" + "CCCCC" + "W" + "CCCCC" + "W" + "CCCCC" + "W" + "CCCCC", kinds.toString(),
                    "frames in order: F first frame, W flow control, C consecutive frame");
        }
    }

    /** The example python-can-isotp's documentation starts with, as this project's seed: swapped ids 0x123/0x456. */
    @Test
    void seedExampleLongPayloadInSmallChunksArrivesIntact() throws Exception {
        byte[] message = "Hello, this is a long payload sent in small chunks of 8 bytes.".getBytes(StandardCharsets.US_ASCII);
        FlowControlOptions fc = FlowControlOptions.builder().stmin(5).bs(10).build();
        try (IsoTpSocket s1 = IsoTpSocket.open(); IsoTpSocket s2 = IsoTpSocket.open();
                CanSniffer sniffer = CanSniffer.start(Kernel.VCAN)) {
            s1.setFlowControlOptions(fc);
            s2.setFlowControlOptions(fc);
            s1.bind(Kernel.VCAN, Address.builder(AddressingMode.NORMAL_11).rxid(0x123).txid(0x456).build());
            s2.bind(Kernel.VCAN, Address.builder(AddressingMode.NORMAL_11).rxid(0x456).txid(0x123).build());

            s2.send(message);
            assertArrayEquals(message, s1.receive(WAIT));
            assertEquals("Hello, this is a long payload sent in small chunks of 8 bytes.",
                    new String(message, StandardCharsets.US_ASCII));

            List<CanSniffer.Frame> data = sniffer.awaitFrames(0x123, 1 + 8); // 62 bytes: first frame + 8 consecutive
            CanSniffer.Frame flowControl = sniffer.frames(0x456).get(0);
            assertEquals(List.of(0x30, 10, 5), List.of(flowControl.u8(0), flowControl.u8(1), flowControl.u8(2)),
                    "flow control: continue, bs 10, stmin 5 ms; " + flowControl);
            assertEquals(0x10, data.get(0).u8(0), "first frame with length 62: " + data.get(0));
            assertEquals(62, data.get(0).u8(1));
        }
    }

    private static char kind(CanSniffer.Frame f) {
        switch (f.u8(0) >> 4) {
            case 0:
                return 'S';
            case 1:
                return 'F';
            case 2:
                return 'C';
            case 3:
                return 'W';
            default:
                return '?';
        }
    }
}
