package io.aicaller.events;

import java.time.Instant;

/**
 * An HTTP tool call ended: how, and how long it took; the answer is not part of the event. Type {@code
 * io.aicaller.tool.completed.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param agent Agent name
 * @param agentVersion Agent definition version the call runs
 * @param tool Tool name
 * @param toolCallId The model's call_id of this tool call
 * @param outcome {@code ok} (2xx), {@code http-error}, {@code timeout}, {@code too-large}, {@code unreachable},
 *        {@code tls}, {@code not-configured} or {@code failed}
 * @param httpStatus The endpoint's HTTP status, when it answered (optional)
 * @param latencyMs From sending the request to its outcome
 * @param completedAt When the outcome was known
 */
public record ToolCompleted(
        String callSid,
        String agent,
        long agentVersion,
        String tool,
        String toolCallId,
        String outcome,
        Integer httpStatus,
        long latencyMs,
        Instant completedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
