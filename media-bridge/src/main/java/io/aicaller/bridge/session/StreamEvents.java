package io.aicaller.bridge.session;

import java.time.Instant;

import io.aicaller.agents.Redaction;
import io.aicaller.events.CallAnalysisRequested;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.TranscriptTurn;

/**
 * What the call tells the rest of the system: one {@code call.stream-started}, one {@code call.stream-ended} and the
 * transcript's turns with their offsets from the start. Pure.
 */
final class StreamEvents {

    private final Outbox out;
    private Redaction redaction = Redaction.NONE;
    private String agent;
    private long agentVersion;
    /** The transcript for post-call analysis, kept only when the agent asks for it. */
    private StringBuilder analysisTranscript;
    private String callSid;
    private String streamSid;
    private long startedAt = -1;
    private int turns;
    private boolean ended;

    StreamEvents(Outbox out) {
        this.out = out;
    }

    /** The agent's redaction (what its transcript turns lose before they are published), and its analysis. */
    void agent(Redaction agentRedaction, boolean analysed) {
        this.redaction = agentRedaction;
        this.analysisTranscript = analysed ? new StringBuilder() : null;
    }

    void started(String callSid, String streamSid, String agent, long agentVersion, long now) {
        this.callSid = callSid;
        this.streamSid = streamSid;
        this.startedAt = now;
        this.agent = agent;
        this.agentVersion = agentVersion;
        out.publish(new CallStreamStarted(callSid, streamSid, agent, "bridge", Instant.ofEpochMilli(now),
                agentVersion), streamSid,
                "started");
    }

    boolean isStarted() {
        return startedAt >= 0;
    }

    boolean isEnded() {
        return ended;
    }

    /** Ends the stream once: the event (if it had started) with its figures. Returns false if it had ended already. */
    boolean end(String reason, long now, CallFigures figures) {
        if (ended) {
            return false;
        }
        ended = true;
        if (startedAt >= 0) {
            out.publish(new CallStreamEnded(callSid, streamSid, reason, now - startedAt, figures.framesIn,
                    figures.framesOut, figures.framesDropped, figures.interruptions, figures.turnLatencies(), "bridge",
                    Instant.ofEpochMilli(now)), streamSid, "ended");
            if (analysisTranscript != null && turns > 0) {
                out.publish(
                        new CallAnalysisRequested(callSid, agent, agentVersion, analysisTranscript.toString().strip(),
                                turns, Instant.ofEpochMilli(now)),
                        callSid, "analysis");
            }
        }
        return true;
    }

    void transcript(String role, String text, boolean interrupted, long from, long to) {
        if (text == null || text.isBlank() || startedAt < 0) {
            return;
        }
        turns++;
        String said = redaction.apply(text.trim());
        if (analysisTranscript != null) {
            analysisTranscript.append(role)
                    .append(": ")
                    .append(said)
                    .append(interrupted ? " [interrupted]" : "")
                    .append('\n');
        }
        out.publish(new TranscriptTurn(callSid, streamSid, turns, role, said,
                Math.max(0, from - startedAt),
                Math.max(0, to - startedAt), interrupted), streamSid, String.valueOf(turns));
    }
}
