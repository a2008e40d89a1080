package io.aicaller.bridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** G.711 mu-law reference points (ITU-T G.711 table 2) and the resampler's shape. */
class AudioTest {

    @Test
    void muLawDecodesTheReferenceCodes() {
        assertThat(MuLaw.decode((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(MuLaw.decode((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(MuLaw.decode((byte) 0xFE)).isEqualTo((short) 8);
        assertThat(MuLaw.decode((byte) 0xEF)).isEqualTo((short) 132);
    }

    @Test
    void muLawEncodesTheReferenceSamples() {
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(MuLaw.encode((short) 32767)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode((short) -32768)).isEqualTo((byte) 0x00);
        // Every code survives decode then encode (0x7F, negative zero, comes back as positive zero).
        for (int code = 0; code < 256; code++) {
            byte back = MuLaw.encode(MuLaw.decode((byte) code));
            assertThat(back).isEqualTo(code == 0x7F ? (byte) 0xFF : (byte) code);
        }
    }

    @Test
    void resamplingTriplesAndRestoresTheSampleCount() {
        short[] tone = tone(160, 440, 8000);
        short[] up = new Resampler.Up().process(tone);
        assertThat(up).hasSize(480);
        assertThat(up[3 * 10]).isEqualTo(tone[9]); // one 8 kHz sample late: no look-ahead across chunks
        short[] down = new Resampler.Down().process(up);
        assertThat(down).hasSize(160);
        for (int i = 2; i < 159; i++) {
            assertThat(Math.abs(down[i] - tone[i - 1])).as("sample %d", i).isLessThan(300);
        }
    }

    @Test
    void aToneCutInto20msFramesComesOutAsIfResampledWhole() {
        short[] tone = tone(8000, 440, 8000);
        short[] whole = new Resampler.Up().process(tone);
        Resampler.Up up = new Resampler.Up();
        short[] framed = new short[whole.length];
        for (int at = 0; at < tone.length; at += 160) {
            System.arraycopy(up.process(Arrays.copyOfRange(tone, at, at + 160)), 0, framed, 3 * at, 480);
        }
        assertThat(framed).isEqualTo(whole);
        assertNoStepAtChunkEdges(framed, 480);

        // Down, in chunks that are not a multiple of three samples, as model deltas can be.
        short[] high = tone(24000, 440, 24000);
        short[] downWhole = new Resampler.Down().process(high);
        Resampler.Down down = new Resampler.Down();
        short[] downFramed = new short[0];
        for (int at = 0; at < high.length; at += 487) {
            short[] part = down.process(Arrays.copyOfRange(high, at, Math.min(high.length, at + 487)));
            short[] joined = Arrays.copyOf(downFramed, downFramed.length + part.length);
            System.arraycopy(part, 0, joined, downFramed.length, part.length);
            downFramed = joined;
        }
        assertThat(downFramed).isEqualTo(downWhole);
        assertNoStepAtChunkEdges(downFramed, 160);
    }

    @Test
    void transcodingRoundTripsTwilioAudioAcrossFrames() {
        Transcoder toModel = new Transcoder();
        Transcoder fromModel = new Transcoder();
        short[] tone = tone(1600, 300, 8000);
        byte[] mulaw = MuLaw.encode(tone);
        byte[] back = new byte[0];
        for (int at = 0; at < mulaw.length; at += 160) {
            String pcm = toModel.muLaw8kToPcm24k(
                    Base64.getEncoder().encodeToString(Arrays.copyOfRange(mulaw, at, at + 160)));
            byte[] pcmBytes = Base64.getDecoder().decode(pcm);
            assertThat(pcmBytes).hasSize(960);
            // The model's chunks need not match ours: split each in two at an odd byte.
            byte[] first = Arrays.copyOfRange(pcmBytes, 0, 301);
            byte[] second = Arrays.copyOfRange(pcmBytes, 301, pcmBytes.length);
            for (byte[] part : new byte[][]{first, second}) {
                byte[] out = Base64.getDecoder()
                        .decode(fromModel.pcm24kToMuLaw8k(Base64.getEncoder().encodeToString(part)));
                byte[] joined = Arrays.copyOf(back, back.length + out.length);
                System.arraycopy(out, 0, joined, back.length, out.length);
                back = joined;
            }
        }
        assertThat(back).hasSize(mulaw.length);
        for (int i = 2; i < back.length; i++) {
            // One sample late (the upsampler's), and no worse than mu-law's own step at that level.
            assertThat(Math.abs(MuLaw.decode(back[i]) - MuLaw.decode(mulaw[i - 1]))).as("sample %d", i)
                    .isLessThan(400);
        }
    }

    static short[] tone(int samples, double hz, int rate) {
        short[] tone = new short[samples];
        for (int i = 0; i < samples; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return tone;
    }

    /** The step between samples at a chunk edge is no bigger than the tone's largest step anywhere else. */
    static void assertNoStepAtChunkEdges(short[] signal, int chunk) {
        int largestInside = 0;
        int largestAtEdge = 0;
        for (int i = 1; i < signal.length; i++) {
            int step = Math.abs(signal[i] - signal[i - 1]);
            if (i % chunk == 0) {
                largestAtEdge = Math.max(largestAtEdge, step);
            } else {
                largestInside = Math.max(largestInside, step);
            }
        }
        assertThat(largestAtEdge).isLessThanOrEqualTo(largestInside);
    }
}
