package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.sandbox.agent.Prompts;
import io.aicaller.sandbox.local.LocalSuite;

/**
 * The whole suite as packaged (Kafka, the four services, the sandbox; each its own process on free loopback ports)
 * answering one simulated call end to end, with the offline demo agent.
 */
class EndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalSuite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        Path root = Path.of(System.getProperty("aicaller.root", "..")).toAbsolutePath().normalize();
        suite = new LocalSuite(root, LocalSuite.Ports.free(), root.resolve("sandbox/target/e2e-logs"), null);
        try {
            suite.start();
        } catch (Exception e) {
            throw new AssertionError("The suite did not start:\n" + suite.tails(30), e);
        }
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("sandbox") + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
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
    }

    @Test
    void anOutboundCallFromTheGatewayIsAnsweredByTheSimulatedCallee() throws Exception {
        HttpResponse<String> dialed = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("webhook-gateway")
                + "/api/calls"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550142\",\"from\":\"+14155550199\"}"))
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
                "status callback in-progress", "status callback completed");
        Thread.sleep(2000);
        assertThat(get("/sandbox/calls/" + callSid).get("events").findValues("type").stream().map(JsonNode::asText))
                .as(report)
                .contains("call.dialed", "call.stream-started", "call.stream-ended", "call.status-changed");
    }
}
