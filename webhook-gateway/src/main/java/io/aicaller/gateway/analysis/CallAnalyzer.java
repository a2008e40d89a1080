package io.aicaller.gateway.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.CallAnalysisRequested;
import io.aicaller.events.CallAnalyzed;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.config.OpenAiConfig;
import io.aicaller.gateway.messaging.EventPublisher;

/**
 * Post-call analysis: consumes {@code calls.analysis-requests.v1} (one consumer group, so each call once across
 * replicas, partitioned by CallSid), asks a text model with the agent's settings, checks the answer, retries an
 * unusable one once, and publishes {@code call.analyzed} under an id made from the CallSid (a redelivered request
 * repeats the same id). A model outage is waited out with backoff; the request is acknowledged only after its result
 * is durable, so a restart loses nothing.
 */
@ApplicationScoped
public class CallAnalyzer {

    private static final Logger LOG = Logger.getLogger(CallAnalyzer.class);
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(30);

    private final AgentsReader agents;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final GatewayConfig.Analysis config;
    private final AnalysisModel model;

    CallAnalyzer(AgentsReader agents, EventPublisher publisher, ObjectMapper json, MeterRegistry metrics,
            GatewayConfig config, OpenAiConfig openAi) {
        this.agents = agents;
        this.publisher = publisher;
        this.json = json;
        this.metrics = metrics;
        this.config = config.analysis();
        this.model = new AnalysisModel(this.config.baseUrl().orElse(openAi.chatBaseUrl()),
                openAi.apiKey().orElse(null), this.config.timeout(), json);
    }

    /** Several calls at once on the {@code analysis} worker pool (its size is the concurrency); order is irrelevant. */
    @Incoming("analysis-requests")
    @Blocking(value = "analysis", ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        try {
            CallAnalysisRequested request = json.readValue(message.getPayload(), CallAnalysisRequested.class);
            analyse(request).ifPresent(result -> publisher.publish(result, result.callSid(), "analyzed")
                    .await()
                    .atMost(PUBLISH_WAIT));
            return message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Shutting down mid-wait: neither acknowledged nor refused, so the request is analysed after the restart.
            return new CompletableFuture<>();
        } catch (Exception e) {
            LOG.warnf("An analysis request could not be handled; it goes to the dead-letter topic: %s", e.toString());
            metrics.counter("gateway.analysis", "outcome", "failed").increment();
            return message.nack(e);
        }
    }

    /** The analysis of a call, or empty when its agent (any longer) asks for none. */
    Optional<CallAnalyzed> analyse(CallAnalysisRequested request) throws InterruptedException {
        agents.awaitLoaded(Duration.ofSeconds(30));
        Optional<AgentDefinition.Analysis> settings = agents.get(request.agent()).map(AgentDefinition::analysis);
        if (settings.isEmpty()) {
            LOG.infof("Call %s: agent %s asks for no analysis", request.callSid(), request.agent());
            return Optional.empty();
        }
        AnalysisPrompt prompt = new AnalysisPrompt(settings.get(), json);
        long started = System.nanoTime();
        int inputTokens = 0;
        int outputTokens = 0;
        List<String> problems = List.of();
        String raw = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            AnalysisModel.Answer answer;
            try {
                answer = completeWaitingOutOutages(prompt, request, problems);
            } catch (AnalysisModel.Refused e) {
                problems = List.of("the model endpoint refused the request: " + e.getMessage());
                raw = null;
                break;
            }
            inputTokens += answer.inputTokens() == null ? 0 : answer.inputTokens();
            outputTokens += answer.outputTokens() == null ? 0 : answer.outputTokens();
            AnalysisPrompt.Verdict verdict = prompt.read(answer.content());
            if (verdict.valid()) {
                metrics.counter("gateway.analysis", "outcome", "ok").increment();
                return Optional.of(new CallAnalyzed(request.callSid(), request.agent(), request.agentVersion(),
                        CallAnalyzed.OK, verdict.summary(), verdict.data(), verdict.success(), config.model(),
                        elapsedMs(started), inputTokens, outputTokens, null, null, Instant.now()));
            }
            problems = verdict.problems();
            raw = answer.content();
        }
        metrics.counter("gateway.analysis", "outcome", "invalid").increment();
        return Optional.of(new CallAnalyzed(request.callSid(), request.agent(), request.agentVersion(),
                CallAnalyzed.INVALID, null, null, null, config.model(), elapsedMs(started), inputTokens, outputTokens,
                raw, String.join("; ", problems), Instant.now()));
    }

    private AnalysisModel.Answer completeWaitingOutOutages(AnalysisPrompt prompt, CallAnalysisRequested request,
            List<String> problems) throws AnalysisModel.Refused, InterruptedException {
        long backoff = config.initialBackoff().toMillis();
        while (true) {
            try {
                return model.complete(prompt.request(config.model(), request.transcript(), problems));
            } catch (AnalysisModel.Unavailable e) {
                metrics.counter("gateway.analysis", "outcome", "retried").increment();
                long wait = backoff / 2 + (long) (Math.random() * backoff / 2);
                LOG.warnf("Analysis of call %s waits %d ms for the model: %s", request.callSid(), wait,
                        e.getMessage());
                Thread.sleep(wait);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
            }
        }
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
