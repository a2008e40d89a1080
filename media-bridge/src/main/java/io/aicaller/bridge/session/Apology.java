package io.aicaller.bridge.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.twilio.Base64Check;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.Command;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.TransferCall;

/**
 * What the caller hears when the model is gone, and where the call goes after: the bundled apology, a mark after it,
 * then a transfer to the profile's fallback number or a hang-up. Pure.
 */
final class Apology {

    static final String MARK = "apology";
    /** Beyond the apology's length, how long to wait for its mark before handing the call back anyway. */
    private static final long MARK_GRACE_MS = 2000;

    private final List<String> chunks;
    private final long durationMs;

    /** @param chunks base64 mu-law chunks */
    Apology(List<String> chunks) {
        this.chunks = List.copyOf(chunks);
        this.durationMs = chunks.stream().mapToLong(Base64Check::decodedLength).sum() / Playout.BYTES_PER_MS;
    }

    /** Replaces whatever Twilio still holds with the apology; returns the frames sent. */
    int play(Outbox out, String streamSid) {
        out.toTwilio(TwilioMessages.clear(streamSid));
        for (String chunk : chunks) {
            out.toTwilio(TwilioMessages.media(streamSid, chunk));
        }
        out.toTwilio(TwilioMessages.mark(streamSid, MARK));
        // Hand the call back even if Twilio never echoes the apology's mark.
        out.schedule(CallSession.TIMER_APOLOGY, durationMs + MARK_GRACE_MS);
        return chunks.size();
    }

    /** The command that takes the call back from the agent, its id the same however often it is asked for. */
    static Command handBack(String callSid, AgentProfile profile, String reason) {
        String commandId = UUID.nameUUIDFromBytes((callSid + "|hand-back").getBytes(StandardCharsets.UTF_8))
                .toString();
        return profile.fallbackNumber() != null && !profile.fallbackNumber().isBlank()
                ? new TransferCall(commandId, callSid, profile.fallbackNumber(), reason, Instant.now())
                : new HangUpCall(commandId, callSid, reason, Instant.now());
    }
}
