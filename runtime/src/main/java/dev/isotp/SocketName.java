package dev.isotp;

import dev.isotp.internal.text.Hex;
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

    public int ifindex() {
        return ifindex;
    }

    /** The receive id as bound, flags included. */
    public int rxid() {
        return rxid;
    }

    /** The transmit id as bound, flags included. */
    public int txid() {
        return txid;
    }

    /** True when the ids carry CAN_EFF_FLAG (29-bit ids). */
    public boolean extendedIds() {
        return (rxid & KernelAbi.CAN_EFF_FLAG) != 0 && (txid & KernelAbi.CAN_EFF_FLAG) != 0;
    }

    @Override
    public String toString() {
        return "SocketName[ifindex=" + ifindex + ", rxid=" + Hex.of(Integer.toUnsignedLong(rxid), 8) + ", txid="
                + Hex.of(Integer.toUnsignedLong(txid), 8) + "]";
    }
}
