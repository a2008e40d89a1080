package io.aicaller.events;

import java.time.Instant;

/**
 * An outbound call was created through the Twilio API. Type {@code io.aicaller.call.dialed.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid of the new call
 * @param from Caller ID used
 * @param to Dialled number (E.164)
 * @param profile Agent profile the call will run
 * @param record Whether the call is recorded
 * @param timeoutSeconds Ring timeout in seconds (optional)
 * @param machineDetection Answering machine detection mode, if any (optional)
 * @param status Status Twilio returned on create
 * @param commandId Command or request that asked for the call (optional)
 * @param dialedAt When Twilio accepted the call
 */
public record CallDialed(
        String callSid,
        String from,
        String to,
        String profile,
        boolean record,
        Integer timeoutSeconds,
        String machineDetection,
        String status,
        String commandId,
        Instant dialedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
