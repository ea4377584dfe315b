package dev.isotp.samples.uds;

/** Bytes as "62 F1 90 ...", shortened after a number of bytes. */
public final class Hex {
    private Hex() {
    }

    public static String of(byte[] bytes) {
        return of(bytes, Integer.MAX_VALUE);
    }

    /** At most {@code max} bytes, then "... (+N bytes)". */
    public static String of(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(bytes.length, max);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(Character.toUpperCase(Character.forDigit((bytes[i] >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(bytes[i] & 0xF, 16)));
        }
        if (shown < bytes.length) {
            s.append(" ... (+").append(bytes.length - shown).append(" bytes)");
        }
        return s.toString();
    }
}
