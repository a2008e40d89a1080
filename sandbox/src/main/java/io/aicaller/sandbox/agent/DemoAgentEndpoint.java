package io.aicaller.sandbox.agent;

import java.util.List;
import java.util.Map;

import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

import io.aicaller.sandbox.config.SandboxConfig;

/**
 * The demo agent on the path the bridge's realtime client dials ({@code ws://<sandbox>/v1/realtime?model=...}), one
 * {@link DemoAgent} per connection. Used when no {@code OPENAI_API_KEY} is set.
 */
@WebSocket(path = "/v1/realtime")
public class DemoAgentEndpoint {

    private static final Map<String, byte[]> PROMPTS = Prompts.agent();

    private final WebSocketConnection connection;
    private final DemoAgent agent;

    DemoAgentEndpoint(WebSocketConnection connection, SandboxConfig config) {
        this.connection = connection;
        this.agent = new DemoAgent(PROMPTS, config.transferNumber());
    }

    @OnOpen
    void open() {
        send(agent.opened());
    }

    @OnTextMessage
    void message(String text) {
        send(agent.onClientEvent(text));
    }

    private void send(List<String> events) {
        for (String event : events) {
            connection.sendTextAndAwait(event);
        }
    }
}
