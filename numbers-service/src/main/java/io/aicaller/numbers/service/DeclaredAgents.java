package io.aicaller.numbers.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.StartupEvent;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.InvalidAgent;
import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.messaging.AgentStore;

/**
 * Agents declared in a file (Helm values rendered into a ConfigMap, or the local run's file) are applied at start-up,
 * once the stored agents are read: the file is the source of truth for the agents it names. An invalid file stops
 * the service, naming the agent and the field, so a bad rollout fails instead of serving the old agents silently.
 */
@ApplicationScoped
public class DeclaredAgents {

    private static final Logger LOG = Logger.getLogger(DeclaredAgents.class);

    private final NumbersConfig config;
    private final AgentStore store;
    private final AgentsService agents;

    DeclaredAgents(NumbersConfig config, AgentStore store, AgentsService agents) {
        this.config = config;
        this.store = store;
        this.agents = agents;
    }

    void apply(@Observes StartupEvent start) throws InterruptedException {
        if (config.agents().file().isEmpty()) {
            return;
        }
        Path file = config.agents().file().get();
        List<AgentDefinition> declared = read(file);
        if (!store.awaitLoaded(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the agents topic could not be read within 60s; declared agents in "
                    + file + " not applied");
        }
        int written = 0;
        for (AgentDefinition agent : declared) {
            if (agents.apply(agent)) {
                written++;
            }
        }
        LOG.infof("%d declared agent(s) in %s, %d written", declared.size(), file, written);
    }

    static List<AgentDefinition> read(Path file) {
        JsonNode root;
        try {
            root = AgentRules.json().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("numbers.agents.file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException("numbers.agents.file " + file + " must hold a JSON array of agents");
        }
        List<AgentDefinition> declared = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                AgentDefinition agent = AgentRules.parse(root.get(i).toString());
                if (agent.version() != null || agent.updatedAt() != null) {
                    throw new InvalidAgent(List.of(new InvalidAgent.Problem("version",
                            "set by the service, not declared")));
                }
                declared.add(agent);
            } catch (InvalidAgent e) {
                throw new IllegalStateException("numbers.agents.file " + file + ", agent [" + i + "] "
                        + root.get(i).path("name").asText("") + ": " + e.getMessage(), e);
            }
        }
        return declared;
    }
}
