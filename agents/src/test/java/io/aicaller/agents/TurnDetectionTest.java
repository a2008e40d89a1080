package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TurnDetectionTest {

    @Test
    void settingsTheApiWouldRefuseAreRefusedWhenTheDefinitionLoads() {
        assertThat(new TurnDetection("none", null, null, null, null, null).isOff()).isTrue();
        assertThat(new TurnDetection("OFF", null, null, null, null, null).isOff()).isTrue();
        assertThatThrownBy(() -> new TurnDetection("vad", null, null, null, null, null))
                .hasMessageContaining("server_vad, semantic_vad or off");
        assertThatThrownBy(() -> new TurnDetection("server_vad", 1.5, null, null, null, null))
                .hasMessageContaining("threshold must be between 0 and 1");
        assertThatThrownBy(() -> new TurnDetection("server_vad", null, null, null, 1000, null))
                .hasMessageContaining("idleTimeoutMs must be 5000 to 30000");
        assertThatThrownBy(() -> new TurnDetection("semantic_vad", null, null, null, null, "eager"))
                .hasMessageContaining("eagerness must be one of");
        assertThatThrownBy(() -> new TurnDetection("semantic_vad", 0.5, null, null, null, null))
                .hasMessageContaining("server_vad only");
        assertThatThrownBy(() -> new TurnDetection("server_vad", null, null, null, null, "low"))
                .hasMessageContaining("semantic_vad only");
    }
}
