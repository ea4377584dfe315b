package dev.isotp.testkit.differential;

import dev.isotp.Backend;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameReceiver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fault scenarios: a hand-made peer (a raw node on the bus) misbehaves, and the channel under test reports what it
 * reports. Run on each carrier, the outcomes must be the same list.
 */
final class Faults {
    static final List<String> EXPECTED = List.of(
            "no flow control: FlowControlTimeoutException",
            "overflow: PeerOverflowException",
            "two WAIT frames, then clear to send: ok",
            "unknown flow status: BadMessageException",
            "flow control too short: BadMessageException",
            "wrong sequence number: SequenceNumberException",
            "cut off after one consecutive frame: ConsecutiveFrameTimeoutException",
            "bad padding: BadMessageException");

    private static final int TX = 0x7E0;
    private static final int RX = 0x7E8;

    private Faults() {
    }

    private static IsoTpConfig config(String iface, Backend backend) {
        return IsoTpConfig.builder().iface(iface).rxid(RX).txid(TX).receiveTimeoutMillis(5_000).backend(backend).build();
    }

    /** A raw node: sees every frame, sends hand-made ones. */
    private static final class Peer implements FrameReceiver, AutoCloseable {
        final LinkedBlockingQueue<CanFrame> frames = new LinkedBlockingQueue<>();
        final FrameLink link;

        Peer(FrameBus bus, String iface) throws Exception {
            link = bus.attach(iface, false, this);
        }

        @Override
        public void frame(CanFrame frame) {
            frames.add(frame);
        }

        @Override
        public void linkError(int errno) {
            // not expected on a test interface
        }

        CanFrame await(int pciType) throws InterruptedException {
            while (true) {
                CanFrame f = frames.poll(5, TimeUnit.SECONDS);
                if (f == null) {
                    throw new AssertionError("the channel sent no frame of PCI type " + pciType);
                }
                if (f.id() == TX && f.byteAt(0) >> 4 == pciType) {
                    return f;
                }
            }
        }

        void send(int... data) throws Exception {
            byte[] d = new byte[data.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) data[i];
            }
            link.send(CanFrame.classic(RX, d));
        }

        @Override
        public void close() {
            link.close();
        }
    }

    interface PeerScript {
        void run(Peer peer) throws Exception;
    }

    /** The channel sends 20 bytes; the peer answers the first frame as scripted. */
    private static String send(String name, FrameBus bus, String iface, Backend backend, PeerScript script) throws Exception {
        try (Peer peer = new Peer(bus, iface); IsoTpSocket socket = IsoTpSocket.open(config(iface, backend))) {
            Thread t = new Thread(() -> {
                try {
                    peer.await(1);
                    script.run(peer);
                } catch (Exception | AssertionError e) {
                    // the outcome at the channel says what went wrong
                }
            });
            t.setDaemon(true);
            t.start();
            String outcome;
            try {
                socket.send(new byte[20]);
                outcome = "ok";
            } catch (IOException e) {
                outcome = e.getClass().getSimpleName();
            }
            t.join(10_000);
            return name + ": " + outcome;
        }
    }

    /** The peer sends as scripted; the channel receives. */
    private static String receive(String name, FrameBus bus, String iface, IsoTpConfig config, PeerScript script) throws Exception {
        try (Peer peer = new Peer(bus, iface); IsoTpSocket socket = IsoTpSocket.open(config)) {
            script.run(peer);
            try {
                socket.receive();
                return name + ": ok";
            } catch (IOException e) {
                return name + ": " + e.getClass().getSimpleName();
            }
        }
    }

    static List<String> outcomes(Backend backend, FrameBus bus, String iface) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(send("no flow control", bus, iface, backend, peer -> { }));
        out.add(send("overflow", bus, iface, backend, peer -> peer.send(0x32, 0, 0)));
        out.add(send("two WAIT frames, then clear to send", bus, iface, backend, peer -> {
            peer.send(0x31, 0, 0);
            Thread.sleep(300);
            peer.send(0x31, 0, 0);
            Thread.sleep(300);
            peer.send(0x30, 0, 0);
        }));
        out.add(send("unknown flow status", bus, iface, backend, peer -> peer.send(0x35, 0, 0)));
        out.add(send("flow control too short", bus, iface, backend, peer -> peer.send(0x30, 0)));
        IsoTpConfig plain = config(iface, backend);
        out.add(receive("wrong sequence number", bus, iface, plain, peer -> {
            peer.send(0x10, 20, 1, 2, 3, 4, 5, 6);
            peer.await(3);
            peer.send(0x22, 7, 8, 9, 10, 11, 12, 13);
        }));
        out.add(receive("cut off after one consecutive frame", bus, iface, plain, peer -> {
            peer.send(0x10, 20, 1, 2, 3, 4, 5, 6);
            peer.await(3);
            peer.send(0x21, 7, 8, 9, 10, 11, 12, 13);
        }));
        IsoTpConfig checking = plain.toBuilder().rxPadding(0xCC).checkPaddingData(true).build();
        out.add(receive("bad padding", bus, iface, checking, peer -> peer.send(0x02, 0x3E, 0x00, 0, 0, 0, 0, 0)));
        return out;
    }
}
