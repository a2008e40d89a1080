package io.aicaller.gateway.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The chat-completions model behind the Gather fallback: {@code OPENAI_API_KEY} from the environment. */
@ConfigMapping(prefix = "openai")
public interface OpenAiConfig {

    Optional<String> apiKey();
}
