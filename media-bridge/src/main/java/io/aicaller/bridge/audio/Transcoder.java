package io.aicaller.bridge.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Twilio's base64 mu-law 8 kHz to base64 PCM16 little-endian 24 kHz (OpenAI's {@code audio/pcm}) and back. */
public final class Transcoder {

    private Transcoder() {
    }

    public static String muLaw8kToPcm24k(String base64MuLaw) {
        short[] pcm = Resampler.upsample8kTo24k(MuLaw.decode(Base64.getDecoder().decode(base64MuLaw)));
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(pcm);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    public static String pcm24kToMuLaw8k(String base64Pcm) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64Pcm)).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(pcm);
        return Base64.getEncoder().encodeToString(MuLaw.encode(Resampler.downsample24kTo8k(pcm)));
    }
}
