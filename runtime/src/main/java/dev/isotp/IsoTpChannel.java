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
 * <li>{@code void close()}: close the socket;</li>
 * <li>{@code CompletableFuture<R>} in place of the {@code R} of a request or of a receive returning a PDU, a
 * {@code T} or an {@code Optional}, and {@code CompletableFuture<Void>} in place of the {@code void} of a send of a
 * {@code byte[]} or a {@code T}: the same, asynchronously. The call returns at once and no thread waits for the answer;
 * the future completes exceptionally with what the synchronous form would throw (a {@link
 * java.net.SocketTimeoutException} when the time passes, {@link SocketClosedException} for every pending future on
 * {@code close()}), so such a method declares no exception; {@code cancel(true)} abandons its exchange.</li>
 * </ul>
 * Default and static methods are left as they are. A receive that times out throws
 * {@link java.net.SocketTimeoutException}.
 *
 * <h2>Requests and threads</h2>
 * A request is one exchange: threads sharing a client take turns and never get each other's answers; asynchronous
 * requests and receives take their turn in the same order, in call order. Every receive
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
 * as a negative {@code int} literal (e.g. {@code 0x80000123}) is refused by the validator, whose message shows it
 * both as the negative number and as the 32-bit value written.
 *
 * <p>Only the elements written count: an element left out has its builder default, and a value written out, even
 * {@link #UNSET}, is judged as the same number given to {@link IsoTpConfig.Builder}. Every problem is a compile
 * error on the value, in the words of {@link dev.isotp.validation.Rule}; the same values given at run time through
 * {@link ChannelOverrides} are judged again when the channel opens ({@link InvalidConfigurationException}).
 *
 * <p>Kernel versions: ISO-TP sockets are in mainline Linux since 5.10; {@link #sfBroadcast()} needs 5.11,
 * {@link #cfBroadcast()} 5.19, {@link #dynamicFlowControl()} 6.9 and {@link GeneralOptions#FRAME_TX_TIME_ZERO} 5.18.
 * On an older kernel the channel fails to open with {@link KernelSupportMissingException}. Names and meanings follow
 * the kernel's {@code include/uapi/linux/can/isotp.h} and {@code Documentation/networking/iso15765-2.rst}, and
 * ISO 15765-2.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface IsoTpChannel {
    /**
     * The default of an id, address byte, padding byte or forced STmin: not set. It marks the default only; written
     * out ({@code rxid = UNSET}) it is the number -1, which every element refuses.
     */
    int UNSET = -1;

    /**
     * {@return the CAN interface, e.g. "vcan0" or "can0"} 1-15 printable ASCII characters other than '/', ':' and
     * space, not "." or "..". Required; it can be replaced at run time through {@link ChannelOverrides#iface}. An
     * interface that does not exist is found only when the channel opens ({@link NoSuchInterfaceException}).
     */
    String iface() default "";

    /**
     * {@return the ISO 15765-2 addressing mode} It decides which of {@link #rxid()}, {@link #txid()},
     * {@link #targetAddress()}, {@link #sourceAddress()} and {@link #addressExtension()} are needed (see
     * {@link AddressingMode}). Default {@link AddressingMode#NORMAL_11}.
     */
    AddressingMode mode() default AddressingMode.NORMAL_11;

    /**
     * {@return the CAN id this channel receives on} Without CAN_EFF_FLAG: 0x000-0x7FF in 11-bit modes,
     * 0x00000000-0x1FFFFFFF in 29-bit ones. Required in the modes with given ids (NORMAL_11, NORMAL_29, EXTENDED_*,
     * MIXED_11), different from {@link #txid()} unless a broadcast flag is set; not written in NORMAL_FIXED_29 and
     * MIXED_29, whose ids are derived. Default {@link #UNSET}.
     */
    int rxid() default UNSET;

    /**
     * {@return the CAN id this channel transmits with} Without CAN_EFF_FLAG: 0x000-0x7FF in 11-bit modes,
     * 0x00000000-0x1FFFFFFF in 29-bit ones. Required in the modes with given ids, not written in NORMAL_FIXED_29 and
     * MIXED_29. Default {@link #UNSET}.
     */
    int txid() default UNSET;

    /**
     * {@return TA, the peer's address byte} 0x00-0xFF. Required in NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29 and
     * MIXED_29 (in the extended modes it is the first byte of every transmitted frame; in the fixed modes it is part
     * of the derived ids); not written in the other modes. Default {@link #UNSET}.
     */
    int targetAddress() default UNSET;

    /**
     * {@return SA, this side's address byte} 0x00-0xFF. Required in NORMAL_FIXED_29, EXTENDED_11, EXTENDED_29 and
     * MIXED_29 (in the extended modes it is the first byte expected in every received frame; in the fixed modes it
     * is part of the derived ids); not written in the other modes. Default {@link #UNSET}.
     */
    int sourceAddress() default UNSET;

    /**
     * {@return AE, the address extension byte} 0x00-0xFF, the first byte of every frame in both directions. Required
     * in MIXED_11 and MIXED_29; not written in the other modes. Default {@link #UNSET}.
     */
    int addressExtension() default UNSET;

    /**
     * {@return whether to transmit on the functional (one-to-many) id} Only in the modes with derived ids:
     * 0x18DB_TA_SA instead of 0x18DA_TA_SA in NORMAL_FIXED_29, 0x18CD_TA_SA instead of 0x18CE_TA_SA in MIXED_29
     * (ISO 15765-2). Default false.
     */
    boolean functional() default false;

    /**
     * {@return STmin, the separation time this side asks for in the flow control it sends} The FC byte of
     * ISO 15765-2: 0x00-0x7F for 0-127 ms, 0xF1-0xF9 for 100-900 µs; 0x80-0xF0 and 0xFA-0xFF are reserved and
     * refused. Default 0 (no gap).
     */
    int stmin() default 0;

    /**
     * {@return BS, the block size this side asks for in the flow control it sends} The number of consecutive frames
     * the peer sends before it waits for the next FC, 0-255; 0 (the default) = all of them, no further FC.
     */
    int bs() default 0;

    /**
     * {@return WFTmax, 0-255} Stored in the kernel's {@code can_isotp_fc_options} and not used by it: Linux sends no
     * WAIT flow control and, as a sender, accepts any number of them, each restarting its 1 s wait for the next flow
     * control, so a peer that keeps sending WAIT holds {@code send}. Default 0.
     */
    int wftmax() default 0;

    /**
     * {@return the byte that pads transmitted frames to their full length} 0x00-0xFF (CAN_ISOTP_TX_PADDING with
     * txpad_content; 0xCC is usual). Default {@link #UNSET}: frames are as short as possible.
     */
    int txPadding() default UNSET;

    /**
     * {@return the padding byte expected in received frames} 0x00-0xFF (CAN_ISOTP_RX_PADDING with rxpad_content);
     * checked only with {@link #checkPaddingLength()} or {@link #checkPaddingData()}. Default {@link #UNSET}: none
     * expected.
     */
    int rxPadding() default UNSET;

    /**
     * {@return whether to check the length of received frames} (CAN_ISOTP_CHK_PAD_LEN, Linux 5.10) With
     * {@link #rxPadding()}, frames must be padded to their full length; without it, they must have the optimal
     * (unpadded) length. A frame that fails drops its PDU, and the next call on the socket fails with
     * {@link BadMessageException} (EBADMSG). Default false.
     */
    boolean checkPaddingLength() default false;

    /**
     * {@return whether to check the padding bytes of received frames against {@link #rxPadding()}}
     * (CAN_ISOTP_CHK_PAD_DATA, Linux 5.10) Needs {@link #rxPadding()}: without it the kernel refuses every frame. A
     * frame that fails is handled as with {@link #checkPaddingLength()}. Default false.
     */
    boolean checkPaddingData() default false;

    /**
     * {@return whether to send and receive one at a time} (CAN_ISOTP_HALF_DUPLEX, Linux 5.10) While a PDU is being
     * sent, the kernel ignores received frames other than flow control; while one is being received, it ignores
     * flow control. Default false: full duplex.
     */
    boolean halfDuplex() default false;

    /**
     * {@return whether a send returns only once the whole PDU has left} (CAN_ISOTP_WAIT_TX_DONE, Linux 5.10) On, a
     * send fails with the transfer's own error, e.g. {@link FlowControlTimeoutException}; off, it returns once the
     * kernel took the PDU, and the error is reported by the next send or receive. Default true (the kernel's default
     * is off).
     */
    boolean waitTxDone() default true;

    /**
     * {@return whether to receive without ever sending a flow control} (CAN_ISOTP_LISTEN_MODE, Linux 5.10) For
     * watching a transfer between two other nodes: the channel receives the PDUs sent to {@link #rxid()} while the
     * real receiver answers them. Default false.
     */
    boolean listenMode() default false;

    /**
     * {@return whether to send single frames only, to any number of receivers} (CAN_ISOTP_SF_BROADCAST, Linux 5.11)
     * 1-to-N functional addressing: no flow control is expected, and the channel receives nothing (the kernel does
     * not register the receive id, so {@link #rxid()} may equal {@link #txid()}; a receive or request on it throws
     * {@link IllegalStateException} at once; answers come through {@link #responders()}). A payload longer than one
     * single frame is refused by the send ({@link IllegalArgumentException}). Not together with
     * {@link #cfBroadcast()}. Default false.
     */
    boolean sfBroadcast() default false;

    /**
     * {@return whether to send PDUs of any length without waiting for flow control} (CAN_ISOTP_CF_BROADCAST,
     * Linux 5.19) 1-to-N transmission: consecutive frames follow the first frame without an FC, and the channel
     * receives nothing, as with {@link #sfBroadcast()}; not covered by ISO 15765-2. Not together with
     * {@link #sfBroadcast()}. Default false.
     */
    boolean cfBroadcast() default false;

    /**
     * {@return whether to take BS and STmin from every flow control of a transfer} (CAN_ISOTP_DYN_FC_PARMS,
     * Linux 6.9) ISO 15765-2 allows both: off, the kernel keeps the values of the first FC for the whole PDU
     * ("static"); on, each FC replaces them ("dynamic"). Default false.
     */
    boolean dynamicFlowControl() default false;

    /**
     * {@return the kernel's frame transmission time in nanoseconds} (frame_txtime, N_As/N_Ar in ISO 15765-2) The
     * kernel adds it to STmin between consecutive frames: 0 (the default) keeps its default of 50 µs;
     * {@link GeneralOptions#FRAME_TX_TIME_ZERO} (0xFFFFFFFF, Linux 5.18+) means no gap; else 1-4294967294 ns.
     */
    long frameTxTimeNanos() default GeneralOptions.FRAME_TX_TIME_DEFAULT;

    /**
     * {@return a forced gap between transmitted consecutive frames in nanoseconds} 0-4294967295
     * (CAN_ISOTP_TX_STMIN with FORCE_TXSTMIN, meant for tests): used instead of the STmin the peer's flow control
     * asks for. Default {@link #UNSET}: the peer's STmin.
     */
    long txStminNanos() default UNSET;

    /**
     * {@return the least gap between received consecutive frames in nanoseconds} 0-4294967295 (CAN_ISOTP_RX_STMIN
     * with FORCE_RXSTMIN, meant for tests): a consecutive frame that arrives sooner after the one before is ignored.
     * Default {@link #UNSET}: none ignored.
     */
    long rxStminNanos() default UNSET;

    /**
     * {@return whether to send and receive CAN FD frames} (can_isotp_ll_options mtu 72 instead of 16) The interface
     * needs MTU 72; on one with MTU 16 the channel fails to open with {@link InterfaceMtuException}. A CAN FD channel
     * receives only CAN FD frames. Default false: classic CAN.
     */
    boolean canFd() default false;

    /**
     * {@return the data length of transmitted frames in bytes} (tx_dl) 8 on classic CAN; 8, 12, 16, 20, 24, 32, 48
     * or 64 with {@link #canFd()}. Default 8.
     */
    int txDataLength() default Limits.CLASSIC_TX_DATA_LENGTH;

    /**
     * {@return whether CAN FD frames switch to the data bit rate} (CANFD_BRS in tx_flags) Needs {@link #canFd()}.
     * Default false.
     */
    boolean bitRateSwitch() default false;

    /**
     * {@return how long a receive without a timeout argument waits, in milliseconds} 0-2147483647; 0 (the default)
     * waits without limit ({@code close()} still ends the wait).
     */
    long receiveTimeoutMillis() default 0;

    /**
     * {@return the largest PDU a receive takes, in bytes} 1-1049600, or 0 (the default) for the largest the kernel
     * can deliver (8200, 66000 or its max_pdu_size, see {@link IsoTpSocket#maxPduSize()}). A larger PDU is dropped
     * and reported with {@link PduTooLargeException}.
     */
    long receiveBufferSize() default 0;

    /**
     * {@return how long a request ({@code byte[] m(byte[])}) waits for its answer, in milliseconds} Counted from when
     * the request has left the bus; 0 = without limit. The default, 5000 ms, is ISO 14229-2's P2*server_max: the
     * longest a server may take to answer, or to repeat "response pending", once it has the request.
     */
    long requestTimeoutMillis() default Limits.DEFAULT_REQUEST_TIMEOUT_MILLIS;

    /**
     * {@return the ECUs that answer a functional request} A functional request is sent to every ECU (e.g. to 0x7DF);
     * its responders are declared in advance: the kernel receives on exact ids, and a multi-frame answer needs flow
     * control sent to that ECU's own physical request id. Needs {@link #sfBroadcast()} (Linux 5.11+); answers are
     * collected by {@code Map<Integer, byte[]> m(byte[] request, Duration window)}. Default none.
     */
    Responder[] responders() default {};

    /**
     * {@return the codecs of the interface's typed payloads} A method that sends or receives a {@code T} uses the
     * codec whose {@code PayloadCodec<T>} names exactly that type. Each codec needs a public no-argument constructor.
     * Default none.
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
        /** {@return the CAN id this ECU answers on, e.g. 0x7E8} */
        int rxid();

        /**
         * {@return this ECU's physical request id, e.g. 0x7E0} The flow control of its multi-frame answers is sent
         * there.
         */
        int txid();
    }

    /** Names the codec of one method's typed payload, in place of the interface's {@link IsoTpChannel#codecs()}. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface Codec {
        /**
         * {@return the codec of this method's typed payload} A class with a public no-argument constructor whose
         * {@code PayloadCodec<T>} names the method's payload type.
         */
        Class<? extends PayloadCodec<?>> value();
    }
}
