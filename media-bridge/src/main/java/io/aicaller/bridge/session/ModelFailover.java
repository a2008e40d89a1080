package io.aicaller.bridge.session;

import java.util.List;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.events.Command;

/**
 * The model session given up on: why, the apology the caller hears instead, and the call handed back once (to the
 * profile's fallback number, or hung up). Server faults count towards giving up: {@link #MAX_SERVER_ERRORS} in a
 * row, with no completed response between them. Pure.
 */
final class ModelFailover {

    /** Server faults in a row, with no completed response between them, that end the model session. */
    static final int MAX_SERVER_ERRORS = 3;

    private final Apology apology;
    private String reason;
    private boolean handedBack;
    private int serverErrors;

    ModelFailover(List<String> apologyChunks) {
        this.apology = new Apology(apologyChunks);
    }

    /** Records the first failure; later ones change nothing. Returns whether this one was the first. */
    boolean fail(String why) {
        if (reason != null) {
            return false;
        }
        reason = "model-failed: " + why;
        return true;
    }

    boolean failed() {
        return reason != null;
    }

    /** {@code model-failed: ...}, or null. */
    String reason() {
        return reason;
    }

    /**
     * Why an error the model sent ends the session ({@link ModelErrors#judge judged} as {@code verdict}), or null when
     * the call goes on. A server fault ends it when it makes too many in a row.
     */
    String fatal(ModelErrors.Verdict verdict, ModelEvent.Error error) {
        switch (verdict) {
            case SESSION_EXPIRED:
                return "session expired";
            case SESSION_REFUSED:
                return "session refused: " + ModelErrors.describe(error);
            case SERVER_FAULT:
                return ++serverErrors >= MAX_SERVER_ERRORS ? "repeated server errors: " + ModelErrors.describe(error)
                        : null;
            default:
                return null;
        }
    }

    void responseCompleted() {
        serverErrors = 0;
    }

    /** Plays the apology over whatever Twilio still holds; returns the frames sent. */
    int playApology(Outbox out, String streamSid) {
        return apology.play(out, streamSid);
    }

    /** Whether Twilio's echo of this mark says the apology has played. */
    boolean apologyPlayed(String mark) {
        return Apology.MARK.equals(mark) && reason != null;
    }

    /** The command that hands the call back, the first time it is due; null before a failure and after. */
    Command handBack(String callSid, AgentProfile profile) {
        if (reason == null || handedBack || callSid == null) {
            return null;
        }
        handedBack = true;
        return Apology.handBack(callSid, profile, reason);
    }
}
