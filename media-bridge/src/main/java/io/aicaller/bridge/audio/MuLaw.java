package io.aicaller.bridge.audio;

/**
 * G.711 mu-law, by table: 8-bit codes to 16-bit linear PCM and back. Only models that need PCM use it; Twilio's
 * mu-law otherwise passes through undecoded.
 */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODE = new short[256];
    private static final byte[] ENCODE = new byte[65536];

    static {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int exponent = (u >> 4) & 0x07;
            int mantissa = u & 0x0F;
            int magnitude = ((mantissa << 3) + BIAS) << exponent;
            DECODE[code] = (short) ((u & 0x80) != 0 ? BIAS - magnitude : magnitude - BIAS);
        }
        for (int sample = -32768; sample <= 32767; sample++) {
            ENCODE[sample & 0xFFFF] = encodeSlow(sample);
        }
    }

    private MuLaw() {
    }

    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    public static byte encode(short sample) {
        return ENCODE[sample & 0xFFFF];
    }

    private static byte encodeSlow(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(sample < 0 ? -sample : sample, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short[] decode(byte[] codes) {
        short[] pcm = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            pcm[i] = DECODE[codes[i] & 0xFF];
        }
        return pcm;
    }

    public static byte[] encode(short[] pcm) {
        byte[] codes = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            codes[i] = ENCODE[pcm[i] & 0xFFFF];
        }
        return codes;
    }
}
