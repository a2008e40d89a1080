package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.aicaller.sandbox.agent.Prompts;
import io.aicaller.sandbox.local.LocalSuite;
import io.aicaller.testkit.WebhookReceiver;

/**
 * The whole suite as packaged (Kafka, the four services, the sandbox; each its own process on free loopback ports)
 * answering simulated calls end to end, with the offline demo agent; {@link BrowserConsoleIT} calls it from a browser.
 */
@ExtendWith(PackagedSuite.class)
class EndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalSuite suite;

    @BeforeAll
    static void startSuite(LocalSuite shared) {
        suite = shared;
    }

    static JsonNode get(String path) throws Exception {
        return SuiteJson.get(suite.url("sandbox") + path);
    }

    static HttpResponse<String> placeCall(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + "/sandbox/calls"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallThatCannotBePlayedIsRefusedAtOnceWithTheReason() throws Exception {
        HttpResponse<String> badJson = placeCall("{\"script\": [");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badJson.body()).path("error").asText()).contains("not valid JSON");
        HttpResponse<String> missing = placeCall("{\"script\": [{\"at\": 1, \"say\": \"/nonexistent/hello.wav\"}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("error").asText())
                .startsWith("script[0].say: cannot play '/nonexistent/hello.wav'");
        assertThat(get("/sandbox/calls")).noneMatch(c -> c.toString().contains("hello.wav"));
    }

    @Test
    void anIncomingCallIsAnsweredInterruptedTextedAndEnded() throws Exception {
        HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox")
                + "/sandbox/calls"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).isEqualTo(201);
        JsonNode call = JSON.readTree(placed.body());
        String callSid = call.get("callSid").asText();
        String caller = call.get("from").asText();

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (call.path("ended").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            call = get("/sandbox/calls/" + callSid);
        }
        String report = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + "/sandbox/calls/"
                + callSid + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(call.path("ended").isNull()).as("the call ended:\n%s\n%s", report, suite.tails(20)).isFalse();

        // The greeting reached the caller byte for byte (mu-law passes through), and was cut short by the caller.
        byte[] heard = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + "/sandbox/calls/"
                + callSid + "/agent-audio.wav")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] greeting = Prompts.load("greeting");
        int same = 0;
        while (44 + same < heard.length && same < greeting.length && heard[44 + same] == greeting[same]) {
            same++;
        }
        assertThat(same).as("greeting bytes heard before the caller spoke\n%s", report).isGreaterThan(8000);
        assertThat(same).as("the greeting stopped when the caller spoke\n%s", report).isLessThan(greeting.length);
        assertThat(call.get("clears").asInt()).as(report).isGreaterThanOrEqualTo(1);

        // Keypad 1: an SMS through the bridge's tool, messaging-service and the emulated Twilio API.
        JsonNode messages = get("/sandbox/messages");
        assertThat(messages.findValues("to").stream().map(JsonNode::asText)).as(report).contains(caller);

        // #: the agent ended the call through the gateway's REST hang-up.
        assertThat(call.get("status").asText()).isEqualTo("completed");
        assertThat(report).contains("hung up through the REST API");

        // Each lifecycle event of the call once, in order (the last ones may still be on their way).
        List<String> expected = List.of("call.received", "call.stream-started", "call.stream-ended",
                "call.status-changed status=completed");
        List<String> seen = List.of();
        long eventsDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < eventsDeadline) {
            seen = get("/sandbox/calls/" + callSid).get("events")
                    .findValues("type")
                    .stream()
                    .map(JsonNode::asText)
                    .toList();
            if (seen.contains("call.ended")) {
                break;
            }
            Thread.sleep(300);
        }
        List<String> events = new java.util.ArrayList<>();
        for (JsonNode e : get("/sandbox/calls/" + callSid).get("events")) {
            String type = e.get("type").asText();
            events.add(type.equals("call.status-changed") ? type + " " + e.get("summary").asText() : type);
        }
        assertThat(events).as(report).containsSubsequence(expected);
        for (String event : expected) {
            assertThat(events.stream().filter(event::equals)).as("%s once in %s", event, events).hasSize(1);
        }
        assertThat(seen).contains("call.ended");
        assertThat(get("/sandbox/calls/" + callSid).get("transcript").findValues("summary").toString())
                .contains("agent: Hello, this is the ai-caller demo agent.");
        // The message was delivered: its status callbacks went through the gateway.
        assertThat(get("/sandbox/messages").findValues("status").stream().map(JsonNode::asText))
                .contains("delivered");
        // The call's own timeline shows the text it asked for and what became of it.
        List<String> texts = List.of();
        long textsDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!texts.contains("message.status-changed status=delivered") && System.nanoTime() < textsDeadline) {
            Thread.sleep(300);
            texts = new java.util.ArrayList<>();
            for (JsonNode e : get("/sandbox/calls/" + callSid).get("events")) {
                if (e.get("type").asText().startsWith("message.")) {
                    texts.add(e.get("type").asText() + " " + e.get("summary").asText());
                }
            }
        }
        assertThat(texts).as(report)
                .anyMatch(t -> t.startsWith("message.send-requested to=" + caller + " body="))
                .anyMatch(t -> t.matches("message\\.sent sid=SM[0-9a-f]{32} status=\\w+"))
                .contains("message.status-changed status=delivered");
    }

    static HttpResponse<String> api(String service, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url(service) + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

    static String hmac(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LocalSuite.LOCAL_SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAgentCreatedThroughTheApiAnswersItsNumberAndCallsItsHttpTool() throws Exception {
        List<String> verified = new CopyOnWriteArrayList<>();
        HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/orders", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-AiCaller-Timestamp");
            boolean valid;
            try {
                valid = hmac(timestamp, body).equals(exchange.getRequestHeaders().getFirst("X-AiCaller-Signature"));
            } catch (Exception e) {
                valid = false;
            }
            byte[] answer = (valid ? "{\"status\":\"in transit\",\"arrives\":\"Monday\"}"
                    : "{\"error\":\"bad signature\"}")
                    .getBytes(StandardCharsets.UTF_8);
            if (valid) {
                verified.add(body);
            }
            exchange.sendResponseHeaders(valid ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        crm.start();
        WebhookReceiver business = new WebhookReceiver();
        try {
            String agent = """
                    {"name": "e2e-orders", "instructions": "You answer order questions for {{shop}}.",
                     "variables": {"shop": "Acme"}, "greeting": "Hello from the orders line.",
                     "builtinTools": ["end_call"], "signingSecretEnv": "AICALLER_LOCAL_SIGNING_KEY",
                     "disclosure": "This call is recorded and I am an AI assistant.",
                     "recording": {"enabled": true},
                     "analysis": {"summaryPrompt": "One sentence.", "successRubric": "The order was found.",
                       "dataSchema": {"type": "object", "required": ["order"],
                         "properties": {"order": {"type": "string"}}}},
                     "httpTools": [{"name": "lookup_order", "description": "Looks up an order",
                       "url": "http://127.0.0.1:%d/orders", "timeoutMs": 3000,
                       "parameters": {"type": "object", "properties": {"order": {"type": "string"}},
                         "required": ["order"]}}]}
                    """.formatted(crm.getAddress().getPort());
            HttpResponse<String> created = api("numbers-service", "POST", "/api/agents", agent);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> invalid = api("numbers-service", "POST", "/api/agents",
                    agent.replace("\"timeoutMs\": 3000", "\"timeoutMs\": 3000, \"retries\": 2"));
            assertThat(invalid.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(invalid.body()).path("problems").get(0).path("field").asText())
                    .isEqualTo("httpTools[0].retries");
            // The local run's declared agent is there too.
            assertThat(api("numbers-service", "GET", "/api/agents/concierge", null).statusCode()).isEqualTo(200);

            // The business wants each call's outcome on its own endpoint.
            HttpResponse<String> subscribed = api("numbers-service", "POST", "/api/subscriptions",
                    ("{\"id\": \"e2e-business\", \"url\": \"%s\", \"events\": [\"call.ended\", \"call.analyzed\"],"
                            + " \"secret\": \"%s\"}").formatted(business.url("/ai-caller/events"), WEBHOOK_SECRET));
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

            HttpResponse<String> bought = api("numbers-service", "POST", "/api/numbers",
                    "{\"phoneNumber\": \"+14155550177\", \"profile\": \"e2e-orders\"}");
            assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
            Thread.sleep(2000); // the gateway learns the assignment from numbers.lifecycle.v1

            HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox")
                    + "/sandbox/calls"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550177\", \"maxSeconds\": 40,"
                            + " \"script\": [{\"at\": 3, \"dtmf\": \"2\"}, {\"at\": 12, \"dtmf\": \"#\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).isEqualTo(201);
            String callSid = JSON.readTree(placed.body()).get("callSid").asText();
            JsonNode call = get("/sandbox/calls/" + callSid);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (call.path("ended").isNull() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                call = get("/sandbox/calls/" + callSid);
            }
            String report = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + "/sandbox/calls/"
                    + callSid + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(verified).as("signed tool requests\n%s\n%s", report, suite.tails(20)).hasSize(1);
            // The agent's disclosure comes first, the call is recorded, and the recording is reported.
            assertThat(report)
                    .containsSubsequence("agent says (TwiML): This call is recorded and I am an AI assistant.",
                            "records the call (2 channel(s))", "opens the Media Stream")
                    .contains("recording status callback completed -> 204");
            JsonNode request = JSON.readTree(verified.get(0));
            assertThat(request.path("call").path("agent").asText()).isEqualTo("e2e-orders");
            assertThat(request.path("call").path("callSid").asText()).isEqualTo(callSid);
            String transcript = get("/sandbox/calls/" + callSid).get("transcript").findValues("summary").toString();
            assertThat(transcript).as(report)
                    .contains("agent: Hello from the orders line.")
                    .contains("in transit");
            Thread.sleep(1000);
            assertThat(get("/sandbox/calls/" + callSid).get("events")
                    .findValues("summary")
                    .stream()
                    .map(JsonNode::asText)).as(report)
                    .contains("profile=e2e-orders")
                    .anyMatch(summary -> summary.matches("tool=lookup_order outcome=ok latency=\\d+ ms"));
            assertThat(get("/sandbox/calls/" + callSid).get("events")
                    .findValues("type")
                    .stream()
                    .map(JsonNode::asText)).as(report).contains("call.recording-status-changed");
            // The call's end and its analysis reach the business's endpoint, signed, as CloudEvents.
            long hooked = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < hooked && business.accepted()
                    .stream()
                    .noneMatch(r -> r.event().path("type").asText().equals("io.aicaller.call.analyzed.v1")
                            && r.event().path("subject").asText().equals(callSid))) {
                Thread.sleep(250);
            }
            List<WebhookReceiver.Received> delivered = business.accepted()
                    .stream()
                    .filter(r -> r.event().path("subject").asText().equals(callSid))
                    .toList();
            assertThat(delivered).as("webhooks for %s\n%s", callSid, suite.tails(20))
                    .extracting(r -> r.event().path("type").asText())
                    .contains("io.aicaller.call.ended.v1", "io.aicaller.call.analyzed.v1");
            assertThat(delivered).allMatch(r -> r.signedWith(WEBHOOK_SECRET));
            JsonNode analyzed = delivered.stream()
                    .filter(r -> r.event().path("type").asText().equals("io.aicaller.call.analyzed.v1"))
                    .findFirst()
                    .orElseThrow()
                    .event()
                    .path("data");
            assertThat(analyzed.path("status").asText()).isEqualTo("ok");
            assertThat(analyzed.path("data").has("order")).as(analyzed.toString()).isTrue();
            assertThat(analyzed.path("summary").asText()).isNotBlank();
        } finally {
            // The suite outlives this test (the fault test runs on it next): nothing keeps delivering to a closed port.
            api("numbers-service", "DELETE", "/api/subscriptions/e2e-business", null);
            crm.stop(0);
            business.close();
        }
    }

    @Test
    void anOutboundCallFromTheGatewayIsAnsweredByTheSimulatedCallee() throws Exception {
        HttpResponse<String> dialed = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("webhook-gateway")
                + "/api/calls"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"to\":\"+14155550142\",\"from\":\"+14155550199\",\"record\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dialed.statusCode()).as(dialed.body()).isEqualTo(201);
        String callSid = JSON.readTree(dialed.body()).get("sid").asText();

        JsonNode call = get("/sandbox/calls/" + callSid);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while ((call.path("ended").isMissingNode() || call.path("ended").isNull()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            call = get("/sandbox/calls/" + callSid);
        }
        String report = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + "/sandbox/calls/"
                + callSid + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(call.path("direction").asText()).as(report).isEqualTo("outbound-api");
        assertThat(call.path("status").asText()).as(report).isEqualTo("completed");
        assertThat(call.path("agentAudioMs").asLong()).as(report).isGreaterThan(1000);
        assertThat(report).contains("status callback initiated", "status callback ringing",
                "status callback in-progress", "status callback completed",
                "recording status callback completed -> 204");
        Thread.sleep(2000);
        assertThat(get("/sandbox/calls/" + callSid).get("events").findValues("type").stream().map(JsonNode::asText))
                .as(report)
                .contains("call.dialed", "call.stream-started", "call.stream-ended", "call.status-changed",
                        "call.recording-status-changed");
    }
}
