package dev.isotp.cli;

/** The exit codes of every isotp command; scripts may rely on them. */
public final class ExitCodes {
    /** Done: everything was sent, received or sniffed as asked. */
    public static final int OK = 0;
    /** An I/O or kernel error: no ISO-TP support, no such interface, no flow control from the peer, ... */
    public static final int IO_ERROR = 1;
    /** Bad usage: an unknown option, a malformed value, or a configuration the validator refuses. */
    public static final int USAGE = 2;
    /** The timeout (--timeout) passed before the expected PDU arrived. */
    public static final int TIMEOUT = 3;

    private ExitCodes() {
    }
}
