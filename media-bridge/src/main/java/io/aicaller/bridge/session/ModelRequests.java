package io.aicaller.bridge.session;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.RealtimeProtocol;

/**
 * The client events one call sends to its model, each with its own {@code event_id} ({@code c1}, {@code c2}, ...),
 * and a short memory of the recent ones so an {@code error} naming an {@code event_id} can be tied to what caused it.
 * Audio appends get ids too but are not remembered: many a second, and an error about one changes nothing. Caller
 * audio goes out in {@link InputBatch batches}; a commit sends what is held first, so the turn it ends is whole.
 */
final class ModelRequests {

    /** A client event we sent; {@code detail} is a response's instructions, when it had some. */
    record Sent(String type, String detail) {
    }

    private static final int REMEMBERED = 64;

    private final RealtimeProtocol protocol;
    private final Outbox out;
    private final String[] ids = new String[REMEMBERED];
    private final Sent[] sent = new Sent[REMEMBERED];
    private long seq;
    private InputBatch batch = new InputBatch(0);

    ModelRequests(RealtimeProtocol protocol, Outbox out) {
        this.protocol = protocol;
        this.out = out;
    }

    /** @param bytes caller audio gathered into one append (in the model's input format); 0: every frame alone */
    void batchAudio(int bytes) {
        batch = new InputBatch(bytes);
    }

    String sessionUpdate(AgentProfile profile) {
        String id = remember("session.update", null);
        out.toModel(protocol.sessionUpdate(id, profile));
        return id;
    }

    void append(String audio) {
        String batched = batch.add(audio);
        if (batched != null) {
            out.toModel(protocol.appendAudio("c" + (++seq), batched));
        }
    }

    void commit() {
        String held = batch.drain();
        if (held != null) {
            out.toModel(protocol.appendAudio("c" + (++seq), held));
        }
        out.toModel(protocol.commitAudio(remember("input_audio_buffer.commit", null)));
    }

    void userText(String text) {
        out.toModel(protocol.userText(remember("conversation.item.create", null), text));
    }

    /** @param instructions empty for the session's own */
    void responseCreate(String instructions) {
        String id = remember("response.create", instructions);
        out.toModel(protocol.responseCreate(id, instructions.isEmpty() ? null : instructions));
    }

    void responseCancel() {
        out.toModel(protocol.responseCancel(remember("response.cancel", null)));
    }

    void truncate(Playout.Truncation truncation) {
        out.toModel(protocol.truncate(remember("conversation.item.truncate", null), truncation.itemId(),
                truncation.contentIndex(), truncation.audioEndMs()));
    }

    void functionCallOutput(String callId, String outputJson) {
        out.toModel(protocol.functionCallOutput(remember("conversation.item.create", null), callId, outputJson));
    }

    /** The recent client event with this id, or null (too old, an audio append, or not ours). */
    Sent cause(String eventId) {
        if (eventId == null) {
            return null;
        }
        for (int i = 0; i < REMEMBERED; i++) {
            if (eventId.equals(ids[i])) {
                return sent[i];
            }
        }
        return null;
    }

    private String remember(String type, String detail) {
        String id = "c" + (++seq);
        int slot = (int) (seq % REMEMBERED);
        ids[slot] = id;
        sent[slot] = new Sent(type, detail);
        return id;
    }
}
