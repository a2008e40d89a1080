package io.aicaller.sandbox.phone;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The handset of a caller who is a person (the browser phone), not a script: what the microphone sent waits here
 * until the simulated call streams it, 20 ms at a time; keys and the hang-up likewise; the agent's audio goes to the
 * speaker as it plays. Thread-safe: the microphone, the call and the playout each run on their own thread.
 */
public final class CallerPhone {

    /** What the call tells the person's side. */
    public interface Speaker {
        /** Agent audio (mu-law, 8 kHz) as it plays. */
        void play(byte[] mulaw);

        /** The agent was interrupted: drop what is buffered. */
        void clear();

        void ended(String status);

        /** A call to this phone (the agent calling): it is answered at once. */
        default void ringing(SimulatedCall.Setup call) {
        }
    }

    static final int FRAME = 160;
    /** A second of microphone audio: beyond, the oldest is dropped (a person's speech is live, not a backlog). */
    private static final int MAX_FRAMES = 50;

    private final ConcurrentLinkedDeque<byte[]> microphone = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
    private final Speaker speaker;
    private volatile boolean hungUp;

    public CallerPhone(Speaker speaker) {
        this.speaker = speaker;
    }

    /** Microphone audio, any length; kept in 20 ms frames. */
    public void speak(byte[] mulaw) {
        for (int i = 0; i < mulaw.length; i += FRAME) {
            microphone.add(Arrays.copyOfRange(mulaw, i, Math.min(mulaw.length, i + FRAME)));
        }
        while (microphone.size() > MAX_FRAMES) {
            microphone.pollFirst();
        }
    }

    /** A keypad key: 0-9, * or #; anything else is ignored. */
    public void press(String key) {
        if (key != null && key.matches("[0-9*#]")) {
            keys.add(key);
        }
    }

    public void hangUp() {
        hungUp = true;
    }

    byte[] nextFrame() {
        return microphone.poll();
    }

    String nextKey() {
        return keys.poll();
    }

    boolean hungUp() {
        return hungUp;
    }

    Consumer<byte[]> speaker() {
        return speaker::play;
    }

    Runnable cleared() {
        return speaker::clear;
    }

    void ringing(SimulatedCall.Setup call) {
        speaker.ringing(call);
    }

    void ended(String status) {
        speaker.ended(status);
    }
}
