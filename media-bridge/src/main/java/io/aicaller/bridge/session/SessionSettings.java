package io.aicaller.bridge.session;

/**
 * A call session's timings and batching, from the bridge's configuration.
 *
 * @param markIntervalMs 0 for a mark after every chunk of model audio; otherwise a mark follows the chunk that
 *        completes each interval of audio, and the last chunk of every response. Fewer marks mean fewer messages
 *        both ways on every call; the played offset a barge-in truncates at is then up to one interval short.
 * @param sessionTimeoutMs how long the model has to confirm its session before the call fails over
 * @param goodbyeTimeoutMs after {@code end_call}, the longest wait for the goodbye to play before hanging up
 * @param twilioIdleTimeoutMs a stream that sends no media this long is ended: Twilio sends media continuously,
 *        silence included, and a silent peer would keep a billed model session open
 * @param inputBatchMs caller audio gathered into one {@code input_audio_buffer.append}; 0 or one frame's 20 ms:
 *        every frame alone
 */
public record SessionSettings(long markIntervalMs, long sessionTimeoutMs, long goodbyeTimeoutMs,
        long twilioIdleTimeoutMs, long inputBatchMs) {

    public static final SessionSettings DEFAULTS = new SessionSettings(0, 10_000, 15_000, 10_000, 0);
}
