package io.aicaller.bridge.client;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.RealtimeProtocol;

/** A realtime speech-to-speech model API: how to reach it and how to speak to it. */
public interface RealtimeModel {

    RealtimeProtocol protocol();

    /**
     * Opens a session for one call. Must be called on the call's Vert.x context: every listener callback then runs
     * on that same context, serialized with the Twilio socket's messages.
     */
    ModelConnection connect(AgentProfile profile, ModelListener listener);

    interface ModelListener {
        void onModelMessage(String message);

        /** The session could not be opened, or ended without us closing it. */
        void onModelFailure(String reason);
    }

    interface ModelConnection {
        /** Queued until the socket is open. */
        void send(String message);

        void close();
    }
}
