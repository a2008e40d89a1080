package io.aicaller.gateway.client;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

/** An OpenAI-compatible chat completions API, for the Gather fallback conversation. */
@RegisterRestClient(configKey = "chat")
public interface ChatClient {

    record Message(String role, String content) {
    }

    record Request(String model, List<Message> messages, int max_tokens) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Message message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(List<Choice> choices) {
    }

    @POST
    @Path("/chat/completions")
    Uni<Response> complete(@HeaderParam("Authorization") String authorization, Request request);
}
