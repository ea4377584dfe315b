package dev.isotp;

import dev.isotp.internal.text.Hex;
import dev.isotp.internal.abi.KernelAbi;

/**
 * A socket's address as getsockname(2) reports it: the interface index and the CAN ids as the kernel holds them,
 * CAN_EFF_FLAG (0x80000000) set on 29-bit ids ({@code struct sockaddr_can}, include/uapi/linux/can.h).
 *
 * @param ifindex the index of the interface the socket is bound to
 * @param rxid the receive id as bound, flags included
 * @param txid the transmit id as bound, flags included
 */
public record SocketName(int ifindex, int rxid, int txid) {

    /**
     * Whether the ids are 29-bit.
     *
     * @return true when both ids carry CAN_EFF_FLAG
     */
    public boolean extendedIds() {
        return (rxid & KernelAbi.CAN_EFF_FLAG) != 0 && (txid & KernelAbi.CAN_EFF_FLAG) != 0;
    }

    /** {@code SocketName[ifindex=2, rxid=0x000007E8, txid=0x000007E0]}, ids as unsigned 32-bit hex. */
    @Override
    public String toString() {
        return "SocketName[ifindex=" + ifindex + ", rxid=" + Hex.of(Integer.toUnsignedLong(rxid), 8) + ", txid="
                + Hex.of(Integer.toUnsignedLong(txid), 8) + "]";
    }
}
