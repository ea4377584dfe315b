package dev.isotp.benchmarks;

import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.IsotpCanChannel;
import tel.schich.javacan.IsotpCanSocketOptions;
import tel.schich.javacan.IsotpFlowControlOptions;
import tel.schich.javacan.IsotpOptions;
import tel.schich.javacan.IsotpSocketAddress;
import tel.schich.javacan.NetworkDevice;

/**
 * The Java peers. All of them use the same options as the C and Python peers: bs 0, stmin 0, frame_txtime zero
 * (0xFFFFFFFF), WAIT_TX_DONE, no padding, a 2 s receive timeout.
 */
final class JavaPeers {
    static final String SOCKET_BYTES = "IsoTpSocket byte[]";
    static final String SOCKET_BUFFER = "IsoTpSocket ByteBuffer";
    static final String GENERATED = "generated client";
    static final String JAVACAN = "JavaCAN";
    /** IsoTpSocket ByteBuffer with the wait of before: EAGAIN, epoll_wait, recvmsg (dev.isotp.receive.epoll). */
    static final String SOCKET_BUFFER_EPOLL = "IsoTpSocket ByteBuffer (epoll wait)";

    private JavaPeers() {
    }

    static List<JavaPeer> all() {
        return List.of(socketBytes(), socketBuffer(), generated(), javaCan());
    }

    /** Peers that run only when named (--peers): the levers' comparisons. */
    static List<JavaPeer> comparisons() {
        return List.of(socketBufferEpollWait());
    }

    static JavaPeer named(String name) {
        return java.util.stream.Stream.concat(all().stream(), comparisons().stream()).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no Java peer " + name));
    }

    /** The running kernel's largest PDU, as an ISO-TP socket reports it (the public API's answer). */
    static int kernelMaxPduSize() {
        try (IsoTpSocket probe = IsoTpSocket.open()) {
            return probe.maxPduSize();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the benchmark needs ISO-TP sockets: " + e.getMessage(), e);
        }
    }

    static IsoTpConfig config(String iface, int txid, int rxid) {
        return IsoTpConfig.builder().iface(iface).txid(txid).rxid(rxid).bs(0).stmin(0)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).waitTxDone(true).receiveTimeoutMillis(2000).build();
    }

    /** IsoTpSocket with arrays: send(byte[]), byte[] receive(): a new array per received PDU, as the API says. */
    static JavaPeer socketBytes() {
        return new Peer(SOCKET_BYTES, kernelMaxPduSize(), true) {
            @Override
            public Link open(String iface, int base, int aSize, int bSize) throws IOException {
                IsoTpSocket a = IsoTpSocket.open(config(iface, base, base + 1));
                IsoTpSocket b = IsoTpSocket.open(config(iface, base + 1, base));
                byte[] outA = Link.payload(aSize, 1);
                byte[] outB = Link.payload(bSize, 2);
                return new Link() {
                    @Override void sendA() throws IOException { a.send(outA); }
                    @Override void sendAOne() throws IOException { a.send(new byte[1]); }
                    @Override int receiveB() throws IOException { return b.receive().length; }
                    @Override void sendB() throws IOException { b.send(outB); }
                    @Override int receiveA() throws IOException { return a.receive().length; }
                    @Override public void close() { a.close(); b.close(); }
                };
            }
        };
    }

    /** IsoTpSocket with direct buffers: send(ByteBuffer), receive(ByteBuffer), buffers reused. */
    static JavaPeer socketBuffer() {
        return new Peer(SOCKET_BUFFER, kernelMaxPduSize(), true) {
            @Override
            public Link open(String iface, int base, int aSize, int bSize) throws IOException {
                IsoTpSocket a = IsoTpSocket.open(config(iface, base, base + 1));
                IsoTpSocket b = IsoTpSocket.open(config(iface, base + 1, base));
                ByteBuffer outA = ByteBuffer.allocateDirect(aSize).put(Link.payload(aSize, 1));
                ByteBuffer outB = ByteBuffer.allocateDirect(bSize).put(Link.payload(bSize, 2));
                // what users allocate: less room than the kernel's largest PDU (4 KiB, or the PDU where it is larger)
                ByteBuffer inA = ByteBuffer.allocateDirect(Math.max(4096, bSize));
                ByteBuffer inB = ByteBuffer.allocateDirect(Math.max(4096, aSize));
                return new Link() {
                    @Override void sendA() throws IOException { outA.clear(); a.send(outA); }
                    @Override void sendAOne() throws IOException { a.send(ByteBuffer.allocateDirect(1)); }
                    @Override int receiveB() throws IOException { inB.clear(); return b.receive(inB); }
                    @Override void sendB() throws IOException { outB.clear(); b.send(outB); }
                    @Override int receiveA() throws IOException { inA.clear(); return a.receive(inA); }
                    @Override public void close() { a.close(); b.close(); }
                };
            }
        };
    }

    /**
     * {@link #socketBuffer()} whose platform threads wait as before the blocking receive: a receive that finds
     * nothing queued waits in epoll_wait(2) and receives again. The runtime reads the property at each open.
     */
    static JavaPeer socketBufferEpollWait() {
        JavaPeer plain = socketBuffer();
        return new Peer(SOCKET_BUFFER_EPOLL, plain.maxPduSize(), true) {
            @Override
            public Link open(String iface, int base, int aSize, int bSize) throws IOException {
                String property = "dev.isotp.receive.epoll";
                System.setProperty(property, "true");
                try {
                    return plain.open(iface, base, aSize, bSize);
                } finally {
                    System.clearProperty(property);
                }
            }
        };
    }

    /** The clients generated from {@link BenchChannelA} and {@link BenchChannelB} (byte[] methods). */
    static JavaPeer generated() {
        return new Peer(GENERATED, kernelMaxPduSize(), false) {
            @Override
            public Link open(String iface, int base, int aSize, int bSize) {
                if (base != 0x700 || !iface.equals("vcan0")) {
                    throw new IllegalArgumentException("the generated clients are fixed to vcan0, 0x700/0x701");
                }
                BenchChannelA a = new IsoTp_BenchChannelA();
                BenchChannelB b = new IsoTp_BenchChannelB();
                byte[] outA = Link.payload(aSize, 1);
                byte[] outB = Link.payload(bSize, 2);
                return new Link() {
                    @Override void sendA() throws IOException { a.send(outA); }
                    @Override void sendAOne() throws IOException { a.send(new byte[1]); }
                    @Override int receiveB() throws IOException { return b.receive().length; }
                    @Override void sendB() throws IOException { b.send(outB); }
                    @Override int receiveA() throws IOException { return a.receive().length; }
                    @Override public void close() { a.close(); b.close(); }
                };
            }
        };
    }

    /** JavaCAN's IsotpCanChannel (JNI): blocking write/read of direct buffers; at most 4095-byte PDUs. */
    static JavaPeer javaCan() {
        return new Peer(JAVACAN, IsotpCanChannel.MAX_MESSAGE_LENGTH, true) {
            @Override
            public Link open(String iface, int base, int aSize, int bSize) throws IOException {
                IsotpCanChannel a = javaCanChannel(iface, base, base + 1);
                IsotpCanChannel b = javaCanChannel(iface, base + 1, base);
                ByteBuffer outA = ByteBuffer.allocateDirect(aSize).put(Link.payload(aSize, 1));
                ByteBuffer outB = ByteBuffer.allocateDirect(bSize).put(Link.payload(bSize, 2));
                ByteBuffer inA = IsotpCanChannel.allocateSufficientMemory();
                ByteBuffer inB = IsotpCanChannel.allocateSufficientMemory();
                return new Link() {
                    @Override void sendA() throws IOException { outA.clear(); a.write(outA); }
                    @Override void sendAOne() throws IOException { a.write(ByteBuffer.allocateDirect(1)); }
                    @Override int receiveB() throws IOException { inB.clear(); return b.read(inB); }
                    @Override void sendB() throws IOException { outB.clear(); b.write(outB); }
                    @Override int receiveA() throws IOException { inA.clear(); return a.read(inA); }
                    @Override public void close() throws IOException { a.close(); b.close(); }
                };
            }
        };
    }

    private static IsotpCanChannel javaCanChannel(String iface, int txid, int rxid) throws IOException {
        IsotpCanChannel channel = CanChannels.newIsotpChannel();
        channel.setOption(IsotpCanSocketOptions.OPTS, IsotpOptions.DEFAULT.withFlag(IsotpOptions.Flag.WAIT_TX_DONE)
                .withFrameTransmissionTime(IsotpOptions.FRAME_TXTIME_ZERO));
        channel.setOption(IsotpCanSocketOptions.RECV_FC, IsotpFlowControlOptions.DEFAULT.withBlockSize(0)
                .withMinimumSeparationTime(0).withMaximumWaitFrameTransmission(0));
        channel.setOption(CanSocketOptions.SO_RCVTIMEO, Duration.ofSeconds(2));
        channel.bind(NetworkDevice.lookup(iface), IsotpSocketAddress.isotpAddress(rxid), IsotpSocketAddress.isotpAddress(txid));
        return channel;
    }

    private abstract static class Peer implements JavaPeer {
        private final String name;
        private final int maxPduSize;
        private final boolean anyIds;

        Peer(String name, int maxPduSize, boolean anyIds) {
            this.name = name;
            this.maxPduSize = maxPduSize;
            this.anyIds = anyIds;
        }

        @Override public String name() { return name; }
        @Override public int maxPduSize() { return maxPduSize; }
        @Override public boolean anyIds() { return anyIds; }
    }
}
