package dev.isotp.testkit;

import dev.isotp.spi.CanFrame;
import dev.isotp.spi.FrameBus;
import dev.isotp.spi.FrameLink;
import dev.isotp.spi.FrameLinkException;
import dev.isotp.spi.FrameReceiver;
import java.util.List;

/**
 * A simulated ECU's view of a {@link VirtualCanBus}: its engine runs normally, and the frames it sends are changed,
 * dropped or paced on their way to the bus as its {@link Fault}s say.
 */
final class FaultyBus implements FrameBus {
    private final VirtualCanBus bus;
    private final List<Fault> faults;
    private final int ae;
    /** Faults for the transfer being sent now only (set around one send). */
    private volatile List<Fault> transfer = List.of();

    FaultyBus(VirtualCanBus bus, List<Fault> faults, boolean addressByte) {
        this.bus = bus;
        this.faults = faults;
        this.ae = addressByte ? 1 : 0;
    }

    @Override
    public FrameLink attach(String iface, boolean canFd, FrameReceiver receiver) throws FrameLinkException {
        return new FaultyLink((VirtualCanBus.VirtualLink) bus.attach(iface, canFd, receiver));
    }

    @Override
    public List<String> interfaces() {
        return bus.interfaces();
    }

    @Override
    public int mtu(String iface) {
        return bus.mtu(iface);
    }

    @Override
    public String howToAddInterface() {
        return bus.howToAddInterface();
    }

    @Override
    public void reportError(String where, Throwable error) {
        bus.reportError(where, error);
    }

    @Override
    public String toString() {
        return bus + " with faults " + faults;
    }

    /** Sets the faults of the transfer about to be sent (empty: none beyond the global ones). */
    void transferFaults(List<Fault> faults) {
        transfer = faults;
    }

    private boolean has(Fault.Kind kind) {
        return find(kind) != null;
    }

    private Fault find(Fault.Kind kind) {
        for (Fault f : transfer) {
            if (f.kind == kind) {
                return f;
            }
        }
        for (Fault f : faults) {
            if (f.kind == kind) {
                return f;
            }
        }
        return null;
    }

    private boolean dropsConsecutiveFrame(int n) {
        for (List<Fault> list : List.of(transfer, faults)) {
            for (Fault f : list) {
                if (f.kind == Fault.Kind.DROP_CF && f.count == n) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tracks the PDU being sent, to know where a frame's data ends and its padding begins. */
    private final class FaultyLink implements FrameLink {
        private final VirtualCanBus.VirtualLink link;
        private long remaining;
        private int consecutiveFrames;

        FaultyLink(VirtualCanBus.VirtualLink link) {
            this.link = link;
        }

        @Override
        public int ifindex() {
            return link.ifindex();
        }

        @Override
        public void send(CanFrame frame) throws FrameLinkException {
            byte[] d = frame.data().clone();
            int pci = frame.byteAt(ae) & 0xF0;
            int dataEnd = d.length;
            switch (pci) {
                case 0x00: {
                    int len = frame.byteAt(ae) & 0x0F;
                    int pciLen = ae + 1;
                    if (d.length > 8 && len == 0) {
                        len = frame.byteAt(ae + 1);
                        pciLen = ae + 2;
                    }
                    dataEnd = pciLen + len;
                    break;
                }
                case 0x10: {
                    long len = ((frame.byteAt(ae) & 0x0F) << 8) | frame.byteAt(ae + 1);
                    int pciLen = ae + 2;
                    if (len == 0) {
                        len = ((long) frame.byteAt(ae + 2) << 24) | (frame.byteAt(ae + 3) << 16)
                                | (frame.byteAt(ae + 4) << 8) | frame.byteAt(ae + 5);
                        pciLen = ae + 6;
                    }
                    remaining = len - (d.length - pciLen);
                    consecutiveFrames = 0;
                    break;
                }
                case 0x20: {
                    consecutiveFrames++;
                    int payload = d.length - ae - 1;
                    if (payload >= remaining) {
                        dataEnd = ae + 1 + (int) remaining;
                        remaining = 0;
                    } else {
                        remaining -= payload;
                    }
                    Fault cut = find(Fault.Kind.CUT_OFF);
                    if (cut != null && consecutiveFrames > cut.count) {
                        return; // the rest of the answer never comes
                    }
                    if (dropsConsecutiveFrame(consecutiveFrames)) {
                        return; // this one frame never comes
                    }
                    if (has(Fault.Kind.WRONG_SEQUENCE_NUMBER) && consecutiveFrames == 1) {
                        d[ae] = (byte) (0x20 | ((d[ae] + 1) & 0x0F));
                    }
                    break;
                }
                case 0x30: {
                    dataEnd = ae + 3;
                    boolean clearToSend = (frame.byteAt(ae) & 0x0F) == 0;
                    if (has(Fault.Kind.NO_FLOW_CONTROL)) {
                        return;
                    }
                    if (clearToSend && has(Fault.Kind.OVERFLOW)) {
                        d[ae] = (byte) 0x32;
                    } else if (clearToSend && has(Fault.Kind.WAIT_FRAMES)) {
                        Fault wait = find(Fault.Kind.WAIT_FRAMES);
                        long interval = wait.duration.toNanos();
                        byte[] w = d.clone();
                        w[ae] = (byte) 0x31;
                        CanFrame waitFrame = new CanFrame(frame.id(), w, frame.isFd(), frame.fdFlags());
                        for (int i = 0; i < wait.count; i++) {
                            link.sendLater(waitFrame, i * interval);
                        }
                        link.sendLater(new CanFrame(frame.id(), d, frame.isFd(), frame.fdFlags()), wait.count * interval);
                        return;
                    }
                    break;
                }
                default:
                    break;
            }
            if (has(Fault.Kind.BAD_PADDING) && dataEnd < d.length) {
                d[dataEnd] = (byte) ~d[dataEnd];
            }
            link.send(new CanFrame(frame.id(), d, frame.isFd(), frame.fdFlags()));
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
