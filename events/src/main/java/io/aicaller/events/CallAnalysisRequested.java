package io.aicaller.events;

import java.time.Instant;

/**
 * A call of an agent with post-call analysis ended: its transcript waits to be analysed. Type {@code
 * io.aicaller.call.analysis-requested.v1} on {@value Topics#CALLS_ANALYSIS_REQUESTS}, a work queue the gateway
 * consumes (each request once per consumer group; kept until analysed, also across restarts).
 *
 * @param callSid Twilio CallSid
 * @param agent Agent name
 * @param agentVersion Agent definition version the call ran
 * @param transcript Both sides, one turn per line ("caller: ..." or "agent: ..."), interrupted turns marked
 *        "[interrupted]", after the agent's redaction
 * @param turns How many turns the transcript has
 * @param requestedAt When the call's stream ended
 */
public record CallAnalysisRequested(
        String callSid,
        String agent,
        long agentVersion,
        String transcript,
        int turns,
        Instant requestedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
