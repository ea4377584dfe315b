package dev.isotp.processor.kerneltest;

import dev.isotp.PayloadCodec;
import java.nio.charset.StandardCharsets;

/** UTF-8 text as a payload. */
public final class TextCodec implements PayloadCodec<String> {
    @Override
    public byte[] encode(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
