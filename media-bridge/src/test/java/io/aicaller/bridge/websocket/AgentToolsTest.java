package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.bridge.messaging.AgentsConsumer;
import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.events.EventType;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;

/**
 * Agents as data on real sockets: an agent written to the agents topic answers a call, its HTTP tool on a local
 * server is called with a valid signature and the answer reaches the model, a slow tool times out without ending the
 * call, an update mid-call leaves the running call on its version, and the call-start webhook fills the instructions.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class AgentToolsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = BridgeFakes.TIMEOUT;

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    @Inject
    AgentsConsumer agents;

    @Inject
    CallRegistry registry;

    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet()
                    .stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }
    }

    HttpServer tools;
    final List<Received> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void toolServer() throws IOException {
        tools = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tools.setExecutor(Executors.newCachedThreadPool());
        tools.createContext("/orders", exchange -> answer(exchange, 200, "{\"order\":\"A-17\",\"status\":\"shipped\"}",
                0));
        tools.createContext("/slow", exchange -> answer(exchange, 200, "{\"late\":true}", 3000));
        tools.createContext("/start", exchange -> answer(exchange, 200,
                "{\"variables\": {\"customerName\": \"Ann\"}}", 0));
        tools.createContext("/start-hangs", exchange -> answer(exchange, 200, "{}", 5000));
        tools.start();
        fakes.model.clearNewSessions();
    }

    @AfterEach
    void stop() {
        tools.stop(0);
        assertThat(fakes.model.violations()).isEmpty();
    }

    void answer(HttpExchange exchange, int status, String body, long delayMs) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), request));
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the bridge gave up on this request (timeout): nothing to answer
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + tools.getAddress().getPort() + path;
    }

    String agentJson(String name, String greeting, String extra) {
        return """
                {"name": "%s", "instructions": "You help {{customerName}} with orders.",
                 "variables": {"customerName": "a customer"}, "greeting": "%s", "voice": "cedar",
                 "signingSecretEnv": "%s", "builtinTools": ["end_call"],
                 "httpTools": [
                   {"name": "lookup_order", "description": "Finds an order", "url": "%s", "timeoutMs": 2000,
                    "headers": {"X-Api-Key": {"secretEnv": "%s"}, "X-Tenant": {"value": "acme"}},
                    "parameters": {"type": "object", "properties": {"order": {"type": "string"}}}},
                   {"name": "slow_tool", "description": "Takes too long", "url": "%s", "timeoutMs": 300}]
                 %s}
                """.formatted(name, greeting, BridgeFakes.SIGNING_KEY_ENV, url("/orders"), BridgeFakes.CRM_KEY_ENV,
                url("/slow"), extra);
    }

    void publish(String json, long version) {
        String name = fakes.putAgent(json, version).name();
        await().atMost(TIMEOUT).until(() -> agents.get(name).map(a -> a.version() == version).orElse(false));
    }

    MediaStreamsCaller call(String agent) {
        MediaStreamsCaller caller = BridgeFakes.call(base);
        caller.start(MediaStreamTest.params(caller, agent));
        return caller;
    }

    static String hmac(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(BridgeFakes.SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode outputFor(FakeModelSession model, String callId) {
        return model.received("conversation.item.create")
                .stream()
                .filter(e -> callId.equals(e.path("item").path("call_id").asText()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anHttpToolIsCalledSignedItsAnswerReachesTheModelAndTheCallKeepsItsVersion() throws Exception {
        publish(agentJson("orders-desk", "Hello, orders desk.", ""), 1);
        try (MediaStreamsCaller caller = call("orders-desk")) {
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("response.create").isEmpty(), TIMEOUT, "greeting");
            JsonNode session = model.received("session.update").get(0).path("session");
            assertThat(session.path("instructions").asText()).isEqualTo("You help a customer with orders.");
            assertThat(session.path("tools").findValuesAsText("name")).containsExactly("end_call", "lookup_order",
                    "slow_tool");
            assertThat(model.received("response.create").get(0).toString()).contains("Hello, orders desk.");

            model.callTool("call_1", "lookup_order", "{\"order\":\"A-17\"}");
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> "call_1".equals(e.path("item").path("call_id").asText())), TIMEOUT, "tool output");
            assertThat(outputFor(model, "call_1").path("item").path("output").asText())
                    .isEqualTo("{\"order\":\"A-17\",\"status\":\"shipped\"}");
            model.await(m -> m.received("response.create").size() >= 2, TIMEOUT, "answer asked for");

            Received request = requests.get(0);
            assertThat(request.path()).isEqualTo("/orders");
            assertThat(request.header("X-AiCaller-Signature")).isEqualTo(hmac(request.header("X-AiCaller-Timestamp"),
                    request.body()));
            assertThat(Long.parseLong(request.header("X-AiCaller-Timestamp")))
                    .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
            assertThat(request.header("X-Api-Key")).isEqualTo(BridgeFakes.CRM_KEY);
            assertThat(request.header("X-Tenant")).isEqualTo("acme");
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("arguments").path("order").asText()).isEqualTo("A-17");
            assertThat(body.path("call").path("callSid").asText()).isEqualTo(caller.callSid());
            assertThat(body.path("call").path("agentVersion").asLong()).isEqualTo(1);

            // A new version while the call runs: this call keeps version 1, the next one gets version 2.
            publish(agentJson("orders-desk", "Hi, this is version two.", ""), 2);
            model.callTool("call_2", "lookup_order", "{\"order\":\"B-2\"}");
            await().atMost(TIMEOUT).until(() -> requests.size() == 2);
            assertThat(JSON.readTree(requests.get(1).body()).path("call").path("agentVersion").asLong()).isEqualTo(1);

            List<ReceivedEvent> completed = fakes.lifecycle(caller.callSid(), EventType.TOOL_COMPLETED, 2);
            assertThat(completed).extracting(e -> e.json().path("outcome").asText()).containsOnly("ok");
            assertThat(completed.get(0).value()).doesNotContain("A-17").doesNotContain(BridgeFakes.CRM_KEY);
            assertThat(fakes.lifecycle(caller.callSid(), EventType.TOOL_INVOKED, 2)).hasSize(2);
            assertThat(fakes.lifecycle(caller.callSid(), EventType.CALL_STREAM_STARTED, 1)
                    .get(0)
                    .json()
                    .path("agentVersion")
                    .asLong()).isEqualTo(1);
        }
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller next = call("orders-desk")) {
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("response.create").isEmpty(), TIMEOUT, "greeting");
            assertThat(model.received("response.create").get(0).toString()).contains("Hi, this is version two.");
            assertThat(fakes.lifecycle(next.callSid(), EventType.CALL_STREAM_STARTED, 1)
                    .get(0)
                    .json()
                    .path("agentVersion")
                    .asLong()).isEqualTo(2);
        }
    }

    @Test
    void aToolThatTimesOutGivesTheModelAClearErrorAndTheCallGoesOn() {
        publish(agentJson("slow-desk", "Hello.", ""), 1);
        try (MediaStreamsCaller caller = call("slow-desk")) {
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("response.create").isEmpty(), TIMEOUT, "greeting");
            model.callTool("call_slow", "slow_tool", "{}");
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> "call_slow".equals(e.path("item").path("call_id").asText())), TIMEOUT,
                    "timeout output");
            assertThat(outputFor(model, "call_slow").path("item").path("output").asText())
                    .contains("slow_tool did not answer within 300 ms");
            assertThat(fakes.lifecycle(caller.callSid(), EventType.TOOL_COMPLETED, 1)
                    .get(0)
                    .json()
                    .path("outcome")
                    .asText()).isEqualTo("timeout");
            // The call is still up: caller audio still reaches the model.
            caller.media(new byte[160]);
            model.await(m -> !m.received("input_audio_buffer.append").isEmpty(), TIMEOUT, "audio after the timeout");
            assertThat(model.closedByBridge()).isFalse();
        }
    }

    @Test
    void theCallStartWebhookFillsTheInstructionsAndASlowOneIsNotWaitedFor() throws Exception {
        publish(agentJson("known-callers", "Hello {{customerName}}.",
                ", \"callStartWebhook\": {\"url\": \"" + url("/start") + "\", \"timeoutMs\": 1500}"), 1);
        try (MediaStreamsCaller caller = call("known-callers")) {
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("response.create").isEmpty(), TIMEOUT, "greeting");
            assertThat(model.received("session.update").get(0).path("session").path("instructions").asText())
                    .isEqualTo("You help Ann with orders.");
            assertThat(model.received("response.create").get(0).toString()).contains("Hello Ann.");
            Received hook = requests.get(0);
            assertThat(hook.header("X-AiCaller-Signature")).isEqualTo(hmac(hook.header("X-AiCaller-Timestamp"),
                    hook.body()));
            assertThat(JSON.readTree(hook.body()).path("call").path("from").asText()).isEqualTo("+14155550100");
        }

        publish(agentJson("slow-start", "Hello {{customerName}}.",
                ", \"callStartWebhook\": {\"url\": \"" + url("/start-hangs") + "\", \"timeoutMs\": 400}"), 1);
        fakes.model.clearNewSessions();
        long started = System.nanoTime();
        try (MediaStreamsCaller caller = call("slow-start")) {
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
            assertThat(model.received("session.update").get(0).path("session").path("instructions").asText())
                    .isEqualTo("You help a customer with orders.");
        }
    }

    @Test
    void aCallerWhoHangsUpWhileTheCallStartWebhookIsAskedFreesItsPendingStartOnce() throws Exception {
        publish(agentJson("hangs-up-early", "Hello.",
                ", \"callStartWebhook\": {\"url\": \"" + url("/start-hangs") + "\", \"timeoutMs\": 400}"), 1);
        int active = registry.active();
        int pending = registry.pendingStarts();
        MediaStreamsCaller caller = call("hangs-up-early");
        caller.await(c -> registry.active() == active + 1, TIMEOUT, "the stream registered");
        caller.close(); // before the webhook's 400 ms are up: the stream closes between its start and its session
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> registry.active() == active);
        Thread.sleep(600); // the webhook's timeout passes too; the call must not open after its close
        // Counted once at its start, never again at its close: the limit on streams that never start stays exact.
        assertThat(registry.pendingStarts()).isEqualTo(pending);
    }
}
