package io.aicaller.bridge.session;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.events.ToolCompleted;
import io.aicaller.events.ToolInvoked;

/**
 * The agent's HTTP tools: a finished function call becomes a request the adapter signs and sends, with the call's
 * context; its reply, whatever it is, becomes the function's output, so the model can tell the caller and the call
 * goes on. A tool with a filler sentence gets it said when it has not answered within {@link #FILLER_AFTER_MS}. Each
 * call is a {@code tool.invoked} and a {@code tool.completed} event, without arguments or answers. No I/O.
 */
final class HttpToolCalls {

    static final long FILLER_AFTER_MS = 1000;
    static final String FILLER_TIMER_PREFIX = "filler:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who and what the call is, for the request body and the events. */
    record CallContext(String callSid, String from, String to, String direction) {
    }

    private final Outbox out;
    private final ModelRequests requests;
    private final Map<String, AgentDefinition.HttpTool> pending = new HashMap<>();

    HttpToolCalls(Outbox out, ModelRequests requests) {
        this.out = out;
        this.requests = requests;
    }

    /** Whether the call is one of the agent's HTTP tools (then it is handled here). */
    boolean onCall(ModelEvent.FunctionCallDone call, AgentProfile agent, CallContext context, long now) {
        AgentDefinition.HttpTool tool = agent.httpTool(call.name()).orElse(null);
        if (tool == null) {
            return false;
        }
        JsonNode arguments;
        try {
            arguments = call.arguments() == null || call.arguments().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(call.arguments());
        } catch (IOException e) {
            arguments = null;
        }
        if (arguments == null || !arguments.isObject()) {
            requests.functionCallOutput(call.callId(), error("the arguments are not a JSON object"));
            return true;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("tool", tool.name());
        body.put("toolCallId", call.callId());
        body.set("arguments", arguments);
        ObjectNode about = body.putObject("call");
        about.put("callSid", context.callSid())
                .put("agent", agent.name())
                .put("agentVersion", agent.version())
                .put("from", context.from())
                .put("to", context.to())
                .put("direction", context.direction());
        pending.put(call.callId(), tool);
        out.publish(new ToolInvoked(context.callSid(), agent.name(), agent.version(), tool.name(), call.callId(),
                Instant.ofEpochMilli(now)), context.callSid(), call.callId(), "invoked");
        out.callTool(call.callId(), tool, body.toString());
        if (tool.filler() != null) {
            out.schedule(FILLER_TIMER_PREFIX + call.callId(), FILLER_AFTER_MS);
        }
        return true;
    }

    /** The filler to say now, if the tool of this filler timer is still running. */
    String fillerDue(String timer) {
        return fillerOf(timer.substring(FILLER_TIMER_PREFIX.length()));
    }

    /** The filler of a tool call still running; null if it has none or has answered. */
    String fillerOf(String callId) {
        AgentDefinition.HttpTool tool = pending.get(callId);
        return tool == null ? null : tool.filler();
    }

    /** The tool answered (or failed): returns whether the model should be asked to answer. */
    boolean onReply(String callId, ToolReply reply, AgentProfile agent, CallContext context, long now) {
        AgentDefinition.HttpTool tool = pending.remove(callId);
        if (tool == null) {
            return false;
        }
        requests.functionCallOutput(callId, output(tool, reply));
        out.publish(new ToolCompleted(context.callSid(), agent.name(), agent.version(), tool.name(), callId,
                reply.outcome(), reply.httpStatus(), reply.latencyMs(), Instant.ofEpochMilli(now)), context.callSid(),
                callId, "completed");
        return true;
    }

    static String output(AgentDefinition.HttpTool tool, ToolReply reply) {
        switch (reply.outcome()) {
            case ToolReply.OK:
                return reply.body() == null || reply.body().isBlank() ? "{\"status\":\"done\"}" : reply.body();
            case ToolReply.HTTP_ERROR:
                return error(tool.name() + " answered HTTP " + reply.httpStatus());
            case ToolReply.TIMEOUT:
                return error(tool.name() + " did not answer within " + tool.timeoutOrDefault() + " ms");
            case ToolReply.TOO_LARGE:
                return error(tool.name() + " answered with more than the bridge accepts");
            default:
                return error(tool.name() + " could not be reached (" + reply.outcome() + ")");
        }
    }

    private static String error(String message) {
        return JSON.createObjectNode()
                .put("error", message + "; tell the caller, and do not invent a result")
                .toString();
    }
}
