package dev.isotp.validation;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.text.Hex;
import java.util.Arrays;

/**
 * The kernel's limits on ISO-TP settings: the one place they are written down. Sources: the kernel's
 * {@code include/uapi/linux/can.h} and {@code include/uapi/linux/can/isotp.h}, {@code net/can/isotp.c} (and its
 * module parameter {@code max_pdu_size}, Linux 6.4+), and ISO 15765-2 for the STmin bytes.
 */
public final class Limits {
    /** Largest 11-bit CAN id (CAN_SFF_MASK). */
    public static final int MAX_11_BIT_ID = KernelAbi.CAN_SFF_MASK;
    /** Largest 29-bit CAN id (CAN_EFF_MASK). */
    public static final int MAX_29_BIT_ID = KernelAbi.CAN_EFF_MASK;
    /** CAN_EFF_FLAG: the flag bit of a 32-bit canid_t that marks a 29-bit id (the bits below it are RTR and ERR). */
    public static final long CAN_EFF_FLAG = KernelAbi.CAN_EFF_FLAG & 0xFFFFFFFFL;
    /** The three flag bits of a canid_t: EFF, RTR, ERR. */
    private static final long CAN_FLAG_BITS =
            (KernelAbi.CAN_EFF_FLAG | KernelAbi.CAN_RTR_FLAG | KernelAbi.CAN_ERR_FLAG) & 0xFFFFFFFFL;
    /** Largest value of one byte field: address bytes, padding, bs, wftmax, stmin. */
    public static final int MAX_BYTE = 0xFF;
    /** STmin bytes 0x00-0x7F mean 0-127 ms. */
    public static final int MAX_STMIN_MILLIS = 0x7F;
    /** STmin bytes 0xF1-0xF9 mean 100-900 µs: the first of them. */
    public static final int MIN_STMIN_MICROS = 0xF1;
    /** STmin bytes 0xF1-0xF9 mean 100-900 µs: the last of them. */
    public static final int MAX_STMIN_MICROS = 0xF9;
    /** Nanosecond options (frame_txtime, TX_STMIN, RX_STMIN) are u32. */
    public static final long MAX_NANOS = 0xFFFFFFFFL;
    /** Data lengths a CAN FD frame may have; classic CAN frames have 8. */
    private static final int[] TX_DATA_LENGTHS = {8, 12, 16, 20, 24, 32, 48, 64};
    /** The data length of a classic CAN frame (CAN_MAX_DLEN), the only one classic CAN takes, and the default. */
    public static final int CLASSIC_TX_DATA_LENGTH = KernelAbi.CAN_MAX_DLEN;
    /** frame_txtime 0: the kernel keeps its default gap between transmitted frames (50 µs). */
    public static final long FRAME_TX_TIME_DEFAULT = 0L;
    /** Longest interface name (IFNAMSIZ 16, less the terminating NUL). */
    public static final int MAX_IFACE_NAME_LENGTH = KernelAbi.IFNAMSIZ - 1;
    /** Largest max_pdu_size the can-isotp module can be loaded with: no PDU can ever be longer. */
    public static final int MAX_PDU_SIZE_CEILING = 1_049_600;
    /** The user-space engine's largest PDU unless configured: mainline can-isotp's default max_pdu_size (6.4+). */
    public static final int ENGINE_DEFAULT_MAX_PDU_SIZE = 8300;
    /** The smallest max_pdu_size can-isotp takes, and so the engine. */
    public static final int ENGINE_MIN_MAX_PDU_SIZE = 4095;
    /** The kernel's fixed N_Bs and N_Cr (ISOTP_FC_TIMEOUT), the engine's defaults. */
    public static final long ENGINE_DEFAULT_TIMEOUT_MILLIS = 1000;
    /** The longest N_Bs / N_Cr the engine takes. */
    public static final long ENGINE_MAX_TIMEOUT_MILLIS = 60_000;
    /**
     * The engine's receive queue unless configured: Linux's default socket receive buffer (net.core.rmem_default,
     * 212,992 bytes, 208 KiB), counted in the memory the queued PDUs really take.
     */
    public static final int ENGINE_DEFAULT_RECEIVE_BUFFER = 212_992;
    /** The smallest receive queue the engine takes (the kernel's SOCK_MIN_RCVBUF is about 2.3 KiB). */
    public static final int ENGINE_MIN_RECEIVE_BUFFER = 2048;
    /** The largest receive queue the engine takes: 1 GiB. */
    public static final int ENGINE_MAX_RECEIVE_BUFFER = 1 << 30;
    /** Receive timeouts are handed to poll(2) as an int of milliseconds. */
    public static final long MAX_RECEIVE_TIMEOUT_MILLIS = Integer.MAX_VALUE;
    /**
     * How long a request waits for its answer unless told otherwise: ISO 14229-2's P2*server_max, 5000 ms, the longest
     * a server may take to answer (or to repeat "response pending") once it has the request.
     */
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 5000;

    // UDS (ISO 14229-2, the session layer), for channels declared with @UdsChannel.
    /** P2server_max unless a DiagnosticSessionControl answer says otherwise: 50 ms (ISO 14229-2, table 4). */
    public static final long DEFAULT_P2_MILLIS = 50;
    /** P2*server_max unless a DiagnosticSessionControl answer says otherwise: 5000 ms (ISO 14229-2, table 4). */
    public static final long DEFAULT_P2_STAR_MILLIS = 5000;
    /**
     * What a client adds to P2 and P2* for the bus's delays and the answer's own transfer, since the kernel hands
     * over whole PDUs only: it waits for the END of the answer (ISO 14229-2's P6client = P2 + this, P6*client = P2*
     * + this). 1000 ms covers a 4095-byte answer on a 125 kbit/s bus at STmin 0 (about 600 ms).
     */
    public static final long DEFAULT_TRANSFER_ALLOWANCE_MILLIS = 1000;
    /** The least P2 a session answer can set: a server that says less still gets this long (ISO 14229-2's default). */
    public static final long P2_FLOOR_MILLIS = 50;
    /** The least P2* a session answer can set: a server that says less still gets this long. */
    public static final long P2_STAR_FLOOR_MILLIS = 500;
    /** P2server_max in a session answer is a 16-bit count of 1 ms. */
    public static final long MAX_P2_MILLIS = 0xFFFF;
    /** P2*server_max in a session answer is a 16-bit count of 10 ms. */
    public static final long MAX_P2_STAR_MILLIS = 0xFFFF * 10L;
    /** How many "response pending" answers one request may draw unless configured; 0 = no count (the time bounds it). */
    public static final long DEFAULT_MAX_PENDING_ANSWERS = 0;
    /** The most "response pending" answers a bound can count. */
    public static final long MAX_PENDING_ANSWERS = 0xFFFF;
    /** How often a request refused with busyRepeatRequest (0x21) is sent again unless configured. */
    public static final long DEFAULT_BUSY_REPEATS = 3;
    /** The most repeats of a busy request. */
    public static final long MAX_BUSY_REPEATS = 255;
    /** How long the client waits before it repeats a request refused with busyRepeatRequest, unless configured. */
    public static final long DEFAULT_BUSY_REPEAT_DELAY_MILLIS = 100;
    /** The longest wait before a repeat: one P2*server_max. */
    public static final long MAX_BUSY_REPEAT_DELAY_MILLIS = DEFAULT_P2_STAR_MILLIS;
    /** S3server: a server leaves a non-default session after this long without a request (ISO 14229-2). */
    public static final long S3_SERVER_MILLIS = 5000;
    /** How often TesterPresent ({@code 3E 80}) keeps a non-default session while the channel is idle, unless configured. */
    public static final long DEFAULT_TESTER_PRESENT_MILLIS = 2000;

    private Limits() {
    }

    /**
     * Writes the limits into a message template: each {NAME} below becomes the range it stands for, so messages
     * quote the limits from here instead of repeating them.
     */
    static String expand(String template) {
        return template
                .replace("{ID_11_BIT}", Hex.of(0, 3) + "-" + Hex.of(MAX_11_BIT_ID, 3))
                .replace("{ID_29_BIT}", Hex.of(0, 8) + "-" + Hex.of(MAX_29_BIT_ID, 8))
                .replace("{BYTE_HEX}", Hex.of(0) + "-" + Hex.of(MAX_BYTE))
                .replace("{BYTE_DECIMAL}", "0-" + MAX_BYTE)
                .replace("{STMIN}", Hex.of(0) + "-" + Hex.of(MAX_STMIN_MILLIS) + " (ms) or " + Hex.of(MIN_STMIN_MICROS) + "-"
                        + Hex.of(MAX_STMIN_MICROS) + " (" + stminMicros(MIN_STMIN_MICROS) + "-" + stminMicros(MAX_STMIN_MICROS)
                        + " µs)")
                .replace("{NANOS}", "0-" + MAX_NANOS)
                .replace("{CLASSIC_DATA_LENGTH}", Integer.toString(CLASSIC_TX_DATA_LENGTH))
                .replace("{TIMEOUT_MILLIS}", "0-" + MAX_RECEIVE_TIMEOUT_MILLIS)
                .replace("{IFACE_NAME_LENGTH}", "1-" + MAX_IFACE_NAME_LENGTH)
                .replace("{P2_MILLIS}", "1-" + MAX_P2_MILLIS)
                .replace("{P2_STAR_MILLIS}", "1-" + MAX_P2_STAR_MILLIS)
                .replace("{S3_SERVER_MILLIS}", Long.toString(S3_SERVER_MILLIS))
                .replace("{TESTER_PRESENT_MILLIS}", "1-" + (S3_SERVER_MILLIS - 1))
                .replace("{PENDING_ANSWERS}", "0-" + MAX_PENDING_ANSWERS)
                .replace("{BUSY_REPEATS}", "0-" + MAX_BUSY_REPEATS)
                .replace("{BUSY_REPEAT_DELAY_MILLIS}", "0-" + MAX_BUSY_REPEAT_DELAY_MILLIS);
    }

    /**
     * The microseconds an STmin byte of 0xF1-0xF9 stands for.
     *
     * @param stmin an STmin byte of 0xF1-0xF9 (other values give a meaningless result)
     * @return 100-900 µs
     */
    public static int stminMicros(int stmin) {
        return (stmin - 0xF0) * 100;
    }

    /**
     * Whether a value is a data length {@code txDataLength} accepts on CAN FD.
     *
     * @param length the value
     * @return true for 8, 12, 16, 20, 24, 32, 48 and 64
     */
    public static boolean isTxDataLength(long length) {
        for (int allowed : TX_DATA_LENGTHS) {
            if (allowed == length) {
                return true;
            }
        }
        return false;
    }

    /** {@return the allowed data lengths, written for a message: "8, 12, 16, 20, 24, 32, 48, 64"} */
    public static String txDataLengths() {
        return Arrays.toString(TX_DATA_LENGTHS).replaceAll("[\\[\\]]", "");
    }

    /**
     * The most payload one single frame carries: 7 bytes in a classic frame, the data length less 2 (the escaped
     * length byte) in a longer CAN FD frame, one byte less with extended or mixed addressing.
     *
     * @param txDataLength the data length of transmitted frames, one {@link #isTxDataLength} accepts
     * @param addressByte whether every frame starts with an address byte (extended or mixed addressing)
     * @return the single-frame payload in bytes, 6-62
     */
    public static int singleFramePayload(int txDataLength, boolean addressByte) {
        int pci = txDataLength > CLASSIC_TX_DATA_LENGTH ? 2 : 1;
        return txDataLength - pci - (addressByte ? 1 : 0);
    }

    /**
     * True for an id value that, as the 32-bit canid_t it is written as (an int literal may be negative), carries
     * CAN_EFF_FLAG and no other flag bit: the kernel takes it as the 29-bit id below the flag.
     *
     * @param id the value as written, unsigned or as a negative int
     * @return true if it fits a canid_t and its flag bits are exactly CAN_EFF_FLAG
     */
    public static boolean isFlaggedExtendedId(long id) {
        return fitsCanId(id) && (id & CAN_FLAG_BITS) == CAN_EFF_FLAG;
    }

    /**
     * Whether a value fits the 32-bit canid_t of the kernel's sockaddr_can, as unsigned or as an int.
     *
     * @param id the value
     * @return true for -2147483648 to 4294967295
     */
    public static boolean fitsCanId(long id) {
        return id >= Integer.MIN_VALUE && id <= 0xFFFFFFFFL;
    }

    /**
     * Whether an STmin byte is one ISO 15765-2 defines; every other byte is reserved.
     *
     * @param stmin the byte's value
     * @return true for 0x00-0x7F and 0xF1-0xF9
     */
    public static boolean isDefinedStmin(int stmin) {
        return (stmin >= 0 && stmin <= MAX_STMIN_MILLIS) || (stmin >= MIN_STMIN_MICROS && stmin <= MAX_STMIN_MICROS);
    }
}
