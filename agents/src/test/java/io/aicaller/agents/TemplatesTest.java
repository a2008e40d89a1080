package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void fillsPlaceholdersAndBlanksMissingOnes() {
        assertThat(Templates.render("Hi {{ name }}, order {{order}}{{missing}}.", Map.of("name", "Ann", "order",
                "$42\\x"))).isEqualTo("Hi Ann, order $42\\x.");
        assertThat(Templates.names("{{a}} {{ b }} {{a}} {{not a name}}")).containsExactly("a", "b", "not a name");
        assertThat(Templates.render("no placeholders", Map.of())).isEqualTo("no placeholders");
    }
}
