package io.aicaller.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a call achieved, as a text model read its transcript with the agent's analysis settings. Type {@code
 * io.aicaller.call.analyzed.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param agent Agent name
 * @param agentVersion Agent definition version the call ran
 * @param status ok, or invalid when the model's answer failed the agent's data schema twice (then raw holds it)
 * @param summary The summary the agent's summary prompt asked for (optional)
 * @param data The data the agent's schema describes, valid against it (optional)
 * @param success Whether the call met the agent's success rubric (optional)
 * @param model The text model that analysed the call
 * @param latencyMs From the request to the model's last answer, retries included
 * @param inputTokens Tokens read by the model, all attempts (optional)
 * @param outputTokens Tokens written by the model, all attempts (optional)
 * @param raw The model's last answer, when it was invalid (optional)
 * @param problems Why the answer was invalid (optional)
 * @param analyzedAt When the analysis was finished
 */
public record CallAnalyzed(
        String callSid,
        String agent,
        long agentVersion,
        String status,
        String summary,
        JsonNode data,
        Boolean success,
        String model,
        long latencyMs,
        Integer inputTokens,
        Integer outputTokens,
        String raw,
        String problems,
        Instant analyzedAt) implements Event {

    public static final String OK = "ok";
    public static final String INVALID = "invalid";

    @Override
    public String subject() {
        return callSid;
    }
}
