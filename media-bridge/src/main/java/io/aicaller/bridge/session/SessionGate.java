package io.aicaller.bridge.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.aicaller.bridge.model.ModelEvent;

/**
 * The model session is trusted only once {@code session.updated} confirms the audio formats asked for: a refused or
 * half-applied update would leave the API's defaults (24 kHz PCM), which played as mu-law is noise. Until then the
 * caller's first words wait here, up to {@link #MAX_EARLY_FRAMES}. Pure.
 */
final class SessionGate {

    /** One second of 20 ms frames. */
    static final int MAX_EARLY_FRAMES = 50;

    private final ArrayDeque<String> early = new ArrayDeque<>();
    private boolean confirmed;

    boolean confirmed() {
        return confirmed;
    }

    /** Caller audio that arrived before the confirmation; the oldest goes first when full. */
    void hold(String audio) {
        if (early.size() == MAX_EARLY_FRAMES) {
            early.removeFirst();
        }
        early.addLast(audio);
    }

    /**
     * A {@code session.updated}: returns null when it confirms {@code wantedFormat} both ways (the held audio is then
     * {@link #release() released}), else why the session is not as configured.
     */
    String confirm(ModelEvent.SessionReady ready, String wantedFormat) {
        if (!wantedFormat.equals(ready.inputFormat()) || !wantedFormat.equals(ready.outputFormat())) {
            return "session not as configured: audio " + ready.inputFormat() + " in, " + ready.outputFormat()
                    + " out, " + wantedFormat + " asked";
        }
        confirmed = true;
        return null;
    }

    /** The held audio, oldest first; the gate keeps none. */
    List<String> release() {
        List<String> held = new ArrayList<>(early);
        early.clear();
        return held;
    }

    void discard() {
        early.clear();
    }
}
