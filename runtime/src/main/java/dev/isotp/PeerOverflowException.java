package dev.isotp;

/** The peer's flow control said overflow: the PDU is larger than the peer can take (EMSGSIZE). */
public class PeerOverflowException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public PeerOverflowException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
