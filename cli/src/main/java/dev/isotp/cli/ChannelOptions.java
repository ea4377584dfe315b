package dev.isotp.cli;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Attribute;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command shares: interface, addressing, flow control, padding, link layer. Values are taken as
 * written and judged only by the shared validator (through {@link IsoTpConfig.Builder#build()}); an option left out
 * keeps the runtime's default.
 */
final class ChannelOptions {
    /** The option that sets each attribute, to point at it in the validator's messages. */
    static final Map<Attribute, String> OPTION_OF = new EnumMap<>(Attribute.class);

    static {
        OPTION_OF.put(Attribute.IFACE, "--iface");
        OPTION_OF.put(Attribute.MODE, "--mode");
        OPTION_OF.put(Attribute.RXID, "--rxid");
        OPTION_OF.put(Attribute.TXID, "--txid");
        OPTION_OF.put(Attribute.TARGET_ADDRESS, "--target-address");
        OPTION_OF.put(Attribute.SOURCE_ADDRESS, "--source-address");
        OPTION_OF.put(Attribute.ADDRESS_EXTENSION, "--address-extension");
        OPTION_OF.put(Attribute.FUNCTIONAL, "--functional");
        OPTION_OF.put(Attribute.STMIN, "--stmin");
        OPTION_OF.put(Attribute.BS, "--bs");
        OPTION_OF.put(Attribute.WFTMAX, "--wftmax");
        OPTION_OF.put(Attribute.TX_PADDING, "--padding");
        OPTION_OF.put(Attribute.RX_PADDING, "--rx-padding");
        OPTION_OF.put(Attribute.CHECK_PADDING_LENGTH, "--check-padding");
        OPTION_OF.put(Attribute.CHECK_PADDING_DATA, "--check-padding");
        OPTION_OF.put(Attribute.HALF_DUPLEX, "--half-duplex");
        OPTION_OF.put(Attribute.SF_BROADCAST, "--sf-broadcast");
        OPTION_OF.put(Attribute.CF_BROADCAST, "--cf-broadcast");
        OPTION_OF.put(Attribute.FRAME_TX_TIME_NANOS, "--frame-tx-time");
        OPTION_OF.put(Attribute.TX_STMIN_NANOS, "--force-tx-stmin");
        OPTION_OF.put(Attribute.RX_STMIN_NANOS, "--force-rx-stmin");
        OPTION_OF.put(Attribute.CAN_FD, "--can-fd");
        OPTION_OF.put(Attribute.TX_DATA_LENGTH, "--tx-dl");
        OPTION_OF.put(Attribute.BIT_RATE_SWITCH, "--brs");
        OPTION_OF.put(Attribute.RECEIVE_TIMEOUT_MILLIS, "--timeout");
    }

    enum PaddingCheck { LENGTH, DATA, ALL }

    @Option(names = {"-i", "--iface"}, paramLabel = "NAME", description = "The CAN interface, e.g. vcan0 or can0.")
    String iface;

    @Option(names = "--mode", paramLabel = "MODE", description = "Addressing mode: ${COMPLETION-CANDIDATES} "
            + "(default ${DEFAULT-VALUE}; case does not matter).", defaultValue = "NORMAL_11")
    AddressingMode mode;

    @Option(names = {"--rxid", "--rx-id"}, paramLabel = "HEX", converter = HexConverters.Id.class,
            description = "CAN id to receive on, in hex (e.g. 7E8; 29-bit ids need a 29-bit --mode).")
    Long rxid;

    @Option(names = {"--txid", "--tx-id"}, paramLabel = "HEX", converter = HexConverters.Id.class,
            description = "CAN id to transmit with, in hex (e.g. 7E0).")
    Long txid;

    @Option(names = {"--target-address", "--ta"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Target address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29).")
    Integer targetAddress;

    @Option(names = {"--source-address", "--sa"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Source address byte (NORMAL_FIXED_29, EXTENDED_*, MIXED_29).")
    Integer sourceAddress;

    @Option(names = {"--address-extension", "--ae"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Address extension byte (MIXED_11, MIXED_29).")
    Integer addressExtension;

    @Option(names = "--functional", description = "Transmit on the functional id (NORMAL_FIXED_29, MIXED_29).")
    boolean functional;

    @Option(names = "--stmin", paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "STmin byte of the flow control we send, in hex as on the wire: 00-7F ms, F1-F9 100-900 us (default 00).")
    Integer stmin;

    @Option(names = "--bs", paramLabel = "N", description = "Block size of the flow control we send, decimal (default 0: no further flow control).")
    Integer bs;

    @Option(names = "--wftmax", paramLabel = "N", description = "WFTmax, decimal (default 0). Linux stores it but accepts any number of WAIT frames: a peer that keeps sending WAIT holds send.")
    Integer wftmax;

    @Option(names = {"--padding", "--tx-padding"}, paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Pad transmitted frames with this byte (e.g. CC).")
    Integer txPadding;

    @Option(names = "--rx-padding", paramLabel = "HEX", converter = HexConverters.Byte.class,
            description = "Padding byte expected in received frames.")
    Integer rxPadding;

    @Option(names = "--check-padding", paramLabel = "WHAT",
            description = "Check received padding: ${COMPLETION-CANDIDATES} (DATA and ALL need --rx-padding).")
    PaddingCheck checkPadding;

    @Option(names = "--half-duplex", description = "Half duplex: no receive while sending.")
    boolean halfDuplex;

    @Option(names = "--sf-broadcast", description = "Single-frame broadcast: send without waiting for flow control (single frames only).")
    boolean sfBroadcast;

    @Option(names = "--cf-broadcast", description = "Consecutive-frame broadcast: send every frame without waiting for flow control.")
    boolean cfBroadcast;

    @Option(names = "--frame-tx-time", paramLabel = "NS", description = "Gap between transmitted frames in ns (kernel default 50000).")
    Long frameTxTimeNanos;

    @Option(names = "--force-tx-stmin", paramLabel = "NS", description = "Send consecutive frames this many ns apart, whatever the peer's STmin.")
    Long txStminNanos;

    @Option(names = "--force-rx-stmin", paramLabel = "NS", description = "Drop received consecutive frames closer than this many ns.")
    Long rxStminNanos;

    @Option(names = {"--can-fd", "--fd"}, description = "CAN FD frames (the interface needs mtu 72).")
    boolean canFd;

    @Option(names = {"--tx-dl", "--tx-data-length"}, paramLabel = "N",
            description = "Data length of transmitted frames: 8 on classic CAN; 8-64 on CAN FD (default 8, 64 with --can-fd).")
    Integer txDataLength;

    @Option(names = "--brs", description = "CAN FD bit rate switch.")
    boolean bitRateSwitch;

    /** The configuration as written; {@code build()} on it runs the shared validator. */
    IsoTpConfig.Builder builder() {
        IsoTpConfig.Builder b = IsoTpConfig.builder().iface(iface).mode(mode).functional(functional);
        if (rxid != null) {
            b.rxid(rxid);
        }
        if (txid != null) {
            b.txid(txid);
        }
        if (targetAddress != null) {
            b.targetAddress(targetAddress);
        }
        if (sourceAddress != null) {
            b.sourceAddress(sourceAddress);
        }
        if (addressExtension != null) {
            b.addressExtension(addressExtension);
        }
        if (stmin != null) {
            b.stmin(stmin);
        }
        if (bs != null) {
            b.bs(bs);
        }
        if (wftmax != null) {
            b.wftmax(wftmax);
        }
        if (txPadding != null) {
            b.txPadding(txPadding);
        }
        if (rxPadding != null) {
            b.rxPadding(rxPadding);
        }
        if (checkPadding != null) {
            b.checkPaddingLength(checkPadding != PaddingCheck.DATA);
            b.checkPaddingData(checkPadding != PaddingCheck.LENGTH);
        }
        b.halfDuplex(halfDuplex).sfBroadcast(sfBroadcast).cfBroadcast(cfBroadcast);
        if (frameTxTimeNanos != null) {
            b.frameTxTimeNanos(frameTxTimeNanos);
        }
        if (txStminNanos != null) {
            b.txStminNanos(txStminNanos);
        }
        if (rxStminNanos != null) {
            b.rxStminNanos(rxStminNanos);
        }
        b.canFd(canFd).bitRateSwitch(bitRateSwitch);
        b.txDataLength(txDataLength != null ? txDataLength : canFd ? 64 : 8);
        return b;
    }
}
