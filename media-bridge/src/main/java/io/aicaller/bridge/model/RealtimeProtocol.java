package io.aicaller.bridge.model;

/**
 * The wire format of one realtime model API: client events out, server events in. No I/O. Every client event carries
 * the caller's {@code eventId}, so an error the model reports can be tied to the event that caused it.
 */
public interface RealtimeProtocol {

    ModelEvent parse(String text);

    String sessionUpdate(String eventId, AgentProfile profile);

    /** Caller audio, already base64 in the model's input format: forwarded without decoding. */
    String appendAudio(String eventId, String base64Audio);

    /** Ends the caller's turn when the bridge, not the model, detects turns. */
    String commitAudio(String eventId);

    /** Text the caller "said", e.g. keypad digits. */
    String userText(String eventId, String text);

    /** Starts a response; {@code instructions} (nullable) override the session's for this response only. */
    String responseCreate(String eventId, String instructions);

    String responseCancel(String eventId);

    /** Tells the model how much of an item's audio the caller actually heard. */
    String truncate(String eventId, String itemId, int contentIndex, long audioEndMs);

    String functionCallOutput(String eventId, String callId, String outputJson);
}
