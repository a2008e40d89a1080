package io.aicaller.events;

import java.time.Instant;

/**
 * Command: place an outbound call. Type {@code io.aicaller.call.dial.v1} on {@value Topics#CALLS_COMMANDS}.
 *
 * @param commandId Unique command id; the executor runs each id once
 * @param to Number to call (E.164)
 * @param from Caller ID; the configured default when absent (optional)
 * @param profile Agent profile for the call (optional)
 * @param requestedAt When the command was issued
 */
public record DialCall(
        String commandId,
        String to,
        String from,
        String profile,
        Instant requestedAt) implements Command {

    @Override
    public String subject() {
        return commandId;
    }
}
