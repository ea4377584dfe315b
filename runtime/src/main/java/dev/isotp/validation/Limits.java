package dev.isotp.validation;

import java.util.Arrays;

/** The kernel's limits on ISO-TP settings: the one place they are written down. */
public final class Limits {
    /** Largest 11-bit CAN id (CAN_SFF_MASK). */
    public static final int MAX_11_BIT_ID = 0x7FF;
    /** Largest 29-bit CAN id (CAN_EFF_MASK). */
    public static final int MAX_29_BIT_ID = 0x1FFFFFFF;
    /** CAN_EFF_FLAG: the flag bit of a 32-bit canid_t that marks a 29-bit id (the bits below it are RTR and ERR). */
    public static final long CAN_EFF_FLAG = 0x80000000L;
    /** The three flag bits of a canid_t: EFF, RTR, ERR. */
    private static final long CAN_FLAG_BITS = 0xE0000000L;
    /** Largest value of one byte field: address bytes, padding, bs, wftmax, stmin. */
    public static final int MAX_BYTE = 0xFF;
    /** STmin bytes 0x00-0x7F mean 0-127 ms. */
    public static final int MAX_STMIN_MILLIS = 0x7F;
    /** STmin bytes 0xF1-0xF9 mean 100-900 µs. */
    public static final int MIN_STMIN_MICROS = 0xF1;
    public static final int MAX_STMIN_MICROS = 0xF9;
    /** Nanosecond options (frame_txtime, TX_STMIN, RX_STMIN) are u32. */
    public static final long MAX_NANOS = 0xFFFFFFFFL;
    /** Data lengths a CAN FD frame may have; classic CAN frames have 8. */
    private static final int[] TX_DATA_LENGTHS = {8, 12, 16, 20, 24, 32, 48, 64};
    public static final int CLASSIC_TX_DATA_LENGTH = 8;
    /** Longest interface name (IFNAMSIZ 16, less the terminating NUL). */
    public static final int MAX_IFACE_NAME_LENGTH = 15;
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
    /** Receive timeouts are handed to poll(2) as an int of milliseconds. */
    public static final long MAX_RECEIVE_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    private Limits() {
    }

    /**
     * Writes the limits into a message template: each {NAME} below becomes the range it stands for, so messages
     * quote the limits from here instead of repeating them.
     */
    static String expand(String template) {
        return template
                .replace("{ID_11_BIT}", String.format("0x000-0x%03X", MAX_11_BIT_ID))
                .replace("{ID_29_BIT}", String.format("0x00000000-0x%08X", MAX_29_BIT_ID))
                .replace("{BYTE_HEX}", String.format("0x00-0x%02X", MAX_BYTE))
                .replace("{BYTE_DECIMAL}", "0-" + MAX_BYTE)
                .replace("{STMIN}", String.format("0x00-0x%02X (ms) or 0x%02X-0x%02X (%d-%d µs)", MAX_STMIN_MILLIS,
                        MIN_STMIN_MICROS, MAX_STMIN_MICROS, stminMicros(MIN_STMIN_MICROS), stminMicros(MAX_STMIN_MICROS)))
                .replace("{NANOS}", "0-" + MAX_NANOS)
                .replace("{CLASSIC_DATA_LENGTH}", Integer.toString(CLASSIC_TX_DATA_LENGTH))
                .replace("{TIMEOUT_MILLIS}", "0-" + MAX_RECEIVE_TIMEOUT_MILLIS)
                .replace("{IFACE_NAME_LENGTH}", "1-" + MAX_IFACE_NAME_LENGTH);
    }

    /** The microseconds an STmin byte of 0xF1-0xF9 stands for. */
    public static int stminMicros(int stmin) {
        return (stmin - 0xF0) * 100;
    }

    /** True for the data lengths {@code txDataLength} accepts (8, 12, 16, 20, 24, 32, 48, 64). */
    public static boolean isTxDataLength(long length) {
        for (int allowed : TX_DATA_LENGTHS) {
            if (allowed == length) {
                return true;
            }
        }
        return false;
    }

    /** The allowed data lengths, written for a message: "8, 12, 16, 20, 24, 32, 48, 64". */
    public static String txDataLengths() {
        return Arrays.toString(TX_DATA_LENGTHS).replaceAll("[\\[\\]]", "");
    }

    /**
     * The most payload one single frame carries: 7 bytes in a classic frame, the data length less 2 (the escaped
     * length byte) in a longer CAN FD frame, one byte less with extended or mixed addressing.
     */
    public static int singleFramePayload(int txDataLength, boolean addressByte) {
        int pci = txDataLength > CLASSIC_TX_DATA_LENGTH ? 2 : 1;
        return txDataLength - pci - (addressByte ? 1 : 0);
    }

    /**
     * True for an id value that, as the 32-bit canid_t it is written as (an int literal may be negative), carries
     * CAN_EFF_FLAG and no other flag bit: the kernel takes it as the 29-bit id below the flag.
     */
    public static boolean isFlaggedExtendedId(long id) {
        return fitsCanId(id) && (id & CAN_FLAG_BITS) == CAN_EFF_FLAG;
    }

    /** True for a value that fits the 32-bit canid_t of the kernel's sockaddr_can, as unsigned or as an int. */
    public static boolean fitsCanId(long id) {
        return id >= Integer.MIN_VALUE && id <= 0xFFFFFFFFL;
    }

    /** True for the STmin bytes ISO 15765-2 defines; every other byte is reserved. */
    public static boolean isDefinedStmin(int stmin) {
        return (stmin >= 0 && stmin <= MAX_STMIN_MILLIS) || (stmin >= MIN_STMIN_MICROS && stmin <= MAX_STMIN_MICROS);
    }
}
