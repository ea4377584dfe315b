package dev.isotp;

import dev.isotp.internal.abi.KernelAbi;
import dev.isotp.internal.abi.Structs;
import dev.isotp.validation.Attribute;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The one translation between a channel's attributes and the kernel's option structs
 * ({@code include/uapi/linux/can/isotp.h}): {@code can_isotp_options}, {@code can_isotp_fc_options},
 * {@code can_isotp_ll_options} and the forced STmin values, each encoded from the attributes' values and decoded
 * back into the option views. Which attribute turns on which flag is {@link IsoTpFlag}'s column.
 */
final class OptionStructs {
    private OptionStructs() {
    }

    /**
     * {@code can_isotp_options} from the general options and forced STmin in {@code values}, with the address flags and
     * bytes of {@code forAddress} where its mode has address bytes (null: none, as before bind).
     */
    static ByteBuffer general(Function<Attribute, Object> values, Address forAddress) {
        int flags = IsoTpFlag.encode(values, java.util.EnumSet.allOf(Attribute.class));
        int extAddress = 0;
        int rxExtAddress = 0;
        if (forAddress != null && forAddress.mode().extendedAddressing()) {
            flags |= IsoTpFlag.EXTEND_ADDR.bit() | IsoTpFlag.RX_EXT_ADDR.bit();
            extAddress = forAddress.txAddressByte().getAsInt();
            rxExtAddress = forAddress.rxAddressByte().getAsInt();
        }
        return Structs.options(flags, (Long) values.apply(Attribute.FRAME_TX_TIME_NANOS), extAddress,
                padContent(values, Attribute.TX_PADDING), padContent(values, Attribute.RX_PADDING), rxExtAddress);
    }

    private static int padContent(Function<Attribute, Object> values, Attribute padding) {
        Long value = (Long) values.apply(padding);
        return value == null ? KernelAbi.DEFAULT_PAD_CONTENT : value.intValue();
    }

    /** {@code can_isotp_fc_options} from bs, stmin and wftmax in {@code values}. */
    static ByteBuffer flowControl(Function<Attribute, Object> values) {
        return Structs.flowControl(integer(values, Attribute.BS), integer(values, Attribute.STMIN),
                integer(values, Attribute.WFTMAX));
    }

    /** {@code can_isotp_ll_options} from canFd, txDataLength and bitRateSwitch in {@code values}. */
    static ByteBuffer linkLayer(Function<Attribute, Object> values) {
        return Structs.linkLayer((Boolean) values.apply(Attribute.CAN_FD) ? KernelAbi.CANFD_MTU : KernelAbi.CAN_MTU,
                integer(values, Attribute.TX_DATA_LENGTH),
                (Boolean) values.apply(Attribute.BIT_RATE_SWITCH) ? KernelAbi.CANFD_BRS : 0);
    }

    /** The general options a kernel's {@code can_isotp_options} hold, flags by name and raw bytes. */
    static KernelOptions kernelOptions(ByteBuffer options) {
        return new KernelOptions(IsoTpFlag.decode(options.getInt(0)), Structs.u32(options, 4), Structs.u8(options, 8),
                Structs.u8(options, 9), Structs.u8(options, 10), Structs.u8(options, 11));
    }

    /** The flow control a kernel's {@code can_isotp_fc_options} hold, as they are. */
    static FlowControlOptions flowControl(ByteBuffer fc) {
        return FlowControlOptions.of(a -> (long) Structs.u8(fc, a == Attribute.BS ? 0 : a == Attribute.STMIN ? 1 : 2));
    }

    /** The link layer a kernel's {@code can_isotp_ll_options} hold, as they are. */
    static LinkLayerOptions linkLayer(ByteBuffer ll) {
        return LinkLayerOptions.of(a -> a == Attribute.CAN_FD ? (Object) (Structs.u8(ll, 0) == KernelAbi.CANFD_MTU)
                : a == Attribute.BIT_RATE_SWITCH ? (Object) ((Structs.u8(ll, 2) & KernelAbi.CANFD_BRS) != 0)
                : (Object) (long) Structs.u8(ll, 1));
    }

    private static int integer(Function<Attribute, Object> values, Attribute attribute) {
        return ((Long) values.apply(attribute)).intValue();
    }
}
