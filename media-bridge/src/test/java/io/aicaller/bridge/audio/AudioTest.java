package io.aicaller.bridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

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
        short[] tone = new short[160];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        short[] up = Resampler.upsample8kTo24k(tone);
        assertThat(up).hasSize(480);
        assertThat(up[3 * 10]).isEqualTo(tone[10]);
        short[] down = Resampler.downsample24kTo8k(up);
        assertThat(down).hasSize(160);
        for (int i = 1; i < 159; i++) {
            assertThat(Math.abs(down[i] - tone[i])).as("sample %d", i).isLessThan(300);
        }
    }

    @Test
    void transcodingRoundTripsTwilioAudio() {
        byte[] mulaw = new byte[160];
        for (int i = 0; i < mulaw.length; i++) {
            mulaw[i] = MuLaw.encode((short) (6000 * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
        }
        String pcm = Transcoder.muLaw8kToPcm24k(Base64.getEncoder().encodeToString(mulaw));
        assertThat(Base64.getDecoder().decode(pcm)).hasSize(960);
        byte[] back = Base64.getDecoder().decode(Transcoder.pcm24kToMuLaw8k(pcm));
        assertThat(back).hasSize(160);
        int close = 0;
        for (int i = 0; i < 160; i++) {
            if (Math.abs(MuLaw.decode(back[i]) - MuLaw.decode(mulaw[i])) < 400) {
                close++;
            }
        }
        assertThat(close).isGreaterThan(150);
    }
}
