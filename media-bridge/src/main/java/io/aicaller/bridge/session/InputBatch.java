package io.aicaller.bridge.session;

import java.util.Arrays;
import java.util.Base64;

/**
 * The caller's audio gathered into fewer, larger {@code input_audio_buffer.append}s. Twilio sends a frame every
 * 20 ms; one append per frame is 50 messages a second each way through the bridge and the model's socket (and, with
 * a model that answers in kind, as many deltas, media and marks back). A batch holds frames until it has the
 * configured length of audio, so the first frame of a batch reaches the model up to one batch later: that is the
 * latency it adds to the model's speech detection, and so to barge-in and to the end of the caller's turn.
 *
 * <p>
 * Frames are valid base64 (the parser checks them), but Twilio's 160-byte frames end in padding, so base64 strings
 * cannot be joined as text: the bytes are gathered and encoded once per batch. A batch of one frame's length or less
 * passes every frame through untouched. Pure; one call's thread.
 */
final class InputBatch {

    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private final int batchBytes;
    private byte[] buffer;
    private int filled;

    /** @param batchBytes the audio a batch holds before it is sent; at most one frame's: no batching */
    InputBatch(int batchBytes) {
        this.batchBytes = batchBytes;
        this.buffer = new byte[Math.max(0, batchBytes) + 512];
    }

    /**
     * Adds one frame of base64 audio.
     *
     * @return the batch, as base64, once it holds its length of audio; else null
     */
    String add(String base64) {
        int length = decodedLength(base64);
        if (filled == 0 && length >= batchBytes) {
            return base64;
        }
        if (filled + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, filled + length));
        }
        decodeInto(base64, buffer, filled);
        filled += length;
        return filled >= batchBytes ? drain() : null;
    }

    /** What is held, as base64 (before a commit, which must include it), or null when nothing is. */
    String drain() {
        if (filled == 0) {
            return null;
        }
        String batch = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer, filled));
        filled = 0;
        return batch;
    }

    private static int decodedLength(String base64) {
        int length = base64.length();
        int padding = length > 0 && base64.charAt(length - 1) == '='
                ? (length > 1 && base64.charAt(length - 2) == '=' ? 2 : 1)
                : 0;
        return length / 4 * 3 - padding;
    }

    /** Decodes valid base64 (length a multiple of 4, padding only at its end) into {@code to} at {@code at}. */
    private static void decodeInto(String base64, byte[] to, int at) {
        int out = at;
        for (int i = 0; i < base64.length(); i += 4) {
            int a = VALUES[base64.charAt(i)];
            int b = VALUES[base64.charAt(i + 1)];
            char c3 = base64.charAt(i + 2);
            char c4 = base64.charAt(i + 3);
            to[out++] = (byte) (a << 2 | b >> 4);
            if (c3 == '=') {
                break;
            }
            int c = VALUES[c3];
            to[out++] = (byte) (b << 4 | c >> 2);
            if (c4 == '=') {
                break;
            }
            to[out++] = (byte) (c << 6 | VALUES[c4]);
        }
    }
}
