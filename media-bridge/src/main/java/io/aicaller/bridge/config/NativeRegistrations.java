package io.aicaller.bridge.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.TurnDetection;
import io.aicaller.events.OptOutChanged;

/**
 * What a native image must keep for reflection: the agent definitions, which the agents library reads from
 * {@code agents.definitions.v1} with Jackson's data binding, and the opt-outs read from {@code messages.opt-outs.v1}. The media path itself parses with the streaming API.
 */
@RegisterForReflection(targets = {AgentDefinition.class, AgentDefinition.HttpTool.class, AgentDefinition.Header.class,
        AgentDefinition.McpServer.class, AgentDefinition.CallStartWebhook.class, AgentDefinition.Recording.class,
        AgentDefinition.Analysis.class,
        TurnDetection.class, OptOutChanged.class})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
