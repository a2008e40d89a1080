package io.aicaller.bridge.session;

import io.aicaller.bridge.audio.Transcoder;
import io.aicaller.bridge.model.AgentProfile;

/**
 * The caller's audio on its way to the model: transcoded when the agent's model does not take mu-law, held until the
 * session is confirmed, batched by {@link ModelRequests}, and listened to for the caller's turns where the bridge
 * detects them itself (the model's turn detection off). No I/O.
 */
final class CallerAudio {

    private static final int MU_LAW_BYTES_PER_MS = 8;
    /** 24 kHz, 16 bits. */
    private static final int PCM_BYTES_PER_MS = 48;

    private final ModelRequests requests;
    private final SessionGate gate;
    private Transcoder transcoder;
    private CallerTurns turns;

    CallerAudio(ModelRequests requests, SessionGate gate) {
        this.requests = requests;
        this.gate = gate;
    }

    /** The agent is known. Returns the transcoder its model's audio needs (shared with the agent's side), or null. */
    Transcoder start(AgentProfile agent, long inputBatchMs) {
        transcoder = agent.transcodes() ? new Transcoder() : null;
        requests.batchAudio((int) inputBatchMs * (transcoder != null ? PCM_BYTES_PER_MS : MU_LAW_BYTES_PER_MS));
        turns = agent.turnDetection().isOff() ? new CallerTurns(agent.turnDetection().silenceMs()) : null;
        return transcoder;
    }

    /** One frame of the caller's base64 mu-law; what it changed of the caller's turn, where the bridge detects it. */
    CallerTurns.Change onFrame(String muLaw) {
        String audio = transcoder != null ? transcoder.muLaw8kToPcm24k(muLaw) : muLaw;
        if (gate.confirmed()) {
            requests.append(audio);
        } else {
            gate.hold(audio);
        }
        return turns == null ? CallerTurns.Change.NONE : turns.onFrame(muLaw);
    }

    /** The session is confirmed: what the caller said meanwhile goes to the model first. */
    void release() {
        gate.release().forEach(requests::append);
    }
}
