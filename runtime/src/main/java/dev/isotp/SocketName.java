package dev.isotp;

import dev.isotp.kernel.KernelAbi;

/**
 * A socket's address as getsockname(2) reports it: the interface index and the CAN ids as the kernel holds them,
 * CAN_EFF_FLAG (0x80000000) set on 29-bit ids.
 */
public final class SocketName {
    private final int ifindex;
    private final int rxId;
    private final int txId;

    SocketName(int ifindex, int rxId, int txId) {
        this.ifindex = ifindex;
        this.rxId = rxId;
        this.txId = txId;
    }

    public int ifindex() {
        return ifindex;
    }

    /** The receive id as bound, flags included. */
    public int rxId() {
        return rxId;
    }

    /** The transmit id as bound, flags included. */
    public int txId() {
        return txId;
    }

    /** True when the ids carry CAN_EFF_FLAG (29-bit ids). */
    public boolean extendedIds() {
        return (rxId & KernelAbi.CAN_EFF_FLAG) != 0 && (txId & KernelAbi.CAN_EFF_FLAG) != 0;
    }

    @Override
    public String toString() {
        return String.format("SocketName[ifindex=%d, rxId=0x%08X, txId=0x%08X]", ifindex, rxId, txId);
    }
}
