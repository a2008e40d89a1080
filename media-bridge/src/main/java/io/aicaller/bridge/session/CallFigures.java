package io.aicaller.bridge.session;

import java.util.ArrayList;
import java.util.List;

/**
 * One call's counters and turn timing, for {@code call.stream-ended}, the service metrics and the transcript's
 * offsets. A turn's latency runs from the caller's speech stopping to the first agent audio sent after it.
 */
final class CallFigures {

    long framesIn;
    long framesOut;
    long framesDropped;
    long unknownEvents;
    int interruptions;
    private final List<Long> turnLatencies = new ArrayList<>();
    private long speechStoppedAt = -1;
    private long speechStartedAt = -1;

    void callerStarted(long now) {
        speechStartedAt = now;
    }

    void callerStopped(long now) {
        speechStoppedAt = now;
    }

    /** Agent audio went out: the first after the caller's turn closes that turn's latency. */
    void agentAudio(long now) {
        if (speechStoppedAt >= 0) {
            turnLatencies.add(now - speechStoppedAt);
            speechStoppedAt = -1;
        }
    }

    /** When the caller's current turn began, as far as the session knows. */
    long callerFrom(long fallback) {
        return speechStartedAt >= 0 ? speechStartedAt : fallback;
    }

    long callerTo(long fallback) {
        return speechStoppedAt >= 0 ? speechStoppedAt : fallback;
    }

    List<Long> turnLatencies() {
        return List.copyOf(turnLatencies);
    }
}
