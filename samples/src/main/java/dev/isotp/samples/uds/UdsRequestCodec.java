package dev.isotp.samples.uds;

import dev.isotp.PayloadCodec;

/** A {@link UdsRequest} as the bytes of one PDU. */
public final class UdsRequestCodec implements PayloadCodec<UdsRequest> {
    @Override
    public byte[] encode(UdsRequest request) {
        return request.toBytes();
    }

    @Override
    public UdsRequest decode(byte[] payload) {
        return UdsRequest.fromBytes(payload);
    }
}
