package io.aicaller.gateway.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The chat-completions model behind the Gather fallback: {@code OPENAI_API_KEY} from the environment. */
@ConfigMapping(prefix = "openai")
public interface OpenAiConfig {

    Optional<String> apiKey();

    /** Base URL of the OpenAI-compatible API; the {@code chat} REST client is pointed at it. */
    @WithDefault("https://api.openai.com/v1")
    String chatBaseUrl();
}
