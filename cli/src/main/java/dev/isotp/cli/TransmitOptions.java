package dev.isotp.cli;

import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Limits;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the commands that transmit (send and recv, which sends flow control): what this side puts on the
 * bus. sniff listens only and has none of them. First names are {@code @IsoTpChannel} elements, as in
 * {@link ListenOptions}.
 */
final class TransmitOptions {
    /** The data lengths the validator allows, for --txDataLength's help. */
    static final class TxDataLengths implements Iterable<String> {
        static final List<String> ALL = List.of(Limits.txDataLengths().split(",\\s*"));
        /** What --canFd transmits unless --txDataLength says otherwise: the largest CAN FD frame. */
        static final int LARGEST = Integer.parseInt(ALL.get(ALL.size() - 1));

        @Override
        public Iterator<String> iterator() {
            return ALL.iterator();
        }
    }

    @Option(names = "--functional", description = "Transmit on the functional id (NORMAL_FIXED_29, MIXED_29).")
    boolean functional;

    @Option(names = "--stmin", paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "STmin byte of the flow control we send, in hex as on the wire: 00-7F ms, F1-F9 100-900 us (default 00).")
    Integer stmin;

    @Option(names = "--bs", paramLabel = "N", description = "Block size of the flow control we send, decimal (default 0: no further flow control).")
    Integer bs;

    @Option(names = "--wftmax", paramLabel = "N",
            description = "WFTmax, decimal (default 0). Linux stores it but accepts any number of WAIT frames: a peer that keeps sending WAIT holds send.")
    Integer wftmax;

    @Option(names = {"--txPadding", "--tx-padding", "--padding"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Pad transmitted frames with this byte (e.g. CC).")
    Integer txPadding;

    @Option(names = {"--halfDuplex", "--half-duplex"}, description = "Half duplex: no receive while sending.")
    boolean halfDuplex;

    @Option(names = {"--sfBroadcast", "--sf-broadcast"},
            description = "Single-frame broadcast: send without waiting for flow control (single frames only).")
    boolean sfBroadcast;

    @Option(names = {"--cfBroadcast", "--cf-broadcast"},
            description = "Consecutive-frame broadcast: send every frame without waiting for flow control.")
    boolean cfBroadcast;

    @Option(names = {"--frameTxTimeNanos", "--frame-tx-time-nanos", "--frame-tx-time"}, paramLabel = "NS",
            description = "Gap between transmitted frames in ns (kernel default 50000).")
    Long frameTxTimeNanos;

    @Option(names = {"--txStminNanos", "--tx-stmin-nanos", "--force-tx-stmin"}, paramLabel = "NS",
            description = "Send consecutive frames this many ns apart, whatever the peer's STmin.")
    Long txStminNanos;

    @Option(names = {"--txDataLength", "--tx-data-length", "--tx-dl"}, paramLabel = "N", completionCandidates = TxDataLengths.class,
            description = "Data length of transmitted frames: one of ${COMPLETION-CANDIDATES}; classic CAN takes "
                    + Limits.CLASSIC_TX_DATA_LENGTH + " only (default " + Limits.CLASSIC_TX_DATA_LENGTH + ", the largest with --canFd).")
    Integer txDataLength;

    @Option(names = {"--bitRateSwitch", "--bit-rate-switch", "--brs"}, description = "CAN FD bit rate switch.")
    boolean bitRateSwitch;

    /**
     * The data length of transmitted frames when {@code --txDataLength} was not typed: the largest on CAN FD, where
     * the kernel's own default (8) would waste the frame.
     */
    void defaultDataLength(IsoTpConfig.Builder b) {
        if (txDataLength == null && Boolean.TRUE.equals(b.get(dev.isotp.validation.Attribute.CAN_FD))) {
            b.txDataLength(TxDataLengths.LARGEST);
        }
    }
}
