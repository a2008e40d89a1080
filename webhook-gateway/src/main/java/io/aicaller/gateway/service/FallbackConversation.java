package io.aicaller.gateway.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import io.aicaller.gateway.client.ChatClient;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.config.OpenAiConfig;
import io.aicaller.gateway.twilio.Twiml;

/**
 * The Gather fallback: each caller utterance (Twilio's speech recognition) goes to a chat-completions model and the
 * reply is spoken with {@code <Say>}. A failing model ends the call politely. The history lives on this replica;
 * Twilio usually sends a call's webhooks to the same one, and losing it only shortens the model's memory.
 */
@ApplicationScoped
public class FallbackConversation {

    private static final Logger LOG = Logger.getLogger(FallbackConversation.class);
    private static final int MAX_CONVERSATIONS = 10_000;
    /** Leaves room inside Twilio's 15 s webhook budget. */
    private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(8);

    private final ChatClient chat;
    private final GatewayConfig.Fallback config;
    private final String authorization;
    private final WebhookUrls urls;
    private final MeterRegistry metrics;
    private final Map<String, List<ChatClient.Message>> conversations = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ChatClient.Message>> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    FallbackConversation(@RestClient ChatClient chat, GatewayConfig config, OpenAiConfig openAi, WebhookUrls urls,
            MeterRegistry metrics) {
        this.chat = chat;
        this.config = config.fallback();
        this.authorization = openAi.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        this.urls = urls;
        this.metrics = metrics;
    }

    public Uni<String> reply(TwilioWebhook webhook) {
        String callSid = webhook.param("CallSid");
        String speech = webhook.param("SpeechResult");
        if (callSid == null) {
            return Uni.createFrom().item(Twiml.sayAndHangUp(config.errorMessage()));
        }
        if (speech == null || speech.isBlank()) {
            return Uni.createFrom().item(gather("Sorry, I did not catch that. Could you say it again?"));
        }
        List<ChatClient.Message> history = append(callSid, new ChatClient.Message("user", speech.trim()));
        long callerTurns = history.stream().filter(m -> m.role().equals("user")).count();
        if (callerTurns > config.maxTurns()) {
            forget(callSid);
            return Uni.createFrom().item(Twiml.sayAndHangUp(config.goodbye()));
        }
        List<ChatClient.Message> messages = new ArrayList<>();
        messages.add(new ChatClient.Message("system", config.instructions()));
        messages.addAll(history);
        return chat.complete(authorization, new ChatClient.Request(config.model(), messages, 200))
                .ifNoItem()
                .after(MODEL_TIMEOUT)
                .fail()
                .map(response -> {
                    String text = response.choices().get(0).message().content().trim();
                    if (text.isEmpty()) {
                        throw new IllegalStateException("empty reply");
                    }
                    append(callSid, new ChatClient.Message("assistant", text));
                    metrics.counter("gateway.fallback.replies", "outcome", "ok").increment();
                    return gather(text);
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("Fallback model failed for call %s: %s", callSid, failure.toString());
                    metrics.counter("gateway.fallback.replies", "outcome", "failed").increment();
                    forget(callSid);
                    return Twiml.sayAndHangUp(config.errorMessage());
                });
    }

    private String gather(String prompt) {
        return Twiml.gatherSpeech(prompt, urls.webhook("gather"), config.language());
    }

    private synchronized List<ChatClient.Message> append(String callSid, ChatClient.Message message) {
        List<ChatClient.Message> history = conversations.computeIfAbsent(callSid, k -> new ArrayList<>());
        history.add(message);
        return List.copyOf(history);
    }

    private synchronized void forget(String callSid) {
        conversations.remove(callSid);
    }
}
