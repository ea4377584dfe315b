package dev.isotp;

/** The socket was closed, possibly by another thread while this call waited. */
public class SocketClosedException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public SocketClosedException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
