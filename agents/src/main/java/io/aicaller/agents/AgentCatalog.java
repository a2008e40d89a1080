package io.aicaller.agents;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;

/**
 * A replica's table of agents, fed with the records of {@value Topics#AGENTS_DEFINITIONS} in topic order. The latest
 * record of a name wins, as compaction keeps it, so a replica that reads the live topic and one that reads it
 * compacted hold the same table. No I/O.
 */
public final class AgentCatalog {

    /** CloudEvents type of a record holding a definition (the value) under the agent's name (the key). */
    public static final String DEFINED = "io.aicaller.agent.defined.v1";
    /** CloudEvents type of a tombstone: the agent is deleted. */
    public static final String DELETED = "io.aicaller.agent.deleted.v1";

    private final Map<String, AgentDefinition> byName = new ConcurrentHashMap<>();

    /** One record of the topic; a null value (tombstone) deletes the key's agent. Unreadable records are skipped. */
    public void apply(String key, String ceType, String value) {
        if (key == null) {
            return;
        }
        if (value == null || DELETED.equals(ceType)) {
            byName.remove(key);
            return;
        }
        if (!DEFINED.equals(ceType)) {
            return;
        }
        AgentDefinition agent = AgentRules.readStored(value);
        if (agent != null && key.equals(agent.name())) {
            byName.put(key, agent);
        }
    }

    public Optional<AgentDefinition> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public List<AgentDefinition> all() {
        return byName.values()
                .stream()
                .sorted(Comparator.comparing(AgentDefinition::name))
                .collect(Collectors.toList());
    }

    public int size() {
        return byName.size();
    }
}
