package io.aicaller.numbers.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.InvalidAgent;
import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.messaging.AgentStore;
import io.aicaller.numbers.messaging.ProfileAssignments;

/**
 * Agents as data: create, update with an optimistic version check, delete unless a number uses it. Every check is
 * made against this replica's table synced with the topic just before, so a write another replica made a moment ago
 * counts. Writes from one replica are serialized; two replicas writing the same agent within the same instant may
 * both succeed, and the later record in the topic is the one every replica keeps.
 */
@ApplicationScoped
public class AgentsService {

    private static final Logger LOG = Logger.getLogger(AgentsService.class);

    private final AgentStore store;
    private final ProfileAssignments assignments;
    private final NumbersConfig config;

    AgentsService(AgentStore store, ProfileAssignments assignments, NumbersConfig config) {
        this.store = store;
        this.assignments = assignments;
        this.config = config;
    }

    public List<AgentDefinition> list() {
        store.sync();
        return store.all();
    }

    public AgentDefinition get(String name) {
        store.sync();
        return store.get(name).orElseThrow(() -> notFound(name));
    }

    /** Checks a definition without storing it. */
    public AgentDefinition validate(String json) {
        return AgentRules.parse(json);
    }

    public synchronized AgentDefinition create(String json) {
        AgentDefinition agent = AgentRules.parse(json);
        store.sync();
        if (store.get(agent.name()).isPresent()) {
            throw new NumbersService.Refused(409, "agent " + agent.name() + " exists: update it with PUT /api/agents/"
                    + agent.name() + " and its current version");
        }
        AgentDefinition stored = agent.stored(1, Instant.now());
        store.put(stored);
        LOG.infof("Agent %s created (version 1)", agent.name());
        return stored;
    }

    public synchronized AgentDefinition update(String name, String json) {
        AgentDefinition agent = AgentRules.parse(json);
        if (!name.equals(agent.name())) {
            throw new InvalidAgent(List.of(new InvalidAgent.Problem("name", "must be " + name
                    + ", the agent this request updates (an agent cannot be renamed)")));
        }
        if (agent.version() == null) {
            throw new NumbersService.Refused(428, "version is required: the version this update was made from");
        }
        store.sync();
        AgentDefinition current = store.get(name).orElseThrow(() -> notFound(name));
        if (!Objects.equals(current.version(), agent.version())) {
            throw new NumbersService.Refused(409, "agent " + name + " is at version " + current.version()
                    + ", not " + agent.version() + ": someone changed it; read it again and reapply your change");
        }
        if (current.content().equals(agent.content())) {
            return current;
        }
        AgentDefinition stored = agent.stored(current.versionOrZero() + 1, Instant.now());
        store.put(stored);
        LOG.infof("Agent %s updated to version %d", name, stored.version());
        return stored;
    }

    /** Applies a declared definition (GitOps): written as a new version only if it differs from the stored one. */
    public synchronized boolean apply(AgentDefinition agent) {
        AgentDefinition current = store.get(agent.name()).orElse(null);
        if (current != null && current.content().equals(agent.content())) {
            return false;
        }
        long version = current == null ? 1 : current.versionOrZero() + 1;
        store.put(agent.stored(version, Instant.now()));
        LOG.infof("Declared agent %s applied as version %d", agent.name(), version);
        return true;
    }

    public synchronized void delete(String name) {
        store.sync();
        store.get(name).orElseThrow(() -> notFound(name));
        List<String> numbers = assignments.numbersUsing(name);
        if (!numbers.isEmpty()) {
            throw new NumbersService.Refused(409, "agent " + name + " answers " + numbers.size()
                    + " number(s) " + numbers + ": assign them another agent first");
        }
        if (name.equals(config.defaultProfile())) {
            throw new NumbersService.Refused(409, "agent " + name + " answers every number without an agent"
                    + " (numbers.default-profile)");
        }
        store.delete(name);
        LOG.infof("Agent %s deleted", name);
    }

    /** Whether numbers may be assigned to this agent: stored, or built into the media-bridge's configuration. */
    public boolean exists(String name) {
        if (config.agents().builtIn().contains(name)) {
            return true;
        }
        if (store.get(name).isPresent()) {
            return true;
        }
        store.sync();
        return store.get(name).isPresent();
    }

    private static NumbersService.Refused notFound(String name) {
        return new NumbersService.Refused(404, "no agent named " + name);
    }
}
