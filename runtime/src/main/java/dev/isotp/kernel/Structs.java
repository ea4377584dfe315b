package dev.isotp.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Byte-exact encodings of the kernel's ISO-TP structs, in native byte order with no padding inside. Each method
 * writes at index 0 of a buffer of exactly the struct's size, so setsockopt gets the optlen the kernel insists on.
 */
public final class Structs {
    private Structs() {
    }

    /** A zeroed, native-order direct buffer of the given size. */
    public static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** struct can_isotp_options: u32 flags; u32 frame_txtime; u8 ext_address, txpad_content, rxpad_content, rx_ext_address. */
    public static ByteBuffer options(int flags, long frameTxTimeNanos, int extAddress, int txPadContent,
            int rxPadContent, int rxExtAddress) {
        ByteBuffer b = allocate(KernelAbi.OPTIONS_SIZE);
        b.putInt(0, flags);
        b.putInt(4, (int) frameTxTimeNanos);
        b.put(8, (byte) extAddress);
        b.put(9, (byte) txPadContent);
        b.put(10, (byte) rxPadContent);
        b.put(11, (byte) rxExtAddress);
        return b;
    }

    /** struct can_isotp_fc_options: u8 bs; u8 stmin; u8 wftmax. */
    public static ByteBuffer flowControl(int bs, int stmin, int wftmax) {
        ByteBuffer b = allocate(KernelAbi.FC_OPTIONS_SIZE);
        b.put(0, (byte) bs);
        b.put(1, (byte) stmin);
        b.put(2, (byte) wftmax);
        return b;
    }

    /** struct can_isotp_ll_options: u8 mtu (16 or 72); u8 tx_dl; u8 tx_flags. */
    public static ByteBuffer linkLayer(int mtu, int txDataLength, int txFlags) {
        ByteBuffer b = allocate(KernelAbi.LL_OPTIONS_SIZE);
        b.put(0, (byte) mtu);
        b.put(1, (byte) txDataLength);
        b.put(2, (byte) txFlags);
        return b;
    }

    /** The u32 nanosecond value of CAN_ISOTP_TX_STMIN / CAN_ISOTP_RX_STMIN. */
    public static ByteBuffer nanos(long nanos) {
        ByteBuffer b = allocate(KernelAbi.STMIN_SIZE);
        b.putInt(0, (int) nanos);
        return b;
    }

    /**
     * struct sockaddr_can for ISO-TP: u16 can_family @0; s32 can_ifindex @4; u32 rx_id @8; u32 tx_id @12 (the receive
     * id comes FIRST); the rest of the 24 bytes zero.
     */
    public static ByteBuffer socketAddress(int ifindex, int rxid, int txid) {
        ByteBuffer b = allocate(KernelAbi.SOCKADDR_CAN_SIZE);
        b.putShort(0, (short) KernelAbi.AF_CAN);
        b.putInt(4, ifindex);
        b.putInt(8, rxid);
        b.putInt(12, txid);
        return b;
    }

    /** Reads an unsigned byte. */
    public static int u8(ByteBuffer b, int index) {
        return b.get(index) & 0xFF;
    }

    /** Reads an unsigned 32-bit value. */
    public static long u32(ByteBuffer b, int index) {
        return b.getInt(index) & 0xFFFFFFFFL;
    }
}
