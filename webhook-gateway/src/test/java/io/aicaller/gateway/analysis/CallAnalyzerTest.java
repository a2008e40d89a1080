package io.aicaller.gateway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.agents.AgentRules;
import io.aicaller.events.CallAnalysisRequested;
import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.gateway.support.SmallHttpFake;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.EventSchemas;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * Post-call analysis against a real broker and a text model on HTTP: outages are waited out, an unusable answer is
 * asked again once (telling the model why), and the result is {@code call.analyzed}, valid against its schema.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CallAnalyzerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String VALID = "{\"summary\": \"The caller moved the appointment to Friday.\", \"success\": true,"
            + " \"data\": {\"appointment\": \"Friday 10:00\", \"people\": 2}}";
    static final String NO_APPOINTMENT = "{\"summary\": \"Unclear.\", \"success\": false, \"data\": {\"people\": 2}}";

    @InjectFakes
    GatewayFakes fakes;

    String agent;

    @BeforeEach
    void defineAgent() throws Exception {
        agent = "analyst-" + UUID.randomUUID().toString().substring(0, 8);
        try (StateTopicWriter agents = new StateTopicWriter(Topics.AGENTS_DEFINITIONS, "/test",
                Map.of("bootstrap.servers", fakes.bootstrapServers), TIMEOUT)) {
            agents.put(agent, AgentCatalog.DEFINED, EventJson.mapper().writeValueAsString(AgentRules.parse("""
                    {"name": "%s", "instructions": "Book appointments.",
                     "analysis": {"summaryPrompt": "One sentence.", "successRubric": "An appointment was booked.",
                       "dataSchema": {"type": "object", "required": ["appointment"], "properties": {
                         "appointment": {"type": "string"}, "people": {"type": "integer", "minimum": 1}}}}}
                    """.formatted(agent)).stored(1, Instant.now())));
        }
    }

    String requestAnalysis() throws Exception {
        String callSid = TwilioRequests.sid("CA");
        CallAnalysisRequested request = new CallAnalysisRequested(callSid, agent, 1,
                "agent: Hello.\ncaller: Move me to Friday at ten, two of us. [interrupted]\nagent: Done.", 3,
                Instant.now());
        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            sender.send(Topics.CALLS_ANALYSIS_REQUESTS, EventType.CALL_ANALYSIS_REQUESTED.ceType(),
                    UUID.randomUUID().toString(), callSid, EventJson.mapper().writeValueAsString(request));
        }
        return callSid;
    }

    ReceivedEvent analyzed(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            ReceivedEvent event = reader.await(1, TIMEOUT, e -> callSid.equals(e.subject())
                    && EventType.CALL_ANALYZED.ceType().equals(e.type())).get(0);
            assertThat(EventSchemas.violations(event.type(), event.value())).isEmpty();
            return event;
        }
    }

    @Test
    void anOutageIsWaitedOutAndAnUnusableAnswerIsAskedAgainOnce() throws Exception {
        int before = fakes.analysisModel.requestBodies().size();
        fakes.analysisModel.queue(503, "{}");
        fakes.analysisModel.queue(429, "{}");
        fakes.analysisModel.queue(200, SmallHttpFake.chatCompletion(NO_APPOINTMENT));
        fakes.analysisModel.queue(200, SmallHttpFake.chatCompletion(VALID));
        String callSid = requestAnalysis();

        ReceivedEvent event = analyzed(callSid);
        assertThat(event.json().get("status").asText()).isEqualTo("ok");
        assertThat(event.json().get("summary").asText()).isEqualTo("The caller moved the appointment to Friday.");
        assertThat(event.json().get("success").asBoolean()).isTrue();
        assertThat(event.json().get("data").get("appointment").asText()).isEqualTo("Friday 10:00");
        assertThat(event.json().get("inputTokens").asInt()).isEqualTo(200);
        assertThat(event.json().get("agent").asText()).isEqualTo(agent);

        List<String> all = fakes.analysisModel.requestBodies();
        List<String> requests = all.subList(before, all.size());
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0)).contains("Move me to Friday at ten", "[interrupted]", "json_object",
                "appointment");
        assertThat(requests.get(3)).contains("data.appointment: required");
    }

    @Test
    void anAnswerUnusableTwiceIsPublishedAsInvalidWithTheRawText() throws Exception {
        fakes.analysisModel.queue(200, SmallHttpFake.chatCompletion(NO_APPOINTMENT));
        fakes.analysisModel.queue(200, SmallHttpFake.chatCompletion("Sorry, I cannot do JSON."));
        String callSid = requestAnalysis();

        ReceivedEvent event = analyzed(callSid);
        assertThat(event.json().get("status").asText()).isEqualTo("invalid");
        assertThat(event.json().get("raw").asText()).isEqualTo("Sorry, I cannot do JSON.");
        assertThat(event.json().get("problems").asText()).isEqualTo("not JSON");
        assertThat(event.json().path("data").isNull() || event.json().path("data").isMissingNode()).isTrue();
    }
}
