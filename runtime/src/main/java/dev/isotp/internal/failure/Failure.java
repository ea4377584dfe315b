package dev.isotp.internal.failure;

import java.util.Locale;

/**
 * Every failure the socket reports, with the one wording of its message. Messages say what happened, on which
 * interface, and what to do; arguments are described on each constant. The exception type that carries each one is
 * chosen above the carriers ({@code dev.isotp.ErrorMapper}); this enum depends on nothing, so that the API, the
 * support of generated clients and the command-line tools quote the same words.
 */
public enum Failure {
    /** %1$s kernel release. */
    NO_ISOTP_MODULE(
            "the kernel has no ISO-TP sockets: load the module with `sudo modprobe can-isotp` (in mainline Linux "
                    + "since 5.10; this kernel is %1$s); where it cannot be loaded, the user-space ISO-TP engine runs the "
                    + "same channel over CAN_RAW: select it with Backend.canRaw() (IsoTpConfig or ChannelOverrides "
                    + ".backend(...)) or -Disotp.backend=can-raw"),
    /** %1$s kernel release. */
    NO_CAN_SUPPORT(
            "the kernel has no CAN sockets: load them with `sudo modprobe can && sudo modprobe can-isotp` (Linux 5.10 "
                    + "or later built with CAN; this kernel is %1$s; in a container, the host's kernel must provide them)"),
    /** %1$s option, %2$s version needed, %3$s kernel release. */
    FEATURE_TOO_NEW(
            "%1$s needs Linux %2$s or later; this kernel is %3$s and would ignore it: turn it off or use a newer kernel"),
    /** %1$s iface, %2$s the CAN interfaces that exist. */
    NO_SUCH_INTERFACE(
            "there is no CAN interface \"%1$s\": %2$s"),
    /** %1$s iface, %2$s the CAN interfaces that exist. */
    NOT_A_CAN_INTERFACE(
            "\"%1$s\" is not a CAN interface: %2$s"),
    /** %1$s iface, %2$s its mtu. */
    INTERFACE_MTU_TOO_SMALL(
            "CAN FD needs an interface with MTU 72, but %1$s has MTU %2$s: set it with `sudo ip link set %1$s mtu 72` "
                    + "(a real adapter also needs CAN FD bit timing), or use classic CAN (canFd = false)"),
    /**
     * %1$s iface, %2$s where the first frame went ({@link #endpoint}: tx id and its format, the address byte in front
     * in extended and mixed modes), %3$s where the flow control was awaited (rx id, format, expected address byte).
     */
    NO_FLOW_CONTROL(
            "no flow control from the peer within 1 s on %1$s: is a receiver listening for %2$s, and does it answer "
                    + "on %3$s, where this socket awaits the flow control (compare with `candump %1$s`)? Is the "
                    + "interface up and the bus connected? The PDU was not delivered; the next send starts anew"),
    /** %1$s iface. */
    WRONG_SEQUENCE_NUMBER(
            "a consecutive frame arrived with a wrong sequence number on %1$s: the PDU being received was dropped, "
                    + "the next one is received normally"),
    /** %1$s iface. */
    BAD_MESSAGE(
            "a frame on %1$s failed the padding check or was a malformed flow control: the PDU was dropped; check "
                    + "rxPadding, checkPaddingLength and checkPaddingData against what the peer sends"),
    /** %1$s iface. */
    CONSECUTIVE_FRAME_TIMEOUT(
            "the peer stopped in the middle of a PDU on %1$s: no consecutive frame within 1 s, the partial PDU "
                    + "was dropped"),
    /** %1$s iface. */
    PEER_OVERFLOW(
            "the peer's flow control on %1$s said overflow: the PDU is larger than the peer can receive"),
    /** %1$s iface. */
    NETWORK_DOWN(
            "interface %1$s is down: bring it up with `sudo ip link set up %1$s`"),
    /** %1$s iface. */
    DEVICE_GONE(
            "interface %1$s went away: this socket cannot be used again, open a new one once the interface is back"),
    SOCKET_CLOSED(
            "the socket is closed (close() was called, possibly by another thread while this call waited)"),
    /** %1$s iface, %2$s milliseconds waited. The message of a receive's SocketTimeoutException. */
    NO_PDU_WITHIN(
            "no PDU arrived on %1$s within %2$s ms"),
    /** %1$s the code ({@link UdsWords#responseCode}), %2$s the request ({@link UdsWords#request}), %3$s iface, %4$s channel. */
    UDS_NEGATIVE_RESPONSE(
            "%1$s: the ECU refused %2$s (%3$s, %4$s)"),
    /** %1$s request, %2$s iface, %3$s ms waited, %4$s P2 ms, %5$s allowance ms, %6$s channel. */
    UDS_NO_ANSWER(
            "no answer to %1$s on %2$s within %3$s ms (P2 %4$s ms and %5$s ms for its transfer) after the request had "
                    + "left (%6$s); an answer that comes later is dropped before the next request"),
    /** %1$s request, %2$s iface, %3$s ms waited, %4$s P2* ms, %5$s allowance ms, %6$s pending answers, %7$s channel. */
    UDS_NO_FINAL_ANSWER(
            "no final answer to %1$s on %2$s within %3$s ms (P2* %4$s ms and %5$s ms for its transfer) after the last "
                    + "of %6$s response-pending answers (%7$s); an answer that comes later is dropped before the next request"),
    /** %1$s request, %2$s iface, %3$s request timeout ms, %4$s pending answers, %5$s channel. */
    UDS_REQUEST_TIMEOUT(
            "no final answer to %1$s on %2$s within the request timeout of %3$s ms, after %4$s response-pending "
                    + "answers (%5$s): for long routines raise requestTimeoutMillis or pass a longer Duration"),
    /** %1$s request, %2$s iface, %3$s the UdsTiming's timeout ms, %4$s pending answers, %5$s channel. */
    UDS_TIMING_TIMEOUT(
            "no final answer to %1$s on %2$s within the timeout of its UdsTiming, %3$s ms, after %4$s response-pending "
                    + "answers (%5$s): give this call's UdsTiming a longer timeout (or 0 for none)"),
    /** %1$s request, %2$s iface, %3$s maxPendingAnswers, %4$s channel. */
    UDS_TOO_MANY_PENDING(
            "the ECU answered %1$s on %2$s with more than maxPendingAnswers %3$s response-pending answers (%4$s): raise "
                    + "maxPendingAnswers, or set 0 to let the request timeout alone bound the wait"),
    /** %1$s the session, %2$s iface, %3$s channel, %4$s the send's failure. */
    TESTER_PRESENT_FAILED(
            "TesterPresent (3E 80) keeping session %1$s could not be sent on %2$s (%3$s): %4$s; the keep-alive has "
                    + "stopped and the ECU has probably returned to its default session: enter the session again"),
    /** %1$s iface, %2$s milliseconds waited, %3$s channel. The message of a request's SocketTimeoutException. */
    NO_ANSWER_WITHIN(
            "no answer on %1$s within %2$s ms after the request had left (%3$s); an answer that comes later is "
                    + "dropped before the next request"),
    /**
     * %1$s channel, %2$s responder's rx id, %3$s the error, %4$s PDUs dropped so far. Logged on
     * {@code dev.isotp.channel} at WARNING: a responder's answer to a functional request broke off.
     */
    FUNCTIONAL_ANSWER_BROKE_OFF(
            "%1$s: the answer of responder %2$s to a functional request broke off and is left out: %3$s (%4$s PDUs "
                    + "dropped so far on this channel)"),
    /** %1$s PDU size, %2$s room, %3$s what happened to the PDU. */
    PDU_TOO_LARGE(
            "a PDU of %1$s bytes arrived but the buffer has room for %2$s: %3$s"),
    /** %1$s operation, %2$s iface. */
    UNEXPECTED(
            "%1$s on %2$s failed"),
    /** %1$s largest PDU. Refused before any system call (IllegalArgumentException). */
    PAYLOAD_EMPTY(
            "the payload is empty: an ISO-TP PDU carries 1 to %1$s bytes"),
    /** %1$s codec, %2$s channel.method, %3$s PDU length, %4$s its first bytes in hex, %5$s the codec's exception. */
    CODEC_DECODE_FAILED(
            "codec %1$s could not decode the PDU received by %2$s (%3$s bytes: %4$s): %5$s; the PDU is kept in "
                    + "PayloadCodecException.pdu()"),
    /** %1$s codec, %2$s channel.method, %3$s the codec's exception. */
    CODEC_ENCODE_FAILED(
            "codec %1$s could not encode the value given to %2$s: %3$s; nothing was sent"),
    /** %1$s the parameter's name, %2$s what it takes. Refused before any system call (NullPointerException). */
    NULL_ARGUMENT(
            "%1$s is null: %2$s"),
    /** %1$s payload size, %2$s largest PDU, %3$s the module's ceiling. Refused before any system call (IllegalArgumentException). */
    PAYLOAD_TOO_LARGE(
            "a payload of %1$s bytes is larger than the kernel's largest PDU, %2$s bytes: split it, or load can-isotp "
                    + "with a larger max_pdu_size (Linux 6.4+, up to %3$s)"),
    /**
     * %1$s payload size, %2$s largest PDU: as {@link #PAYLOAD_TOO_LARGE} on a kernel whose can-isotp has no
     * max_pdu_size parameter (before 6.4), where the size is built in.
     */
    PAYLOAD_TOO_LARGE_BUILT_IN(
            "a payload of %1$s bytes is larger than the kernel's largest PDU, %2$s bytes: split it (this kernel's "
                    + "can-isotp has its size built in; from Linux 6.4 the module parameter max_pdu_size raises it)"),
    /** %1$s payload size, %2$s largest PDU: as {@link #PAYLOAD_TOO_LARGE} on the user-space engine. */
    PAYLOAD_TOO_LARGE_ENGINE(
            "a payload of %1$s bytes is larger than the user-space engine's largest PDU, %2$s bytes: split it, or raise "
                    + "EngineOptions.maxPduSize (up to %3$s)"),
    /** %1$s payload size, %2$s single-frame capacity. Refused before any system call (IllegalArgumentException). */
    PAYLOAD_TOO_LONG_FOR_BROADCAST(
            "a payload of %1$s bytes does not fit one single frame (at most %2$s bytes here), and sfBroadcast sends "
                    + "single frames only: shorten it or use cfBroadcast"),
    /** Misuse of the API (IllegalStateException). */
    OPTION_AFTER_BIND(
            "options must be set before bind: the kernel refuses them afterwards (EISCONN); open a new socket to "
                    + "change them"),
    /** Misuse of the API (IllegalStateException). */
    ALREADY_BOUND(
            "the socket is already bound to %1$s: a socket binds once, open another one for another address"),
    /** Misuse of the API (IllegalStateException). */
    NOT_BOUND(
            "the socket is not bound: call bind(iface, address) before sending or receiving"),
    /** Suppressed by a failed bind whose options could not be written back; the socket is closed. */
    OPTIONS_NOT_RESTORED(
            "the socket was closed: the options it had before the failed bind could not be written back, so it is "
                    + "unusable; open a new socket"),
    /** A receive target the PDU cannot be written into; refused before anything is taken (IllegalArgumentException). */
    READ_ONLY_BUFFER(
            "the buffer is read-only and a receive writes the PDU into it: give a writable buffer (heap or direct); "
                    + "nothing was taken from the socket"),
    /**
     * %1$s the broadcast flag. Misuse of the API (IllegalStateException): with either broadcast flag the kernel
     * registers no receiver for the rx id (isotp_bind(), isotp_register_rxid()), so the socket never gets a PDU.
     */
    RECEIVE_ON_BROADCAST(
            "a socket with %1$s receives nothing: the kernel registers no receiver for its rx id, so no PDU ever "
                    + "arrives; receive the answers on a socket bound without sfBroadcast and cfBroadcast"),
    /**
     * %1$s the socket (its interface and ids), %2$s what was running, %3$s the error, %4$s how many so far. Logged on
     * {@code dev.isotp.channel} at ERROR: an error met on a carrier's own thread that no call was waiting for.
     */
    UNCLAIMED_ERROR(
            "%1$s: %2$s failed and no call was waiting for it: %3$s (%4$s such errors on this socket so far, "
                    + "IsoTpSocket.unclaimedErrors())"),
    /** %1$s what the frame bus threw. The transfer that met it ended; the caller gets it as cause. */
    BUS_FAILED(
            "the frame bus failed: %1$s; the transfer was ended (see the cause)");

    private final String template;

    Failure(String template) {
        this.template = template;
    }

    /**
     * Where a socket sends or listens, as messages name it: "CAN id 0x17F (11-bit)", "CAN id 0x18DAF110 (29-bit)", with
     * " with address byte 0x55 first" in the extended and mixed modes. Ids are written with the digits candump shows
     * (3 for 11-bit, 8 for 29-bit), so that an id sent in the other frame format is told apart at a glance.
     *
     * @param id the CAN id without flags
     * @param extendedId true for a 29-bit id (CAN_EFF_FLAG)
     * @param addressByte the address byte in front of every frame, or -1 where the mode has none
     */
    public static String endpoint(int id, boolean extendedId, int addressByte) {
        String text = String.format(Locale.ROOT, extendedId ? "CAN id 0x%08X (29-bit)" : "CAN id 0x%03X (11-bit)", id);
        return addressByte < 0 ? text : text + String.format(Locale.ROOT, " with address byte 0x%02X first", addressByte);
    }

    /**
     * The words for a payload over the kernel's largest PDU: with the module parameter's remedy where can-isotp has
     * max_pdu_size ({@code parameter}), without it where the size is built in.
     */
    public static String payloadTooLargeForKernel(int length, int largest, boolean parameter, int ceiling) {
        return parameter ? PAYLOAD_TOO_LARGE.message(length, largest, ceiling)
                : PAYLOAD_TOO_LARGE_BUILT_IN.message(length, largest);
    }

    /** The message alone, for failures found before any system call. */
    public String message(Object... args) {
        return String.format(Locale.ROOT, template, args);
    }

    /** How a transfer's error that surfaced after its send returned (waitTxDone off) is reported on a later send. */
    private static final String EARLIER_SEND =
            "an earlier send failed (with waitTxDone off the kernel reports a transfer's error after its send returned): "
                    + "%1$s. The payload given to this send was not sent: send it again";

    /** The message when this failure belongs to an earlier send and is reported on a later one. */
    public String messageOfEarlierSend(Object... args) {
        return String.format(Locale.ROOT, EARLIER_SEND, message(args));
    }
}
