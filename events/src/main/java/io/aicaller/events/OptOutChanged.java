package io.aicaller.events;

import java.time.Instant;

/**
 * A number opted out of or back into messages (compacted: the latest per number wins). Type {@code
 * io.aicaller.message.opt-out-changed.v1} on {@value Topics#MESSAGES_OPT_OUTS}.
 *
 * @param number The number (E.164)
 * @param optedOut True after STOP-family keywords, false after START/YES/UNSTOP
 * @param keyword Keyword or cause (e.g. twilio-21610)
 * @param messageSid Inbound message that caused it (optional)
 * @param changedAt When it changed
 */
public record OptOutChanged(
        String number,
        boolean optedOut,
        String keyword,
        String messageSid,
        Instant changedAt) implements Event {

    @Override
    public String subject() {
        return number;
    }
}
