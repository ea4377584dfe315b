package dev.isotp.internal.text;

import java.util.HexFormat;

/**
 * How ids, bytes and PDUs are written in messages and {@code toString}s, everywhere the same: upper-case hex with
 * {@code 0x}, independent of the default locale ({@link HexFormat} never localizes digits).
 */
public final class Hex {
    private static final HexFormat UPPER = HexFormat.of().withUpperCase();
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    /** {@code 0x05}, {@code 0x7E8}, {@code 0x18DA10F1}: at least two digits, otherwise as many as the value needs. */
    public static String of(long value) {
        return of(value, 2);
    }

    /** {@code value} as unsigned hex with at least {@code digits} digits: {@code of(0x7E8, 8)} is {@code 0x000007E8}. */
    public static String of(long value, int digits) {
        String all = UPPER.toHexDigits(value);
        int first = 0;
        while (first < all.length() - digits && all.charAt(first) == '0') {
            first++;
        }
        return "0x" + all.substring(first);
    }

    /** {@code 62 F1 90}: {@code length} bytes of {@code bytes} from {@code offset}, separated by spaces. */
    public static String bytes(byte[] bytes, int offset, int length) {
        return SPACED.formatHex(bytes, offset, offset + length);
    }
}
