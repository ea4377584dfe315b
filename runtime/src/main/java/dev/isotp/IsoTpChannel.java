package dev.isotp;

import dev.isotp.validation.Limits;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an interface an ISO-TP channel. At compile time the annotation processor ({@code isotp-processor}) checks
 * every value with the same validator the runtime uses, and writes {@code IsoTp_<Name>}, a client that implements the
 * interface over a kernel ISO-TP socket.
 *
 * <pre>{@code
 * @IsoTpChannel(iface = "vcan0", rxid = 0x7E8, txid = 0x7E0, stmin = 5)
 * public interface EngineEcu extends AutoCloseable {
 *     byte[] request(byte[] request);          // send, then wait for the answer
 *     void send(byte[] payload);
 *     byte[] receive(Duration timeout);        // java.net.SocketTimeoutException when nothing came
 *     Optional<byte[]> poll(Duration timeout); // empty when nothing came
 * }
 *
 * try (EngineEcu ecu = IsoTpChannels.open(EngineEcu.class)) { ... }
 * }</pre>
 *
 * <h2>The interface</h2>
 * A top-level or nested interface, not generic, that extends {@link AutoCloseable}. Each abstract method has one of
 * these shapes (any method name; {@code T} is a type with a {@link PayloadCodec}):
 * <ul>
 * <li>{@code void m(byte[])}, {@code void m(ByteBuffer)}, {@code void m(T)}: send one PDU;</li>
 * <li>{@code byte[] m()}, {@code T m()}: receive one PDU, waiting {@link #receiveTimeoutMillis()};</li>
 * <li>{@code byte[] m(Duration)}, {@code T m(Duration)}: receive, waiting at most the given time;</li>
 * <li>{@code Optional<byte[]> m(Duration)}, {@code Optional<T> m(Duration)}: receive, or empty after the time;</li>
 * <li>{@code int m(ByteBuffer)}: receive into the buffer, returning the PDU's length;</li>
 * <li>{@code byte[] m(byte[])}, {@code byte[] m(byte[], Duration)} (either side may be a {@code T}): request, that
 * is send, then receive the answer, within {@link #requestTimeoutMillis()} or the given time, counted from when the
 * request has left;</li>
 * <li>{@code Map<Integer, byte[]> m(byte[], Duration)}: a functional request, the answer of every
 * {@link #responders() responder} that answered within the window, keyed by its rxid;</li>
 * <li>{@code void close()}: close the socket.</li>
 * </ul>
 * Default and static methods are left as they are. A receive that times out throws
 * {@link java.net.SocketTimeoutException}.
 *
 * <h2>Requests and threads</h2>
 * A request is one exchange: threads sharing a client take turns and never get each other's answers. Every receive
 * takes the same turn, so a PDU goes to one caller only, and a waiting receive delays requests until it returns. PDUs
 * already queued when a request is sent (late answers) are dropped, logged on {@code System.Logger}
 * {@code dev.isotp.channel} and counted ({@link IsoTpChannels#droppedPdus}). An interim answer such as UDS "response
 * pending" is the answer a request returns.
 *
 * <h2>Exceptions</h2>
 * What a method declares is thrown as itself: {@link java.io.IOException} (or a supertype) lets every IO failure
 * through; {@link IsoTpException} or its subtypes, and {@link java.net.SocketTimeoutException} where the method can
 * time out, let those through and turn other IO failures into {@link java.io.UncheckedIOException}; without a throws
 * clause every IO failure is an {@code UncheckedIOException} with the original as cause. Any other checked exception is
 * a compile error. A codec that throws becomes a {@link PayloadCodecException}.
 *
 * <h2>Values</h2>
 * Element names are those of {@link IsoTpConfig.Builder} and of every validation message. Ids, address bytes and
 * padding bytes are unset by default ({@link #UNSET}); leave them out where the mode does not use them. Ids are
 * written as the plain CAN id, without {@code CAN_EFF_FLAG}: the {@link #mode()} says 11 or 29 bits. An id written
 * as a negative {@code int} literal (e.g. {@code 0x80000123}) is taken as the unsigned value and refused by the
 * validator.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface IsoTpChannel {
    /** The value of an id, address byte, padding byte or forced STmin that is not set (the default). */
    int UNSET = -1;

    /** The CAN interface, e.g. "vcan0"; can be replaced at run time through {@link ChannelOverrides}. */
    String iface() default "";

    /** The addressing mode. */
    AddressingMode mode() default AddressingMode.NORMAL_11;

    /** The CAN id this channel receives on (modes with given ids). */
    int rxid() default UNSET;

    /** The CAN id this channel transmits with (modes with given ids). */
    int txid() default UNSET;

    /** The target address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29). */
    int targetAddress() default UNSET;

    /** The source address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29). */
    int sourceAddress() default UNSET;

    /** The address extension byte (MIXED_11, MIXED_29). */
    int addressExtension() default UNSET;

    /** Transmit on the functional id where the ids are derived (NORMAL_FIXED_29, MIXED_29). */
    boolean functional() default false;

    /** The STmin byte of the flow control this side sends: 0x00-0x7F ms, 0xF1-0xF9 100-900 µs. */
    int stmin() default 0;

    /** The block size of the flow control this side sends, 0-255 (0 = no further flow control). */
    int bs() default 0;

    /** The number of wait frames accepted, 0-255. */
    int wftmax() default 0;

    /** The byte that pads transmitted frames; unset = frames are as short as possible. */
    int txPadding() default UNSET;

    /** The padding byte expected in received frames; unset = none expected. */
    int rxPadding() default UNSET;

    boolean checkPaddingLength() default false;

    /** Needs {@link #rxPadding()}. */
    boolean checkPaddingData() default false;

    boolean halfDuplex() default false;

    /** A send returns only once the whole PDU has left, with its error (on by default). */
    boolean waitTxDone() default true;

    boolean listenMode() default false;

    boolean sfBroadcast() default false;

    boolean cfBroadcast() default false;

    boolean dynamicFlowControl() default false;

    /**
     * The gap between transmitted frames in nanoseconds: 0 keeps the kernel's default (50 µs),
     * {@link GeneralOptions#FRAME_TX_TIME_ZERO} means no gap.
     */
    long frameTxTimeNanos() default GeneralOptions.FRAME_TX_TIME_DEFAULT;

    /** Forced gap between transmitted consecutive frames in nanoseconds; unset = the peer's STmin. */
    long txStminNanos() default UNSET;

    /** Received consecutive frames closer than this many nanoseconds are dropped; unset = none dropped. */
    long rxStminNanos() default UNSET;

    boolean canFd() default false;

    /** Data length of transmitted frames: 8 on classic CAN; 8, 12, 16, 20, 24, 32, 48 or 64 on CAN FD. */
    int txDataLength() default Limits.CLASSIC_TX_DATA_LENGTH;

    boolean bitRateSwitch() default false;

    /** How long a receive without a timeout argument waits, in milliseconds; 0 = without limit. */
    long receiveTimeoutMillis() default 0;

    /** The largest PDU a receive takes; 0 = the largest the kernel can deliver. */
    long receiveBufferSize() default 0;

    /**
     * How long a request ({@code byte[] m(byte[])}) waits for its answer, in milliseconds, counted from when the
     * request has left the bus; 0 = without limit. The default, 5000 ms, is ISO 14229-2's P2*server_max: the longest a
     * server may take to answer, or to repeat "response pending", once it has the request.
     */
    long requestTimeoutMillis() default Limits.DEFAULT_REQUEST_TIMEOUT_MILLIS;

    /**
     * The ECUs that answer a functional request (one sent to every ECU, e.g. to 0x7DF), declared in advance: the kernel
     * receives on exact ids, and a multi-frame answer needs flow control sent to that ECU's own physical request id.
     * Needs {@link #sfBroadcast()} (Linux 5.11+); answers are collected by
     * {@code Map<Integer, byte[]> m(byte[] request, Duration window)}.
     */
    Responder[] responders() default {};

    /**
     * The codecs of the interface's typed payloads: a method that sends or receives a {@code T} uses the codec whose
     * {@code PayloadCodec<T>} names exactly that type. Each codec needs a public no-argument constructor.
     */
    Class<? extends PayloadCodec<?>>[] codecs() default {};

    /**
     * One ECU that answers a functional request: the CAN id its answers come on ({@code rxid}) and its physical
     * request id ({@code txid}), where flow control for its multi-frame answers goes. Ids are as wide as the
     * channel's mode says (11 bits in NORMAL_11, 29 bits in NORMAL_29 and NORMAL_FIXED_29).
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target({})
    @interface Responder {
        /** The CAN id this ECU answers on, e.g. 0x7E8. */
        int rxid();

        /** This ECU's physical request id, e.g. 0x7E0: the flow control of its multi-frame answers is sent there. */
        int txid();
    }

    /** Names the codec of one method's typed payload, in place of the interface's {@link IsoTpChannel#codecs()}. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface Codec {
        Class<? extends PayloadCodec<?>> value();
    }
}
