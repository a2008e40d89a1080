package io.aicaller.bridge.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * One call's transcoding between Twilio's base64 mu-law 8 kHz and base64 PCM16 little-endian 24 kHz (OpenAI's
 * {@code audio/pcm}). Stateful in each direction, so resampling runs across chunk boundaries as over one stream, and a
 * PCM chunk that ends in the middle of a sample keeps its odd byte for the next.
 */
public final class Transcoder {

    private final Resampler.Up up = new Resampler.Up();
    private final Resampler.Down down = new Resampler.Down();
    private int oddByte = -1;

    public String muLaw8kToPcm24k(String base64MuLaw) {
        short[] pcm = up.process(MuLaw.decode(Base64.getDecoder().decode(base64MuLaw)));
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(pcm);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    public String pcm24kToMuLaw8k(String base64Pcm) {
        byte[] raw = Base64.getDecoder().decode(base64Pcm);
        byte[] whole = raw;
        if (oddByte >= 0) {
            whole = new byte[raw.length + 1];
            whole[0] = (byte) oddByte;
            System.arraycopy(raw, 0, whole, 1, raw.length);
            oddByte = -1;
        }
        if (whole.length % 2 == 1) {
            oddByte = whole[whole.length - 1] & 0xFF;
        }
        ByteBuffer bytes = ByteBuffer.wrap(whole, 0, whole.length & ~1).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(pcm);
        return Base64.getEncoder().encodeToString(MuLaw.encode(down.process(pcm)));
    }
}
