package io.aicaller.bridge.audio;

/**
 * 8 kHz telephone audio to and from the 24 kHz PCM some models speak. Up: linear interpolation between samples.
 * Down: a 3-tap average before keeping every third sample, so content above 4 kHz does not fold back as noise.
 */
public final class Resampler {

    private Resampler() {
    }

    public static short[] upsample8kTo24k(short[] in) {
        short[] out = new short[in.length * 3];
        for (int i = 0; i < in.length; i++) {
            int current = in[i];
            int next = i + 1 < in.length ? in[i + 1] : current;
            out[3 * i] = (short) current;
            out[3 * i + 1] = (short) ((2 * current + next) / 3);
            out[3 * i + 2] = (short) ((current + 2 * next) / 3);
        }
        return out;
    }

    public static short[] downsample24kTo8k(short[] in) {
        short[] out = new short[in.length / 3];
        for (int i = 0; i < out.length; i++) {
            int center = 3 * i;
            int previous = center > 0 ? in[center - 1] : in[center];
            out[i] = (short) ((previous + in[center] + in[center + 1]) / 3);
        }
        return out;
    }
}
