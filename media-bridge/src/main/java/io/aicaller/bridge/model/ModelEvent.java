package io.aicaller.bridge.model;

/** A server event of a realtime speech model, in the bridge's own terms. */
public sealed interface ModelEvent {

    /**
     * {@code session.created} or {@code session.updated}, with the audio formats the session now has (null when the
     * event does not say).
     */
    record SessionReady(String type, String inputFormat, String outputFormat) implements ModelEvent {
        public boolean updated() {
            return "session.updated".equals(type);
        }
    }

    /** The model's voice activity detection heard the caller start speaking. */
    record SpeechStarted(String itemId, long audioStartMs) implements ModelEvent {
    }

    record SpeechStopped(String itemId, long audioEndMs) implements ModelEvent {
    }

    record ResponseCreated(String responseId) implements ModelEvent {
    }

    record ResponseDone(String responseId, String status) implements ModelEvent {
    }

    /** A chunk of the model's voice: base64 in the session's output format (mu-law for Twilio). */
    record AudioDelta(String responseId, String itemId, int contentIndex, String delta) implements ModelEvent {
    }

    record AudioTranscriptDone(String itemId, String transcript) implements ModelEvent {
    }

    record InputTranscriptDone(String itemId, String transcript) implements ModelEvent {
    }

    /** A finished function-call item; only {@code completed} ones are run (an interrupted one may be cut short). */
    record FunctionCallDone(String itemId, String callId, String name, String arguments, String status)
            implements
                ModelEvent {
    }

    /**
     * @param param the offending field, when the API names one
     * @param eventId the {@code event_id} of the client event that caused it, when the API names one
     */
    record Error(String type, String code, String message, String param, String eventId) implements ModelEvent {
    }

    /** Any other event: kept for debugging, never fatal. */
    record Unknown(String type, String raw) implements ModelEvent {
    }
}
