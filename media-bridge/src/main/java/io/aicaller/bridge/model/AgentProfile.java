package io.aicaller.bridge.model;

import java.util.List;

/**
 * How the agent behaves on a call: chosen per called number by the gateway and passed as a stream parameter.
 *
 * @param fallbackNumber where a call goes when the model fails; null hangs up instead
 * @param audioFormat {@code audio/pcmu} (Twilio's mu-law passes through) or {@code audio/pcm} (24 kHz PCM16, for
 *        models without G.711: the bridge transcodes)
 */
public record AgentProfile(String name, String model, String instructions, String voice, String greeting,
        TurnDetection turnDetection, List<String> tools, String fallbackNumber, String transcriptionModel,
        String audioFormat) {

    public static final String PCMU = "audio/pcmu";
    public static final String PCM = "audio/pcm";

    public static final String END_CALL = "end_call";
    public static final String TRANSFER_CALL = "transfer_call";
    public static final String SEND_SMS = "send_sms";

    public AgentProfile {
        tools = tools == null ? List.of() : List.copyOf(tools);
        turnDetection = turnDetection == null ? TurnDetection.serverVad() : turnDetection;
    }

    /** Whether audio must be transcoded between Twilio's mu-law and the model's PCM. */
    public boolean transcodes() {
        return PCM.equals(audioFormat);
    }

    /** The format asked of the model, both ways: what {@code session.updated} must confirm. */
    public String modelAudioFormat() {
        return transcodes() ? PCM : PCMU;
    }

    public boolean hasGreeting() {
        return greeting != null && !greeting.isBlank();
    }
}
