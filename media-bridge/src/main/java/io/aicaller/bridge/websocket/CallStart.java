package io.aicaller.bridge.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Future;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.Templates;
import io.aicaller.bridge.client.ToolEndpoints;
import io.aicaller.bridge.twilio.TwilioMessage;

/**
 * The agent's call-start webhook: told who calls whom before the agent speaks, it may answer variables for the
 * instructions ({@code {"variables": {"customerName": "Ann"}}}) and another agent ({@code "agent": "vip"}). Whatever
 * goes wrong (timeout, error, nonsense) the call proceeds with the defaults; the caller never waits past the timeout.
 */
final class CallStart {

    /** What the webhook decided; {@code problem} says why it decided nothing. */
    record Answer(String agent, Map<String, String> variables, String problem) {
        static final Answer NONE = new Answer(null, Map.of(), null);

        static Answer failed(String problem) {
            return new Answer(null, Map.of(), problem);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CALL_PARAMETERS = Set.of("profile", "from", "to", "callSid", "direction");
    private static final int MAX_VARIABLE_CHARS = 2000;

    private final ToolEndpoints endpoints;
    private final Profiles profiles;

    CallStart(ToolEndpoints endpoints, Profiles profiles) {
        this.endpoints = endpoints;
        this.profiles = profiles;
    }

    Future<Answer> ask(AgentDefinition agent, TwilioMessage.Start start) {
        Optional<String> key = profiles.secret(agent.signingSecretEnv());
        if (key.isEmpty()) {
            return Future.succeededFuture(Answer.failed("environment variable " + agent.signingSecretEnv()
                    + " is not set"));
        }
        AgentDefinition.CallStartWebhook hook = agent.callStartWebhook();
        return endpoints.post(hook.url(), key.get().getBytes(StandardCharsets.UTF_8), Map.of(),
                body(agent, start), hook.timeoutOrDefault())
                .map(reply -> reply.ok() ? parse(reply.body(), name -> profiles.stored(name).isPresent())
                        : Answer.failed(reply.outcome() + (reply.detail() != null ? ": " + reply.detail() : "")));
    }

    static String body(AgentDefinition agent, TwilioMessage.Start start) {
        Map<String, String> parameters = start.customParameters();
        ObjectNode body = JSON.createObjectNode();
        body.put("event", "call.start");
        body.put("agent", agent.name());
        body.put("agentVersion", agent.versionOrZero());
        ObjectNode call = body.putObject("call");
        call.put("callSid", start.callSid())
                .put("from", parameters.get("from"))
                .put("to", parameters.get("to"))
                .put("direction", parameters.get("direction"));
        ObjectNode custom = body.putObject("parameters");
        parameters.forEach((name, value) -> {
            if (!CALL_PARAMETERS.contains(name)) {
                custom.put(name, value);
            }
        });
        return body.toString();
    }

    /** Reads the webhook's answer; {@code knownAgent} tells whether an agent it names exists. */
    static Answer parse(String body, Predicate<String> knownAgent) {
        if (body == null || body.isBlank()) {
            return Answer.NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Answer.failed("the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            return Answer.failed("the answer is not a JSON object");
        }
        Map<String, String> variables = new HashMap<>();
        JsonNode values = root.path("variables");
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (Templates.NAME.matcher(entry.getKey()).matches() && !Templates.BUILT_IN.contains(entry.getKey())
                    && value.isValueNode() && !value.isNull()) {
                String text = value.asText();
                variables.put(entry.getKey(), text.length() > MAX_VARIABLE_CHARS
                        ? text.substring(0, MAX_VARIABLE_CHARS)
                        : text);
            }
        }
        String agent = root.path("agent").isTextual() ? root.path("agent").asText() : null;
        if (agent != null && (!AgentRules.AGENT_NAME.matcher(agent).matches() || !knownAgent.test(agent))) {
            return new Answer(null, variables, "no agent named " + agent + "; the call keeps its own");
        }
        return new Answer(agent, variables, null);
    }

}
