package io.aicaller.bridge.model;

/** The wire format of one realtime model API: client events out, server events in. No I/O. */
public interface RealtimeProtocol {

    ModelEvent parse(String text);

    String sessionUpdate(AgentProfile profile);

    /** Caller audio, already base64 mu-law: forwarded without decoding. */
    String appendAudio(String base64Audio);

    /** Text the caller "said", e.g. keypad digits. */
    String userText(String text);

    /** Starts a response; {@code instructions} (nullable) override the session's for this response only. */
    String responseCreate(String instructions);

    String responseCancel();

    /** Tells the model how much of an item's audio the caller actually heard. */
    String truncate(String itemId, int contentIndex, long audioEndMs);

    String functionCallOutput(String callId, String outputJson);
}
