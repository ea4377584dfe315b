package dev.isotp.internal.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.ToLongFunction;

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

    /** The width of a pointer, size_t and long here: the structs of recvmsg(2) are made of them. */
    private static final int WORD = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
    /**
     * struct msghdr: void *msg_name @0; socklen_t msg_namelen @W; struct iovec *msg_iov @2W; size_t msg_iovlen @3W;
     * void *msg_control @4W; size_t msg_controllen @5W; int msg_flags @6W; 7W bytes (W = word size).
     */
    private static final int MSG_IOV = 2 * WORD;
    private static final int MSG_IOVLEN = 3 * WORD;
    private static final int MSG_CONTROL = 4 * WORD;
    private static final int MSG_CONTROLLEN = 5 * WORD;
    private static final int MSGHDR_SIZE = 7 * WORD;
    /** struct iovec: void *iov_base @0; size_t iov_len @W. */
    private static final int IOVEC_SIZE = 2 * WORD;
    /** struct cmsghdr: size_t cmsg_len @0; int cmsg_level @W; int cmsg_type @W+4; data at the next word boundary. */
    private static final int CMSG_HEADER = align(WORD + 8);
    /** struct timespec: time_t tv_sec (a long for SO_TIMESTAMPNS); long tv_nsec. */
    private static final int TIMESPEC_SIZE = 2 * WORD;
    /** Room for the timestamp's control message and one more of the same size (CMSG_SPACE each). */
    private static final int CONTROL_SIZE = 2 * (CMSG_HEADER + align(TIMESPEC_SIZE));
    private static final int IOVEC_AT = MSGHDR_SIZE;
    private static final int CONTROL_AT = IOVEC_AT + IOVEC_SIZE;

    private static int align(int length) {
        return (length + WORD - 1) & -WORD;
    }

    /**
     * A struct msghdr for recvmsg(2) in one direct buffer, followed by its one struct iovec and its control buffer;
     * the pointers inside point into the buffer itself. {@link #receiveInto} names the bytes to receive into before
     * each call; {@link #timestampNanos} reads the SCM_TIMESTAMPNS control message after it.
     *
     * @param addressOf the native binding's address of a direct buffer's first byte
     */
    public static ByteBuffer receiveMessage(ToLongFunction<ByteBuffer> addressOf) {
        ByteBuffer b = allocate(CONTROL_AT + CONTROL_SIZE);
        long base = addressOf.applyAsLong(b);
        putWord(b, MSG_IOV, base + IOVEC_AT);
        putWord(b, MSG_IOVLEN, 1);
        putWord(b, MSG_CONTROL, base + CONTROL_AT);
        return b;
    }

    /** Points the message's iovec at {@code length} bytes from {@code address}, and resets the control length. */
    public static void receiveInto(ByteBuffer message, long address, int length) {
        putWord(message, IOVEC_AT, address);
        putWord(message, IOVEC_AT + WORD, length);
        putWord(message, MSG_CONTROLLEN, CONTROL_SIZE);
        message.putInt(6 * WORD, 0);
    }

    /**
     * The SCM_TIMESTAMPNS stamp in a received message, in nanoseconds since the epoch; {@link Long#MIN_VALUE} when the
     * kernel sent none.
     */
    public static long timestampNanos(ByteBuffer message) {
        long controlLength = getWord(message, MSG_CONTROLLEN);
        int at = 0;
        while (at + CMSG_HEADER <= controlLength) {
            int offset = CONTROL_AT + at;
            long length = getWord(message, offset);
            if (length < CMSG_HEADER) {
                break;
            }
            if (message.getInt(offset + WORD) == KernelAbi.SOL_SOCKET
                    && message.getInt(offset + WORD + 4) == KernelAbi.SCM_TIMESTAMPNS
                    && length >= CMSG_HEADER + TIMESPEC_SIZE) {
                return getWord(message, offset + CMSG_HEADER) * 1_000_000_000L + getWord(message, offset + CMSG_HEADER + WORD);
            }
            at += align((int) length);
        }
        return Long.MIN_VALUE;
    }

    private static void putWord(ByteBuffer b, int index, long value) {
        if (WORD == 8) {
            b.putLong(index, value);
        } else {
            b.putInt(index, (int) value);
        }
    }

    private static long getWord(ByteBuffer b, int index) {
        return WORD == 8 ? b.getLong(index) : b.getInt(index);
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
