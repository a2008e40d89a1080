package io.aicaller.bridge.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The realtime model: {@code OPENAI_API_KEY} from the environment, the URL configurable for fakes and sandboxes. */
@ConfigMapping(prefix = "openai")
public interface OpenAiConfig {

    Optional<String> apiKey();

    @WithDefault("wss://api.openai.com/v1/realtime")
    String realtimeUrl();

    /** How long to wait for the model's socket before the call is handed back. */
    @WithDefault("5s")
    java.time.Duration connectTimeout();
}
