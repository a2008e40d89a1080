package io.aicaller.bridge.session;

import java.util.List;

import io.aicaller.bridge.audio.Transcoder;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.twilio.Base64Check;
import io.aicaller.bridge.twilio.TwilioMessages;

/**
 * The agent's voice on its way to the caller: each chunk sent to Twilio in order (transcoded when the model speaks
 * PCM), followed by marks so the echoes say what has played, and cut short when the caller barges in. No I/O.
 */
final class AgentAudio {

    private final Outbox out;
    private final Playout playout;
    private final CallFigures figures;
    private String streamSid;
    private Transcoder transcoder;

    AgentAudio(Outbox out, CallFigures figures, int maxPendingMarks, long markIntervalMs) {
        this.out = out;
        this.figures = figures;
        this.playout = new Playout(maxPendingMarks, markIntervalMs);
    }

    /** @param transcoder the call's transcoder when the model speaks PCM; null for mu-law passthrough */
    void start(String streamSid, Transcoder transcoder) {
        this.streamSid = streamSid;
        this.transcoder = transcoder;
    }

    void play(ModelEvent.AudioDelta delta, long now) {
        if (playout.muted(delta.itemId())) {
            return; // late audio of an item the caller interrupted
        }
        if (delta.delta() == null || !Base64Check.isValid(delta.delta())) {
            return;
        }
        String audio = transcoder != null ? transcoder.pcm24kToMuLaw8k(delta.delta()) : delta.delta();
        playout.sent(delta.itemId(), delta.contentIndex(), Base64Check.decodedLength(audio));
        out.toTwilio(TwilioMessages.media(streamSid, audio));
        figures.framesOut++;
        if (playout.markDue()) {
            mark();
        }
        figures.agentAudio(now);
    }

    /** A response is done: its last audio gets a mark, so its end is known to have played. */
    void responseDone() {
        if (playout.unmarked()) {
            mark();
        }
    }

    void echoed(String mark) {
        playout.echoed(mark);
    }

    /** Whether an item was cut short by the caller (its transcript is what was meant, not what was heard). */
    boolean interrupted(String itemId) {
        return playout.muted(itemId);
    }

    boolean allPlayed() {
        return playout.allPlayed();
    }

    /**
     * Barge-in: what the caller heard of each item, for the model's truncation, and a {@code clear} for what Twilio
     * still holds.
     *
     * @param responseRunning the model is still producing audio that is then dropped as it arrives
     */
    List<Playout.Truncation> interrupt(boolean responseRunning) {
        List<Playout.Truncation> truncations = playout.interrupt(responseRunning);
        if (playout.queued()) {
            out.toTwilio(TwilioMessages.clear(streamSid));
            playout.cleared();
        }
        if (!truncations.isEmpty()) {
            figures.interruptions++;
        }
        return truncations;
    }

    private void mark() {
        out.toTwilio(TwilioMessages.mark(streamSid, playout.mark()));
    }
}
