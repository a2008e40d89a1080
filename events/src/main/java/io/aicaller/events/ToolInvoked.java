package io.aicaller.events;

import java.time.Instant;

/**
 * The agent called one of its HTTP tools during a call; the arguments are not part of the event. Type {@code
 * io.aicaller.tool.invoked.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param agent Agent name
 * @param agentVersion Agent definition version the call runs
 * @param tool Tool name
 * @param toolCallId The model's call_id of this tool call
 * @param invokedAt When the request was sent
 */
public record ToolInvoked(
        String callSid,
        String agent,
        long agentVersion,
        String tool,
        String toolCallId,
        Instant invokedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
