package io.aicaller.events;

import java.time.Instant;

/**
 * Command: end a live call. Type {@code io.aicaller.call.hang-up.v1} on {@value Topics#CALLS_COMMANDS}.
 *
 * @param commandId Unique command id; the executor runs each id once
 * @param callSid Call to hang up
 * @param reason Why (optional)
 * @param requestedAt When the command was issued
 */
public record HangUpCall(
        String commandId,
        String callSid,
        String reason,
        Instant requestedAt) implements Command {

    @Override
    public String subject() {
        return callSid;
    }
}
