package dev.isotp.cli;

/** How a PDU is written: hex like can-utils, ASCII, or both. */
enum PduFormat {
    HEX, ASCII, BOTH;

    /** "22 F1 90" (at most {@code head} bytes when head > 0). */
    static String hex(byte[] pdu, int head) {
        int shown = head > 0 ? Math.min(head, pdu.length) : pdu.length;
        StringBuilder s = new StringBuilder(shown * 3);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(Character.toUpperCase(Character.forDigit((pdu[i] >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(pdu[i] & 0xF, 16)));
        }
        if (shown < pdu.length) {
            s.append(" ...");
        }
        return s.toString();
    }

    /** Printable ASCII as is, everything else as '.'. */
    static String ascii(byte[] pdu, int head) {
        int shown = head > 0 ? Math.min(head, pdu.length) : pdu.length;
        StringBuilder s = new StringBuilder(shown);
        for (int i = 0; i < shown; i++) {
            int b = pdu[i] & 0xFF;
            s.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        if (shown < pdu.length) {
            s.append("...");
        }
        return s.toString();
    }

    String format(byte[] pdu, int head) {
        switch (this) {
            case ASCII:
                return ascii(pdu, head);
            case BOTH:
                return hex(pdu, head) + "  |" + ascii(pdu, head) + "|";
            default:
                return hex(pdu, head);
        }
    }
}
