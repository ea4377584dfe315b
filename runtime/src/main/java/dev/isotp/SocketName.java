package dev.isotp;

import dev.isotp.kernel.KernelAbi;

/**
 * A socket's address as getsockname(2) reports it: the interface index and the CAN ids as the kernel holds them,
 * CAN_EFF_FLAG (0x80000000) set on 29-bit ids.
 */
public final class SocketName {
    private final int ifindex;
    private final int rxid;
    private final int txid;

    SocketName(int ifindex, int rxid, int txid) {
        this.ifindex = ifindex;
        this.rxid = rxid;
        this.txid = txid;
    }

    /** {@return the index of the interface the socket is bound to; 0 when it is not bound} */
    public int ifindex() {
        return ifindex;
    }

    /** {@return the receive id as bound, flags included (CAN_EFF_FLAG on 29-bit ids)} */
    public int rxid() {
        return rxid;
    }

    /** {@return the transmit id as bound, flags included (CAN_EFF_FLAG on 29-bit ids)} */
    public int txid() {
        return txid;
    }

    /** {@return whether both ids carry CAN_EFF_FLAG (29-bit ids)} */
    public boolean extendedIds() {
        return (rxid & KernelAbi.CAN_EFF_FLAG) != 0 && (txid & KernelAbi.CAN_EFF_FLAG) != 0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "SocketName[ifindex=%d, rxid=0x%08X, txid=0x%08X]", ifindex, rxid, txid);
    }
}
