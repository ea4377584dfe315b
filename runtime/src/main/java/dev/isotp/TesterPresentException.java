package dev.isotp;

/**
 * TesterPresent, sent by a {@link UdsChannel} to keep a non-default session, could not be sent (the interface went
 * down, the socket failed): thrown by the channel's next call, before it sends anything, once. The keep-alive has
 * stopped and the ECU has probably returned to its default session after S3server: enter the session again. The
 * cause is the send's failure; its errno is this exception's.
 */
public class TesterPresentException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    /**
     * Created by the channel.
     *
     * @param message what failed and what to do
     * @param cause the failure of the send
     */
    public TesterPresentException(String message, java.io.IOException cause) {
        super(message, cause instanceof IsoTpException ? ((IsoTpException) cause).errno() : 0,
                cause instanceof IsoTpException ? ((IsoTpException) cause).errnoName() : "");
        initCause(cause);
    }
}
