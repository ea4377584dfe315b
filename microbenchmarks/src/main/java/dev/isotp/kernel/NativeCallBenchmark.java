package dev.isotp.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the native binding costs per PDU, without the kernel's ISO-TP work: the two calls of a queued PDU (send(2) of
 * 7 bytes, then a blocking recvmsg(2) that finds it, as {@link KernelSocket} makes them) on an AF_UNIX datagram
 * socket pair, through each binding the runtime can take, each in a JVM of its own chosen by the runtime's
 * properties: FFM's raw syscalls, FFM's libc calls with errno captured ({@code dev.isotp.ffm.libcOnly=true}), and JNA
 * ({@code dev.isotp.binding=jna}, the only one on JDK 17-21: run {@code jna} alone there). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation per PDU. In this package because the binding is the runtime's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NativeCallBenchmark {
    private static final int AF_UNIX = 1;
    private NativeBinding c;
    private final int[] pair = new int[2];
    private ByteBuffer out;
    private long outAddress;
    private ByteBuffer in;
    private ByteBuffer message;
    private long messageAddress;
    private Object sendState;
    private Object receiveState;

    /** socketpair(2), for the set-up only. */
    private static final class Pair {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socketpair(int domain, int type, int protocol, int[] fds);
    }

    @Setup
    public void open(BenchmarkParams params) {
        c = NativeBinding.get();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String expected = method.equals("jna") ? "jna"
                : method.equals("ffmLibc") ? "ffm (send and receive: libc, errno captured)"
                : "ffm (send and receive: raw syscalls)";
        if (!c.description().equals(expected)) {
            throw new IllegalStateException(method + " runs on " + c.description() + ", not on " + expected);
        }
        if (Pair.socketpair(AF_UNIX, KernelAbi.SOCK_DGRAM | KernelAbi.SOCK_CLOEXEC, 0, pair) != 0) {
            throw new IllegalStateException("socketpair failed");
        }
        out = Structs.allocate(7).put(0, new byte[] {0x22, (byte) 0xF1, (byte) 0x90, 1, 2, 3, 4});
        outAddress = c.address(out);
        in = Structs.allocate(4096);
        message = Structs.receiveMessage(c::address);
        messageAddress = c.address(message);
        Structs.receiveInto(message, c.address(in), 4096);
        sendState = c.newCallState();
        receiveState = c.newCallState();
    }

    @TearDown
    public void close() {
        c.close(pair[0]);
        c.close(pair[1]);
    }

    private long sendAndReceive() {
        long sent = c.send(sendState, pair[0], outAddress, 7, 0);
        long received = c.recvmsg(receiveState, pair[1], messageAddress, 0);
        if (sent != 7 || received != 7) {
            throw new IllegalStateException("sent " + sent + ", received " + received);
        }
        return received;
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Ddev.isotp.binding=ffm"})
    public long ffmRawSyscalls() {
        return sendAndReceive();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Ddev.isotp.binding=ffm", "-Ddev.isotp.ffm.libcOnly=true"})
    public long ffmLibc() {
        return sendAndReceive();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Ddev.isotp.binding=jna"})
    public long jna() {
        return sendAndReceive();
    }
}
