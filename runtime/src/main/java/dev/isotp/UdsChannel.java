package dev.isotp;

import dev.isotp.validation.Limits;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an {@link IsoTpChannel} interface speaks UDS (ISO 14229-1, with the timing of ISO 14229-2). Its
 * requests, synchronous, with a {@code Duration}, asynchronous and functional, then:
 *
 * <ul>
 *   <li>take as their answer only a PDU that answers them: {@code SID + 0x40} and what the positive response echoes
 *       (0x22 the first DID, 0x2E/0x2F/0x24 the DID, 0x31 the sub-function and routine id, a service with a
 *       sub-function its bits 0-6), or {@code 7F <SID> <NRC>}; any other PDU met while waiting is dropped, logged and
 *       counted ({@link IsoTpChannels#droppedPdus}) and the wait goes on;</li>
 *   <li>wait out "response pending" ({@code 7F <SID> 78}): each one restarts the wait with P2*, up to {@link
 *       #maxPendingAnswers()} of them, and never comes back as the answer;</li>
 *   <li>send the request again after busyRepeatRequest ({@code 7F <SID> 21}), {@link #busyRepeats()} times at most;</li>
 *   <li>throw a final negative response as {@link NegativeResponseException};</li>
 *   <li>with suppressPosRspMsgIndicationBit set ({@code 3E 80}, {@code 10 83}; services with a sub-function only:
 *       ISO 14229-1's and {@link #subFunctionServices()}),
 *       return an empty array once P2 passed without a negative response;</li>
 *   <li>keep a non-default session alive with TesterPresent ({@code 3E 80}) every {@link #testerPresentMillis()}
 *       while the channel is idle.</li>
 * </ul>
 *
 * <p>The elements are attributes like those of {@code @IsoTpChannel}: judged at compile time by the runtime's
 * validator, set by the same names on {@code IsoTpConfig.Builder} and {@code ChannelOverrides}. The request timeout
 * ({@code requestTimeoutMillis}, or a method's {@code Duration}) stays the cap of one whole call, pending answers
 * and repeats included. Timing defaults are ISO 14229-2's (P2server_max 50 ms, P2*server_max 5000 ms, S3server 5000
 * ms).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface UdsChannel {
    /**
     * {@return P2server_max in ms, 1-65535: how long the ECU may take to start its answer} The client waits this plus
     * {@link #transferAllowanceMillis()} for the whole answer. A positive DiagnosticSessionControl answer replaces it
     * with the server's value (at least {@value Limits#P2_FLOOR_MILLIS} ms) where this element is not written.
     */
    long p2Millis() default Limits.DEFAULT_P2_MILLIS;

    /**
     * {@return P2*server_max in ms, 1-655350: how long the ECU may take after each "response pending"} The client
     * waits this plus {@link #transferAllowanceMillis()}. A positive DiagnosticSessionControl answer replaces it with
     * the server's value (at least {@value Limits#P2_STAR_FLOOR_MILLIS} ms) where this element is not written.
     */
    long p2StarMillis() default Limits.DEFAULT_P2_STAR_MILLIS;

    /**
     * {@return ms added to P2 and P2* for the bus's delays and the answer's own transfer, 0-2147483647} The kernel
     * hands over whole PDUs only, so the client bounds the time to the answer's end (ISO 14229-2's P6client).
     */
    long transferAllowanceMillis() default Limits.DEFAULT_TRANSFER_ALLOWANCE_MILLIS;

    /** {@return the most "response pending" answers one request may draw, 0-65535; 0 = no count} */
    int maxPendingAnswers() default (int) Limits.DEFAULT_MAX_PENDING_ANSWERS;

    /** {@return how often a request refused with busyRepeatRequest (0x21) is sent again, 0-255} */
    int busyRepeats() default (int) Limits.DEFAULT_BUSY_REPEATS;

    /** {@return the ms waited before such a repeat, 0-5000} */
    long busyRepeatDelayMillis() default Limits.DEFAULT_BUSY_REPEAT_DELAY_MILLIS;

    /**
     * {@return the TesterPresent interval in ms while the ECU is in a non-default session and the channel is idle,
     * 1-4999 (below S3server), or 0 for none}
     */
    long testerPresentMillis() default Limits.DEFAULT_TESTER_PRESENT_MILLIS;

    /**
     * {@return services with a sub-function besides ISO 14229-1's (e.g. a manufacturer's 0xBA), each 0x00-0xFF} For
     * them too, bit 7 of the second byte is suppressPosRspMsgIndicationBit and a positive response echoes bits 0-6.
     */
    int[] subFunctionServices() default {};

    /**
     * Makes a request method of a {@code @UdsChannel} interface return a final negative response ({@code 7F <SID>
     * <NRC>}, after the channel waited out "response pending" and used up its busy repeats) as its answer, to the
     * caller or to the method's codec, instead of throwing {@link NegativeResponseException}. For a type that holds
     * both outcomes, e.g. a result type with its own codec. Only on request methods ({@code byte[] m(byte[])}, with a
     * {@code Duration} or a {@link UdsTiming}, and their {@code CompletableFuture} forms): elsewhere it is a compile
     * error.
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface NegativeResponseAsAnswer {
    }
}
