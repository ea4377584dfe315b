package dev.isotp.samples.uds;

import java.util.HexFormat;

/** Bytes as "62 F1 90 ...", shortened after a number of bytes. */
public final class Hex {
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    public static String of(byte[] bytes) {
        return of(bytes, Integer.MAX_VALUE);
    }

    /** At most {@code max} bytes, then "... (+N bytes)". */
    public static String of(byte[] bytes, int max) {
        int shown = Math.min(bytes.length, max);
        String hex = SPACED.formatHex(bytes, 0, shown);
        return shown < bytes.length ? hex + " ... (+" + (bytes.length - shown) + " bytes)" : hex;
    }
}
