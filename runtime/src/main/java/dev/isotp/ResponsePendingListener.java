package dev.isotp;

/**
 * Told of each "response pending" ({@code 7F <SID> 78}) a request of a {@link UdsChannel} draws: the progress of a
 * long routine, an erase or a calibration write. Registered with {@link IsoTpChannels#onResponsePending}.
 */
@FunctionalInterface
public interface ResponsePendingListener {
    /**
     * Called on the thread that took the answer (the caller's, or one of the asynchronous threads): keep it short,
     * never block. An exception it throws is logged and does not end the request.
     *
     * @param serviceId the request's service, e.g. 0x31
     * @param count how many "response pending" answers this request has drawn so far, 1 or more
     */
    void responsePending(int serviceId, int count);
}
