package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AgentCatalogTest {

    static String stored(String name, long version) throws Exception {
        String json = AgentRulesTest.exampleTree().put("name", name).toString();
        return AgentRules.toJson(AgentRules.parse(json).stored(version, Instant.EPOCH));
    }

    @Test
    void theLatestRecordOfANameWinsAndATombstoneDeletes() throws Exception {
        AgentCatalog catalog = new AgentCatalog();
        catalog.apply("support", AgentCatalog.DEFINED, stored("support", 1));
        catalog.apply("sales", AgentCatalog.DEFINED, stored("sales", 1));
        catalog.apply("support", AgentCatalog.DEFINED, stored("support", 2));
        assertThat(catalog.get("support")).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(2));
        assertThat(catalog.all()).extracting(AgentDefinition::name).containsExactly("sales", "support");

        catalog.apply("sales", AgentCatalog.DELETED, null);
        assertThat(catalog.get("sales")).isEmpty();
    }

    @Test
    void recordsThatDoNotFitTheirKeyOrCannotBeReadAreSkipped() throws Exception {
        AgentCatalog catalog = new AgentCatalog();
        catalog.apply("other", AgentCatalog.DEFINED, stored("support", 1));
        catalog.apply("support", AgentCatalog.DEFINED, "{not json");
        catalog.apply("support", "io.aicaller.something.else.v1", stored("support", 1));
        assertThat(catalog.size()).isZero();
    }
}
