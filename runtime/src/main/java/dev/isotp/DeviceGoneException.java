package dev.isotp;

/** The CAN interface went away while the socket was bound (ENODEV, ENXIO); the socket cannot be used again. */
public class DeviceGoneException extends IsoTpException {
    private static final long serialVersionUID = 1L;

    public DeviceGoneException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
