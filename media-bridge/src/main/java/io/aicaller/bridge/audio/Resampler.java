package io.aicaller.bridge.audio;

/**
 * 8 kHz telephone audio to and from the 24 kHz PCM some models speak, one call's stream at a time. Up: linear
 * interpolation between consecutive samples. Down: a 3-tap average before keeping every third sample, so content
 * above 4 kHz does not fold back as noise. Both keep their state from one chunk to the next (the last sample, and
 * samples left over when a chunk is not a multiple of three), so a stream cut into chunks comes out exactly as if it
 * had been resampled whole: no step at each 20 ms frame boundary.
 */
public final class Resampler {

    private Resampler() {
    }

    /** 8 kHz to 24 kHz. Output lags the input by one 8 kHz sample (125 us), the price of not looking ahead. */
    public static final class Up {
        private int previous;
        private boolean primed;

        public short[] process(short[] in) {
            short[] out = new short[in.length * 3];
            for (int i = 0; i < in.length; i++) {
                int current = in[i];
                if (!primed) {
                    previous = current;
                    primed = true;
                }
                out[3 * i] = (short) previous;
                out[3 * i + 1] = (short) ((2 * previous + current) / 3);
                out[3 * i + 2] = (short) ((previous + 2 * current) / 3);
                previous = current;
            }
            return out;
        }
    }

    /** 24 kHz to 8 kHz; chunks of any length. */
    public static final class Down {
        /** The sample before the next group of three. */
        private int before;
        private boolean primed;
        private final short[] carry = new short[2];
        private int carried;

        public short[] process(short[] in) {
            int total = carried + in.length;
            short[] out = new short[total / 3];
            int index = 0;
            for (int group = 0; group < out.length; group++) {
                int a = sample(in, index++);
                int b = sample(in, index++);
                int c = sample(in, index++);
                if (!primed) {
                    before = a;
                    primed = true;
                }
                out[group] = (short) ((before + a + b) / 3);
                before = c;
            }
            short[] rest = new short[total - index];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = (short) sample(in, index++);
            }
            carried = rest.length;
            System.arraycopy(rest, 0, carry, 0, rest.length);
            return out;
        }

        /** The i-th sample of the carried-over samples followed by {@code in}. */
        private int sample(short[] in, int i) {
            return i < carried ? carry[i] : in[i - carried];
        }
    }
}
