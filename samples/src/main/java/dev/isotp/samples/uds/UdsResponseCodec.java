package dev.isotp.samples.uds;

import dev.isotp.PayloadCodec;

/** A {@link UdsResponse} as the bytes of one PDU. */
public final class UdsResponseCodec implements PayloadCodec<UdsResponse> {
    @Override
    public byte[] encode(UdsResponse response) {
        return response.toBytes();
    }

    @Override
    public UdsResponse decode(byte[] payload) {
        return UdsResponse.fromBytes(payload);
    }
}
