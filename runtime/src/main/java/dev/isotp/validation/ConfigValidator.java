package dev.isotp.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one source of truth for what a channel configuration may hold. It collects every problem of a configuration,
 * section by section, instead of stopping at the first; the builders of the runtime and the annotation processor
 * both call it, so a value is judged in exactly one place and described in exactly one wording ({@link Rule}).
 *
 * <p>It accepts what the kernel accepts and refuses what the kernel refuses, and, on purpose, also what the kernel
 * takes but silently misuses ({@link Rule.KernelVerdict#MISUSES}). Values arrive unchecked, as wide types
 * ({@code long} for ids and nanoseconds, {@code int} for bytes, {@code null} for "not set"), so that a value out of
 * range can be named rather than wrapped around.
 *
 * <p>Each section method adds the problems of its values and returns this validator; none throws, whatever the
 * values. The limits are those of the kernel's {@code include/uapi/linux/can/isotp.h} and {@code net/can/isotp.c}
 * and of ISO 15765-2, written once in {@link Limits}. A validator is not thread-safe; use one per configuration.
 */
public final class ConfigValidator {
    private final List<Problem> problems = new ArrayList<>();

    /** A validator with no problems yet. */
    public ConfigValidator() {
    }

    /**
     * Every section, from a configuration's values by attribute: what was set, else the attribute's default
     * ({@code null} = not set), as {@code IsoTpConfig.Builder#get(Attribute)} gives them.
     *
     * @param values the value of each attribute: numbers as {@link Long}, flags as {@link Boolean}, the mode as an
     *        {@link AddressingScheme}, the interface as a String, lists of numbers as {@code List<Long>}
     * @return this validator
     */
    public ConfigValidator configuration(Function<Attribute, Object> values) {
        boolean broadcast = flag(values, Attribute.SF_BROADCAST) || flag(values, Attribute.CF_BROADCAST);
        iface((String) values.apply(Attribute.IFACE));
        address((AddressingScheme) values.apply(Attribute.MODE), number(values, Attribute.RXID),
                number(values, Attribute.TXID), number(values, Attribute.TARGET_ADDRESS),
                number(values, Attribute.SOURCE_ADDRESS), number(values, Attribute.ADDRESS_EXTENSION),
                flag(values, Attribute.FUNCTIONAL), broadcast);
        flowControl(values).generalOptions(values);
        forcedStmin(number(values, Attribute.TX_STMIN_NANOS), number(values, Attribute.RX_STMIN_NANOS));
        linkLayer(values);
        receive(number(values, Attribute.RECEIVE_TIMEOUT_MILLIS), number(values, Attribute.RECEIVE_BUFFER_SIZE));
        request(number(values, Attribute.REQUEST_TIMEOUT_MILLIS));
        Map<Attribute, Long> udsSettings = new EnumMap<>(Attribute.class);
        for (Attribute a : Attribute.values()) {
            if (a.isUdsSetting() && a.kind() == Attribute.Kind.NUMBER) {
                udsSettings.put(a, number(values, a));
            }
        }
        @SuppressWarnings("unchecked")
        List<Long> serviceIds = (List<Long>) values.apply(Attribute.SUB_FUNCTION_SERVICES);
        return uds(flag(values, Attribute.UDS), udsSettings).subFunctionServices(flag(values, Attribute.UDS), serviceIds);
    }

    /**
     * The flow control section ({@link #flowControl(long, long, long)}) from values by attribute.
     *
     * @param values the value of each attribute, as for {@link #configuration(Function)}
     * @return this validator
     */
    ConfigValidator flowControl(Function<Attribute, Object> values) {
        return flowControl(number(values, Attribute.BS), number(values, Attribute.STMIN), number(values, Attribute.WFTMAX));
    }

    /**
     * The general options section ({@link #generalOptions(Long, Long, boolean, boolean, boolean, boolean, long)})
     * from values by attribute.
     *
     * @param values the value of each attribute, as for {@link #configuration(Function)}
     * @return this validator
     */
    public ConfigValidator generalOptions(Function<Attribute, Object> values) {
        return generalOptions(number(values, Attribute.TX_PADDING), number(values, Attribute.RX_PADDING),
                flag(values, Attribute.CHECK_PADDING_LENGTH), flag(values, Attribute.CHECK_PADDING_DATA),
                flag(values, Attribute.SF_BROADCAST), flag(values, Attribute.CF_BROADCAST),
                number(values, Attribute.FRAME_TX_TIME_NANOS));
    }

    /**
     * The link layer section ({@link #linkLayer(boolean, long, boolean)}) from values by attribute.
     *
     * @param values the value of each attribute, as for {@link #configuration(Function)}
     * @return this validator
     */
    ConfigValidator linkLayer(Function<Attribute, Object> values) {
        return linkLayer(flag(values, Attribute.CAN_FD), number(values, Attribute.TX_DATA_LENGTH),
                flag(values, Attribute.BIT_RATE_SWITCH));
    }

    private static Long number(Function<Attribute, Object> values, Attribute attribute) {
        return (Long) values.apply(attribute);
    }

    private static boolean flag(Function<Attribute, Object> values, Attribute attribute) {
        return (Boolean) values.apply(attribute);
    }

    /**
     * The interface name: 1-15 printable ASCII characters other than '/', ':' and space, and not "." or "..".
     *
     * @param iface the name; {@code null} or empty is reported as missing
     * @return this validator, for the next section
     */
    public ConfigValidator iface(String iface) {
        if (iface == null || iface.isEmpty()) {
            report(Rule.IFACE_MISSING, Attribute.IFACE, null);
        } else if (iface.length() > Limits.MAX_IFACE_NAME_LENGTH || !iface.chars().allMatch(ConfigValidator::isIfaceChar)
                || iface.equals(".") || iface.equals("..")) {
            report(Rule.IFACE_INVALID, Attribute.IFACE, iface);
        }
        return this;
    }

    private static boolean isIfaceChar(int c) {
        return c > ' ' && c < 0x7F && c != '/' && c != ':';
    }

    /**
     * The address: the mode, and the ids and bytes it needs. Ids are plain CAN ids (no CAN_EFF_FLAG); {@code null}
     * means not set. With a broadcast flag the kernel ignores the receive id, so equal ids are allowed then.
     *
     * @param mode the addressing mode; {@code null} is reported as missing (and nothing else of the address is
     *        judged)
     * @param rxid the receive id, needed in the modes with given ids, refused in the others
     * @param txid the transmit id, needed in the modes with given ids, refused in the others
     * @param targetAddress TA, a byte, needed in NORMAL_FIXED_29, EXTENDED_* and MIXED_29, refused in the others
     * @param sourceAddress SA, a byte, needed where TA is
     * @param addressExtension AE, a byte, needed in MIXED_11 and MIXED_29, refused in the others
     * @param functional the functional id of a fixed mode; refused in the modes with given ids
     * @param broadcast whether sfBroadcast or cfBroadcast is set: the receive id is then not used by the kernel
     * @return this validator, for the next section
     */
    public ConfigValidator address(AddressingScheme mode, Long rxid, Long txid, Long targetAddress,
            Long sourceAddress, Long addressExtension, boolean functional, boolean broadcast) {
        if (mode == null) {
            report(Rule.MODE_MISSING, Attribute.MODE, null);
            return this;
        }
        if (mode.idsGiven()) {
            boolean rxOk = id(Attribute.RXID, rxid, mode, broadcast);
            boolean txOk = id(Attribute.TXID, txid, mode, false);
            if (rxOk && txOk && !broadcast && rxid.longValue() == txid.longValue()) {
                report(Rule.IDS_EQUAL, Attribute.TXID, txid);
            }
            if (functional) {
                report(Rule.FUNCTIONAL_NOT_USED, Attribute.FUNCTIONAL, null, mode);
            }
        } else {
            if (rxid != null) {
                report(Rule.ID_DERIVED, Attribute.RXID, rxid, mode);
            }
            if (txid != null) {
                report(Rule.ID_DERIVED, Attribute.TXID, txid, mode);
            }
        }
        addressByte(Attribute.TARGET_ADDRESS, targetAddress, mode.usesTargetAndSource(), mode);
        addressByte(Attribute.SOURCE_ADDRESS, sourceAddress, mode.usesTargetAndSource(), mode);
        addressByte(Attribute.ADDRESS_EXTENSION, addressExtension, mode.usesAddressExtension(), mode);
        if (!mode.idsGiven() && mode.usesTargetAndSource() && !broadcast && !functional && targetAddress != null
                && targetAddress.equals(sourceAddress) && isByte(targetAddress)) {
            // derived rx and tx ids would be equal (a functional tx id has another base, so it differs from rx)
            report(Rule.ADDRESSES_EQUAL, Attribute.SOURCE_ADDRESS, sourceAddress, mode);
        }
        return this;
    }

    /** {@code ignoredByKernel}: the kernel does not look at this id (the receive id next to a broadcast flag). */
    private boolean id(Attribute attribute, Long id, AddressingScheme mode, boolean ignoredByKernel) {
        if (id == null) {
            report(Rule.ID_MISSING, attribute, null, mode);
            return false;
        }
        if (mode.extendedIds()) {
            if (id < 0 || id > Limits.MAX_29_BIT_ID) {
                report(Rule.ID_NOT_29_BIT, idVerdict(id, ignoredByKernel, Rule.KernelVerdict.LIBRARY), attribute, id, mode);
                return false;
            }
        } else if (id < 0 || id > Limits.MAX_11_BIT_ID) {
            report(Rule.ID_NOT_11_BIT, idVerdict(id, ignoredByKernel, Rule.KernelVerdict.MISUSES), attribute, id, mode);
            return false;
        }
        return true;
    }

    /**
     * The kernel's verdict on an id out of the mode's range: it ignores an id it does not look at, takes a 32-bit
     * value with CAN_EFF_FLAG as a 29-bit id ({@code flagged}: the same id in a 29-bit mode, another id width in an
     * 11-bit one), and refuses any other.
     */
    private static Rule.KernelVerdict idVerdict(long id, boolean ignoredByKernel, Rule.KernelVerdict flagged) {
        if (ignoredByKernel && Limits.fitsCanId(id)) {
            return Rule.KernelVerdict.MISUSES;
        }
        return Limits.isFlaggedExtendedId(id) ? flagged : Rule.KernelVerdict.REFUSES;
    }

    private void addressByte(Attribute attribute, Long value, boolean needed, AddressingScheme mode) {
        if (value == null) {
            if (needed) {
                report(Rule.ADDRESS_BYTE_MISSING, attribute, null, mode);
            }
        } else if (!needed) {
            report(Rule.ADDRESS_BYTE_NOT_USED, attribute, value, mode);
        } else if (!isByte(value)) {
            report(Rule.BYTE_OUT_OF_RANGE, attribute, value);
        }
    }

    /**
     * The flow control this side sends: block size, STmin byte, maximum wait frames.
     *
     * @param bs 0-255
     * @param stmin 0x00-0x7F or 0xF1-0xF9; the other bytes are reserved (ISO 15765-2)
     * @param wftmax 0-255
     * @return this validator, for the next section
     */
    public ConfigValidator flowControl(long bs, long stmin, long wftmax) {
        if (!isByte(bs)) {
            report(Rule.COUNT_OUT_OF_RANGE, Attribute.BS, bs, "frames per block, 0 = no further flow control");
        }
        if (!isByte(stmin)) {
            report(Rule.STMIN_OUT_OF_RANGE, Attribute.STMIN, stmin);
        } else if (!Limits.isDefinedStmin((int) stmin)) {
            report(Rule.STMIN_RESERVED, Attribute.STMIN, stmin);
        }
        if (!isByte(wftmax)) {
            report(Rule.COUNT_OUT_OF_RANGE, Attribute.WFTMAX, wftmax, "stored by Linux, which accepts any number of WAIT frames");
        }
        return this;
    }

    /**
     * The general options: padding, padding checks, broadcast flags and the frame transmit time.
     *
     * @param txPadding 0x00-0xFF, or {@code null} for none
     * @param rxPadding 0x00-0xFF, or {@code null} for none
     * @param checkPaddingLength CHK_PAD_LEN; meaningful with and without rxPadding
     * @param checkPaddingData CHK_PAD_DATA; needs rxPadding
     * @param sfBroadcast SF_BROADCAST; not together with cfBroadcast
     * @param cfBroadcast CF_BROADCAST; not together with sfBroadcast
     * @param frameTxTimeNanos 0-4294967295 ns
     * @return this validator, for the next section
     */
    ConfigValidator generalOptions(Long txPadding, Long rxPadding, boolean checkPaddingLength,
            boolean checkPaddingData, boolean sfBroadcast, boolean cfBroadcast, long frameTxTimeNanos) {
        if (txPadding != null && !isByte(txPadding)) {
            report(Rule.BYTE_OUT_OF_RANGE, Attribute.TX_PADDING, txPadding);
        }
        if (rxPadding != null && !isByte(rxPadding)) {
            report(Rule.BYTE_OUT_OF_RANGE, Attribute.RX_PADDING, rxPadding);
        }
        if (checkPaddingData && rxPadding == null) {
            report(Rule.PADDING_CHECK_WITHOUT_RX_PADDING, Attribute.CHECK_PADDING_DATA, null);
        }
        // checkPaddingLength alone is meaningful: without rxPadding the kernel checks for optimized (unpadded) frames.
        if (sfBroadcast && cfBroadcast) {
            report(Rule.BROADCAST_BOTH, Attribute.CF_BROADCAST, null);
        }
        nanos(Attribute.FRAME_TX_TIME_NANOS, frameTxTimeNanos);
        return this;
    }

    /**
     * Forced STmin values in nanoseconds; {@code null} means not forced.
     *
     * @param txStminNanos 0-4294967295, or {@code null}
     * @param rxStminNanos 0-4294967295, or {@code null}
     * @return this validator, for the next section
     */
    public ConfigValidator forcedStmin(Long txStminNanos, Long rxStminNanos) {
        if (txStminNanos != null) {
            nanos(Attribute.TX_STMIN_NANOS, txStminNanos);
        }
        if (rxStminNanos != null) {
            nanos(Attribute.RX_STMIN_NANOS, rxStminNanos);
        }
        return this;
    }

    private void nanos(Attribute attribute, long nanos) {
        if (nanos < 0 || nanos > Limits.MAX_NANOS) {
            report(Rule.NANOS_OUT_OF_RANGE, attribute, nanos);
        }
    }

    /**
     * The link layer: classic CAN or CAN FD, the transmit data length and the bit rate switch.
     *
     * @param canFd CAN FD (mtu 72) or classic CAN (mtu 16)
     * @param txDataLength 8, 12, 16, 20, 24, 32, 48 or 64; only 8 on classic CAN
     * @param bitRateSwitch CANFD_BRS; CAN FD only
     * @return this validator, for the next section
     */
    public ConfigValidator linkLayer(boolean canFd, long txDataLength, boolean bitRateSwitch) {
        if (!Limits.isTxDataLength(txDataLength)) {
            report(Rule.TX_DATA_LENGTH_INVALID, Attribute.TX_DATA_LENGTH, txDataLength, Limits.txDataLengths());
        } else if (!canFd && txDataLength != Limits.CLASSIC_TX_DATA_LENGTH) {
            report(Rule.TX_DATA_LENGTH_NEEDS_CAN_FD, Attribute.TX_DATA_LENGTH, txDataLength);
        }
        if (!canFd && bitRateSwitch) {
            report(Rule.BIT_RATE_SWITCH_NEEDS_CAN_FD, Attribute.BIT_RATE_SWITCH, null);
        }
        return this;
    }

    /**
     * How a channel receives: the timeout (0 = none) and the size of its receive buffer (0 = the kernel's largest PDU).
     *
     * @param receiveTimeoutMillis 0-2147483647 ms (it is handed to poll(2) as an int)
     * @param receiveBufferSize 0-1049600 bytes
     * @return this validator, for the next section
     */
    public ConfigValidator receive(long receiveTimeoutMillis, long receiveBufferSize) {
        if (receiveTimeoutMillis < 0 || receiveTimeoutMillis > Limits.MAX_RECEIVE_TIMEOUT_MILLIS) {
            report(Rule.TIMEOUT_OUT_OF_RANGE, Attribute.RECEIVE_TIMEOUT_MILLIS, receiveTimeoutMillis);
        }
        if (receiveBufferSize < 0 || receiveBufferSize > Limits.MAX_PDU_SIZE_CEILING) {
            report(Rule.BUFFER_SIZE_OUT_OF_RANGE, Attribute.RECEIVE_BUFFER_SIZE, receiveBufferSize,
                    Limits.MAX_PDU_SIZE_CEILING);
        }
        return this;
    }

    /**
     * Checks how long a request waits for its answer.
     *
     * @param requestTimeoutMillis 0-2147483647 ms (0 = without limit)
     * @return this validator, for the next section
     */
    public ConfigValidator request(long requestTimeoutMillis) {
        if (requestTimeoutMillis < 0 || requestTimeoutMillis > Limits.MAX_RECEIVE_TIMEOUT_MILLIS) {
            report(Rule.TIMEOUT_OUT_OF_RANGE, Attribute.REQUEST_TIMEOUT_MILLIS, requestTimeoutMillis);
        }
        return this;
    }

    /**
     * The UDS settings (ISO 14229-2's timing and the client's choices), each judged whether or not the channel speaks
     * UDS; a setting that differs from its default on a channel that does not is reported as such.
     *
     * @param uds whether the channel speaks UDS
     * @param settings the value of each UDS setting ({@link Attribute#isUdsSetting()}); a missing one is its default
     * @return this validator, for the next section
     */
    public ConfigValidator uds(boolean uds, java.util.Map<Attribute, Long> settings) {
        for (Attribute a : Attribute.values()) {
            if (!a.isUdsSetting() || a.kind() != Attribute.Kind.NUMBER) {
                continue;
            }
            Long boxed = settings.get(a);
            long v = boxed == null ? (Long) a.defaultValue() : boxed;
            Rule broken = udsRule(a, v);
            if (broken != null) {
                report(broken, a, v);
            } else if (!uds && v != (Long) a.defaultValue()) {
                report(Rule.UDS_SETTING_WITHOUT_UDS, a, v);
            }
        }
        return this;
    }

    /**
     * The services the user declares to have a sub-function, besides ISO 14229-1's.
     *
     * @param uds whether the channel speaks UDS
     * @param serviceIds the service identifiers, each 0x00-0xFF; empty for none
     * @return this validator, for the next section
     */
    ConfigValidator subFunctionServices(boolean uds, java.util.List<Long> serviceIds) {
        for (Long sid : serviceIds) {
            if (!isByte(sid)) {
                report(Rule.SERVICE_ID_OUT_OF_RANGE, Attribute.SUB_FUNCTION_SERVICES, sid);
            }
        }
        if (!uds && !serviceIds.isEmpty()) {
            report(Rule.UDS_SETTING_WITHOUT_UDS, Attribute.SUB_FUNCTION_SERVICES, serviceIds);
        }
        return this;
    }

    /** The rule a UDS setting's value breaks, or null. */
    private static Rule udsRule(Attribute a, long v) {
        switch (a) {
            case P2_MILLIS: return v < 1 || v > Limits.MAX_P2_MILLIS ? Rule.P2_OUT_OF_RANGE : null;
            case P2_STAR_MILLIS: return v < 1 || v > Limits.MAX_P2_STAR_MILLIS ? Rule.P2_STAR_OUT_OF_RANGE : null;
            case TRANSFER_ALLOWANCE_MILLIS:
                return v < 0 || v > Limits.MAX_RECEIVE_TIMEOUT_MILLIS ? Rule.ALLOWANCE_OUT_OF_RANGE : null;
            case MAX_PENDING_ANSWERS: return v < 0 || v > Limits.MAX_PENDING_ANSWERS ? Rule.PENDING_ANSWERS_OUT_OF_RANGE : null;
            case BUSY_REPEATS: return v < 0 || v > Limits.MAX_BUSY_REPEATS ? Rule.BUSY_REPEATS_OUT_OF_RANGE : null;
            case BUSY_REPEAT_DELAY_MILLIS:
                return v < 0 || v > Limits.MAX_BUSY_REPEAT_DELAY_MILLIS ? Rule.BUSY_REPEAT_DELAY_OUT_OF_RANGE : null;
            case TESTER_PRESENT_MILLIS:
                return v < 0 || v >= Limits.S3_SERVER_MILLIS ? Rule.TESTER_PRESENT_OUT_OF_RANGE : null;
            default: throw new IllegalArgumentException(a + " is not a UDS setting");
        }
    }

    private static boolean isByte(long value) {
        return value >= 0 && value <= Limits.MAX_BYTE;
    }

    private void report(Rule rule, Attribute attribute, Object value, Object... details) {
        problems.add(rule.problem(attribute, value, details));
    }

    private void report(Rule rule, Rule.KernelVerdict verdict, Attribute attribute, Object value, Object... details) {
        problems.add(rule.problem(attribute, value, details).withVerdict(verdict));
    }

    /** {@return every problem found so far, in the order the sections were checked; a copy, unmodifiable} */
    public List<Problem> problems() {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

}
