package io.aicaller.sandbox.phone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.aicaller.sandbox.agent.Prompts;

/** Caller audio as Twilio streams it: 8 kHz mu-law. From a bundled prompt, a raw file, or a mu-law WAV. Pure. */
public final class CallerAudio {

    private static final int WAVE_FORMAT_MULAW = 7;

    private CallerAudio() {
    }

    /** A bundled prompt name ({@code caller}) or a path to a {@code .ulaw} or {@code .wav} file. */
    public static byte[] load(String source) {
        if (!source.contains("/") && !source.contains(".")) {
            return Prompts.load(source);
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(source));
            return source.toLowerCase(java.util.Locale.ROOT).endsWith(".wav") ? fromWav(bytes) : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The samples of a WAV holding 8 kHz mono mu-law; anything else is refused with what it is. */
    public static byte[] fromWav(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        for (int at = 12; at + 8 <= wav.length;) {
            int id = b.getInt(at);
            int size = b.getInt(at + 4);
            int body = at + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
            } else if (id == 0x61746164) { // "data"
                if (format != WAVE_FORMAT_MULAW || channels != 1 || rate != 8000) {
                    throw new IllegalArgumentException("the WAV is format " + format + ", " + channels
                            + " channel(s), " + rate + " Hz; the phone plays 8 kHz mono mu-law (format 7). Convert "
                            + "with: sox in.wav -r 8000 -c 1 -e mu-law out.wav");
                }
                return Arrays.copyOfRange(wav, body, Math.min(wav.length, body + size));
            }
            at = body + size + (size & 1);
        }
        throw new IllegalArgumentException("the WAV has no data chunk");
    }

    /** A WAV file around mu-law samples, to listen to what the agent said. */
    public static byte[] toWav(byte[] mulaw) {
        ByteBuffer b = ByteBuffer.allocate(44 + mulaw.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + mulaw.length).putInt(0x45564157);
        b.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) WAVE_FORMAT_MULAW)
                .putShort((short) 1)
                .putInt(8000)
                .putInt(8000)
                .putShort((short) 1)
                .putShort((short) 8);
        b.putInt(0x61746164).putInt(mulaw.length).put(mulaw);
        return b.array();
    }
}
