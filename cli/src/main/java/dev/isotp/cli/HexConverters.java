package dev.isotp.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values written in hex, with or without "0x": 7E0, 0x7E0, 18DA10F1. Their limits are the validator's. */
final class HexConverters {
    private HexConverters() {
    }

    static long parse(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new TypeConversionException("'" + text + "' is not a hexadecimal number (e.g. 7E0 or 0x7E0)");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    /** A CAN id: any hex number; the mode decides whether it fits. */
    static final class Id implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value);
        }
    }

    /** A byte-sized value (address byte, padding byte, STmin); kept as written when larger, for the validator. */
    static final class Byte implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long v = parse(value);
            if (v > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is far too large for this option");
            }
            return (int) v;
        }
    }

    /** PDU bytes: "22 F1 90", "22F190" or "22 f1 90". */
    static byte[] bytes(String text) {
        String digits = text.replaceAll("[\\s,:]", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a sequence of hex bytes (e.g. 22 F1 90)");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
