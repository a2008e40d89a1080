package io.aicaller.sandbox.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.sandbox.agent.DemoAnalysis;

/**
 * An OpenAI-compatible chat-completions endpoint backed by {@link DemoAnalysis}, so the local run's post-call analysis
 * works without a key (the gateway's {@code GATEWAY_ANALYSIS_BASE_URL} points here).
 */
@Path("/v1/chat/completions")
@Tag(name = "Sandbox")
public class DemoAnalysisResource {

    private final ObjectMapper json;
    private final DemoAnalysis analysis;

    DemoAnalysisResource(ObjectMapper json) {
        this.json = json;
        this.analysis = new DemoAnalysis(json);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A deterministic stand-in for a text model: answers the gateway's analysis requests")
    public JsonNode complete(JsonNode request) {
        String content = analysis.answer(request);
        ObjectNode answer = json.createObjectNode()
                .put("id", "chatcmpl-sandbox")
                .put("object", "chat.completion")
                .put("model", request.path("model").asText("sandbox"));
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        answer.putObject("usage")
                .put("prompt_tokens", request.toString().length() / 4)
                .put("completion_tokens", content.length() / 4);
        return answer;
    }
}
