package io.aicaller.bridge.session;

import java.util.Base64;

import io.aicaller.bridge.audio.MuLaw;

/**
 * The caller's turns, told by the bridge when the model's turn detection is off: speech starts after
 * {@link #FRAMES_TO_START} loud frames in a row (so a click is not a turn) and ends after the configured silence.
 * Loudness is the RMS of the decoded mu-law frame against a fixed level a little above a phone line's noise floor.
 * Pure: frames in, a change of state out.
 */
final class CallerTurns {

    enum Change {
        NONE,
        STARTED,
        STOPPED
    }

    /** RMS of 16-bit samples: about -42 dBFS, above line noise and below soft speech. */
    static final double SPEECH_RMS = 260;
    static final int FRAMES_TO_START = 3;
    private static final int FRAME_MS = 20;

    private final int framesToStop;
    private int loud;
    private int quiet;
    private boolean speaking;

    CallerTurns(int silenceMs) {
        this.framesToStop = Math.max(1, silenceMs / FRAME_MS);
    }

    /** One Twilio frame of base64 mu-law. */
    Change onFrame(String base64MuLaw) {
        byte[] codes;
        try {
            codes = Base64.getDecoder().decode(base64MuLaw);
        } catch (IllegalArgumentException e) {
            return Change.NONE;
        }
        return onLevel(rms(codes) >= SPEECH_RMS);
    }

    Change onLevel(boolean isLoud) {
        if (!speaking) {
            loud = isLoud ? loud + 1 : 0;
            if (loud >= FRAMES_TO_START) {
                speaking = true;
                quiet = 0;
                return Change.STARTED;
            }
            return Change.NONE;
        }
        quiet = isLoud ? 0 : quiet + 1;
        if (quiet >= framesToStop) {
            speaking = false;
            loud = 0;
            return Change.STOPPED;
        }
        return Change.NONE;
    }

    static double rms(byte[] codes) {
        if (codes.length == 0) {
            return 0;
        }
        double sum = 0;
        for (byte code : codes) {
            double sample = MuLaw.decode(code);
            sum += sample * sample;
        }
        return Math.sqrt(sum / codes.length);
    }
}
