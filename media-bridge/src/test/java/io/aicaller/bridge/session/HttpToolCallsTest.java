package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.events.ToolCompleted;
import io.aicaller.events.ToolInvoked;
import io.aicaller.testkit.media.RealtimeSchemas;
import io.aicaller.testkit.media.RealtimeServerEvents;

/** An agent's HTTP tool, from the model's function call to its output, as the session decides it (no I/O). */
class HttpToolCallsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AgentDefinition DEFINITION = AgentRules.parse("""
            {"name": "orders", "instructions": "Help {{company}} callers.", "variables": {"company": "Acme"},
             "signingSecretEnv": "ORDERS_KEY", "builtinTools": ["end_call"],
             "httpTools": [{"name": "lookup_order", "description": "Finds an order", "url": "https://crm.example.com/o",
               "timeoutMs": 2000, "filler": "One moment, I am checking.",
               "parameters": {"type": "object", "properties": {"order": {"type": "string"}}}}]}
            """).stored(7, java.time.Instant.EPOCH);
    static final AgentProfile AGENT = AgentProfile.forCall(DEFINITION, Map.of(), Map.of("from", "+14155550100", "to",
            "+14155550199", "direction", "inbound"), "gpt-realtime", env -> java.util.Optional.empty());

    final CallSessionTest.Recorder out = new CallSessionTest.Recorder();
    final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    CallSession session;
    long now = 5_000_000;

    @BeforeEach
    void start() throws Exception {
        session = new CallSession(protocol, out, List.of("AAAA"));
        session.start(CallSessionTest.startMessage(), AGENT, now);
        model(CallSessionTest.UPDATED_PCMU);
        model(RealtimeServerEvents.responseCreated("resp_1"));
        model(RealtimeServerEvents.functionCallDone("resp_1", "item_1", "call_1", "lookup_order",
                "{\"order\":\"A-17\"}"));
    }

    @AfterEach
    void everythingSentConforms() {
        assertThat(out.violations).isEmpty();
    }

    void model(String json) {
        assertThat(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, json)).as(json).isEmpty();
        session.onModel(protocol.parse(json), now);
    }

    @Test
    void theSessionOffersTheToolAndRendersTheInstructions() throws Exception {
        JsonNode update = JSON.readTree(out.model.get(0)).path("session");
        assertThat(update.path("instructions").asText()).isEqualTo("Help Acme callers.");
        assertThat(update.path("tools").findValuesAsText("name")).containsExactly("end_call", "lookup_order");
        assertThat(update.path("tools").get(1).path("parameters").path("properties").has("order")).isTrue();
    }

    @Test
    void aCallBecomesARequestWithTheCallsContextAndItsAnswerReachesTheModel() throws Exception {
        assertThat(out.toolRequests).hasSize(1);
        String[] request = out.toolRequests.get(0).split(" ", 3);
        assertThat(request[0]).isEqualTo("call_1");
        JsonNode body = JSON.readTree(request[2]);
        assertThat(body.path("arguments").path("order").asText()).isEqualTo("A-17");
        assertThat(body.path("call").path("agent").asText()).isEqualTo("orders");
        assertThat(body.path("call").path("agentVersion").asLong()).isEqualTo(7);
        assertThat(body.path("call").path("from").asText()).isEqualTo("+14155550100");
        assertThat(out.published).filteredOn(ToolInvoked.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((ToolInvoked) e).agentVersion()).isEqualTo(7));

        model(RealtimeServerEvents.responseDone("resp_1", "completed"));
        session.onToolReply("call_1", new ToolReply(ToolReply.OK, 200, "{\"status\":\"shipped\"}", 120, null), now);
        JsonNode output = JSON.readTree(out.model.get(out.model.size() - 2));
        assertThat(output.path("item").path("type").asText()).isEqualTo("function_call_output");
        assertThat(output.path("item").path("output").asText()).isEqualTo("{\"status\":\"shipped\"}");
        assertThat(out.modelTypes()).last().isEqualTo("response.create");
        assertThat(out.published).filteredOn(ToolCompleted.class::isInstance).singleElement().satisfies(e -> {
            ToolCompleted completed = (ToolCompleted) e;
            assertThat(completed.outcome()).isEqualTo("ok");
            assertThat(completed.latencyMs()).isEqualTo(120);
            assertThat(completed.httpStatus()).isEqualTo(200);
        });
        // A second reply to the same call (a retry racing a timeout) is not given to the model twice.
        int sent = out.model.size();
        session.onToolReply("call_1", new ToolReply(ToolReply.OK, 200, "{}", 130, null), now);
        assertThat(out.model).hasSize(sent);
    }

    @Test
    void aFailedToolIsAClearErrorAndTheCallGoesOn() throws Exception {
        model(RealtimeServerEvents.responseDone("resp_1", "completed"));
        session.onToolReply("call_1", new ToolReply(ToolReply.TIMEOUT, null, null, 2000, "no answer"), now);
        JsonNode output = JSON.readTree(out.model.get(out.model.size() - 2));
        assertThat(output.path("item").path("output").asText()).contains("lookup_order did not answer within 2000 ms")
                .contains("do not invent");
        assertThat(session.ended()).isFalse();
        assertThat(session.failed()).isFalse();
    }

    @Test
    void aSlowToolGetsItsFillerSaidAndAnAnswerOvertakesAFillerNotYetAskedFor() throws Exception {
        assertThat(out.timers).contains("filler:call_1");
        // The filler is due while the function call's own response still runs: it waits for response.done.
        session.onTimer("filler:call_1", now + 1000);
        assertThat(out.count("response.create")).isZero();
        model(RealtimeServerEvents.responseDone("resp_1", "completed"));
        JsonNode filler = JSON.readTree(out.model.get(out.model.size() - 1));
        assertThat(filler.path("response").path("instructions").asText()).endsWith("One moment, I am checking.");

        // The answer arrives while the filler plays: the model answers once the filler is done.
        model(RealtimeServerEvents.responseCreated("resp_2"));
        session.onToolReply("call_1", new ToolReply(ToolReply.OK, 200, "{\"eta\":\"friday\"}", 1500, null), now);
        assertThat(out.count("response.create")).isEqualTo(1);
        model(RealtimeServerEvents.responseDone("resp_2", "completed"));
        assertThat(out.count("response.create")).isEqualTo(2);
        assertThat(JSON.readTree(out.model.get(out.model.size() - 1)).path("response").has("instructions")).isFalse();
    }

    @Test
    void anAnswerBeforeTheFillerWasAskedForReplacesIt() throws Exception {
        session.onTimer("filler:call_1", now + 1000); // wanted, not sent: resp_1 is still running
        session.onToolReply("call_1", new ToolReply(ToolReply.OK, 200, "{}", 1100, null), now);
        model(RealtimeServerEvents.responseDone("resp_1", "completed"));
        assertThat(out.count("response.create")).isEqualTo(1);
        assertThat(JSON.readTree(out.model.get(out.model.size() - 1)).path("response").has("instructions")).isFalse();
        session.onTimer("filler:call_1", now + 2000); // a late timer of an answered call says nothing
        assertThat(out.count("response.create")).isEqualTo(1);
    }
}
