package io.aicaller.events;

import java.time.Instant;

/**
 * Command: transfer a live call to another number. Type {@code io.aicaller.call.transfer.v1} on {@value
 * Topics#CALLS_COMMANDS}.
 *
 * @param commandId Unique command id; the executor runs each id once
 * @param callSid Call to transfer
 * @param to Transfer target (E.164)
 * @param reason Why (optional)
 * @param requestedAt When the command was issued
 */
public record TransferCall(
        String commandId,
        String callSid,
        String to,
        String reason,
        Instant requestedAt) implements Command {

    @Override
    public String subject() {
        return callSid;
    }
}
