package io.aicaller.bridge.model;

import java.util.List;

/**
 * How the agent behaves on a call: chosen per called number by the gateway and passed as a stream parameter.
 *
 * @param fallbackNumber where a call goes when the model fails; null hangs up instead
 */
public record AgentProfile(String name, String model, String instructions, String voice, String greeting,
        String turnDetection, List<String> tools, String fallbackNumber, String transcriptionModel) {

    public static final String END_CALL = "end_call";
    public static final String TRANSFER_CALL = "transfer_call";
    public static final String SEND_SMS = "send_sms";

    public AgentProfile {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public boolean hasGreeting() {
        return greeting != null && !greeting.isBlank();
    }
}
