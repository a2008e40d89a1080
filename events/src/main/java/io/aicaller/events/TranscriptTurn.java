package io.aicaller.events;

/**
 * One finished utterance of the caller or the agent. Type {@code io.aicaller.transcript.turn.v1} on {@value
 * Topics#CALLS_TRANSCRIPTS}.
 *
 * @param callSid Twilio CallSid
 * @param streamSid Twilio StreamSid
 * @param turn Turn number within the call, from 1
 * @param role Who spoke
 * @param text What was said (agent text is cut at the interruption when known)
 * @param startMs Offset of the turn from stream start, ms
 * @param endMs Offset of the turn end from stream start, ms
 * @param interrupted Whether the caller barged in on this turn
 */
public record TranscriptTurn(
        String callSid,
        String streamSid,
        int turn,
        String role,
        String text,
        long startMs,
        long endMs,
        boolean interrupted) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
