package io.aicaller.bridge.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** The bundled apology a caller hears when the model fails, as 20 ms base64 mu-law chunks. */
@ApplicationScoped
public class ApologyPrompt {

    private static final int CHUNK_BYTES = 160;

    private final List<String> chunks;
    private final long durationMs;

    ApologyPrompt() {
        try (InputStream in = ApologyPrompt.class.getResourceAsStream("/prompts/apology.ulaw")) {
            if (in == null) {
                throw new IllegalStateException("prompts/apology.ulaw is missing");
            }
            byte[] audio = in.readAllBytes();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < audio.length; i += CHUNK_BYTES) {
                parts.add(Base64.getEncoder()
                        .encodeToString(Arrays.copyOfRange(audio, i,
                                Math.min(audio.length, i + CHUNK_BYTES))));
            }
            this.chunks = List.copyOf(parts);
            this.durationMs = audio.length / 8;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> chunks() {
        return chunks;
    }

    public long durationMs() {
        return durationMs;
    }
}
