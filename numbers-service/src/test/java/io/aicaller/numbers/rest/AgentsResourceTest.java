package io.aicaller.numbers.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.events.Topics;
import io.aicaller.numbers.support.NumbersTestResource;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.TwilioFakeTestResource.InjectKafkaBootstrap;

@QuarkusTest
@WithTestResource(NumbersTestResource.class)
class AgentsResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @InjectKafkaBootstrap
    String bootstrap;

    static RequestSpecification api() {
        return NumbersResourceTest.api();
    }

    static ObjectNode agent(String name) {
        ObjectNode agent = JSON.createObjectNode();
        agent.put("name", name)
                .put("instructions", "You help callers of {{company}}.")
                .put("voice", "marin")
                .put("greeting", "Hello, {{company}} here.");
        agent.putObject("variables").put("company", "Acme");
        agent.putObject("turnDetection").put("type", "semantic_vad").put("eagerness", "low");
        agent.putArray("builtinTools").add("end_call");
        ObjectNode tool = agent.putArray("httpTools").addObject();
        tool.put("name", "lookup_order")
                .put("description", "Finds an order")
                .put("url",
                        "https://crm.example.com/orders")
                .put("filler", "One moment.");
        tool.putObject("parameters").put("type", "object");
        tool.putObject("headers").putObject("X-Api-Key").put("secretEnv", "CRM_API_KEY");
        agent.put("signingSecretEnv", "AGENT_SIGNING_KEY");
        return agent;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAgentIsCreatedReadListedAndKeptOnTheCompactedTopic() {
        String name = unique("support");
        api().body(agent(name).toString())
                .post("/api/agents")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/agents/" + name))
                .body("version", equalTo(1))
                .body("httpTools[0].headers.X-Api-Key.secretEnv", equalTo("CRM_API_KEY"))
                .body("updatedAt", org.hamcrest.Matchers.notNullValue());
        api().get("/api/agents/" + name).then().statusCode(200).body("greeting", equalTo("Hello, {{company}} here."));
        api().get("/api/agents").then().statusCode(200).body("name", hasItem(name));
        api().body(agent(name).toString()).post("/api/agents").then().statusCode(409);

        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.AGENTS_DEFINITIONS)) {
            ReceivedEvent record = reader.await(1, Duration.ofSeconds(15), r -> name.equals(r.key())).get(0);
            assertThat(record.type()).isEqualTo(AgentCatalog.DEFINED);
            assertThat(record.json().path("version").asLong()).isEqualTo(1);
            assertThat(record.value()).doesNotContain("secret-value");
        }
    }

    @Test
    void aRetriedWriteWithItsKeyAnswersTheFirstOutcome() {
        String name = unique("keyed");
        String key = UUID.randomUUID().toString();
        api().header("Idempotency-Key", key).body(agent(name).toString()).post("/api/agents").then().statusCode(201);
        // Without the key this would be 409 (the name is taken); with it, the client learns its create succeeded.
        api().header("Idempotency-Key", key)
                .body(agent(name).toString())
                .post("/api/agents")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("version", equalTo(1));
        ObjectNode changed = agent(name).put("greeting", "Hi!").put("version", 1);
        String update = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            api().header("Idempotency-Key", update)
                    .body(changed.toString())
                    .put("/api/agents/" + name)
                    .then()
                    .statusCode(200)
                    .body("version", equalTo(2)); // the retry is not a stale-version 409, nor a version 3
        }
        api().header("Idempotency-Key", update).delete("/api/agents/" + name).then().statusCode(422);
        String delete = UUID.randomUUID().toString();
        api().header("Idempotency-Key", delete).delete("/api/agents/" + name).then().statusCode(204);
        api().header("Idempotency-Key", delete).delete("/api/agents/" + name).then().statusCode(204);
        api().delete("/api/agents/" + name).then().statusCode(404);
    }

    @Test
    void invalidDefinitionsAreRefusedNamingEveryField() {
        ObjectNode bad = agent(unique("bad"));
        bad.with("turnDetection").put("eagerness", "eager");
        ((ObjectNode) bad.withArray("httpTools").get(0)).put("url", "ftp://crm.example.com");
        bad.put("voice", "robot");
        for (String path : List.of("/api/agents", "/api/agents/validate")) {
            api().body(bad.toString())
                    .post(path)
                    .then()
                    .statusCode(422)
                    .body("error", equalTo("invalid-agent"))
                    .body("problems.field", hasItems("turnDetection", "httpTools[0].url", "voice"));
        }
        api().body("{\"name\": \"x\", \"instructions\": \"hi\", \"temperature\": 2}")
                .post("/api/agents/validate")
                .then()
                .statusCode(422)
                .body("problems[0].field", equalTo("temperature"))
                .body("problems[0].message", containsString("unknown field"));
        api().body(agent(unique("good")).toString())
                .post("/api/agents/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
        given().contentType(ContentType.JSON)
                .body(agent(unique("anon")).toString())
                .post("/api/agents")
                .then()
                .statusCode(401);
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        String name = unique("sales");
        api().body(agent(name).toString()).post("/api/agents").then().statusCode(201);

        ObjectNode change = agent(name).put("greeting", "Hi from {{company}}!");
        api().body(change.toString()).put("/api/agents/" + name).then().statusCode(428);
        api().body(change.put("version", 1).toString())
                .put("/api/agents/" + name)
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("greeting", equalTo("Hi from {{company}}!"));
        // The same change again, made from version 1: someone else's update came first.
        api().body(change.toString())
                .put("/api/agents/" + name)
                .then()
                .statusCode(409)
                .body("message", containsString("at version 2"));
        api().body(change.put("name", "renamed").put("version", 2).toString())
                .put("/api/agents/" + name)
                .then()
                .statusCode(422)
                .body("problems[0].field", equalTo("name"));
        api().body(agent(name).put("version", 1).toString())
                .put("/api/agents/missing-agent")
                .then()
                .statusCode(422);
    }

    @Test
    void anAgentANumberUsesCannotBeDeletedAndUnknownAgentsCannotBeAssigned() {
        String name = unique("desk");
        api().body(agent(name).toString()).post("/api/agents").then().statusCode(201);
        api().body(Map.of("phoneNumber", "+14155550402", "profile", "nobody-" + name))
                .post("/api/numbers")
                .then()
                .statusCode(400)
                .body("message", containsString("no agent named nobody-" + name));
        String sid = api().body(Map.of("phoneNumber", "+14155550401", "profile", name))
                .post("/api/numbers")
                .then()
                .statusCode(201)
                .extract()
                .path("number.sid");
        // The assignment is read back from numbers.lifecycle.v1, as every replica learns it.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> api()
                        .delete("/api/agents/" + name)
                        .then()
                        .statusCode(409)
                        .body("message", containsString(sid)));

        api().body(Map.of("profile", "default")).patch("/api/numbers/" + sid).then().statusCode(200);
        api().delete("/api/agents/" + name).then().statusCode(204);
        api().get("/api/agents/" + name).then().statusCode(404);
        api().delete("/api/agents/default").then().statusCode(404);
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.AGENTS_DEFINITIONS)) {
            List<ReceivedEvent> records = reader.await(2, Duration.ofSeconds(15), r -> name.equals(r.key()));
            assertThat(records.get(1).type()).isEqualTo(AgentCatalog.DELETED);
            assertThat(records.get(1).value()).isNull();
        }
        api().queryParam("confirm", "+14155550401").delete("/api/numbers/" + sid).then().statusCode(200);
    }
}
