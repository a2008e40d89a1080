package io.aicaller.sandbox.agent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

import io.aicaller.sandbox.config.SandboxConfig;

/**
 * The demo agent on the path the bridge's realtime client dials ({@code ws://<sandbox>/v1/realtime?model=...}), one
 * {@link DemoAgent} per connection (the endpoint itself is shared). Used when no {@code OPENAI_API_KEY} is set.
 */
@WebSocket(path = "/v1/realtime")
public class DemoAgentEndpoint {

    private static final Map<String, byte[]> PROMPTS = Prompts.agent();

    private final String transferNumber;
    private final Speech speech = new Speech();
    private final Map<String, DemoAgent> agents = new ConcurrentHashMap<>();

    DemoAgentEndpoint(SandboxConfig config) {
        this.transferNumber = config.transferNumber();
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        DemoAgent agent = new DemoAgent(PROMPTS, transferNumber, speech::say);
        agents.put(connection.id(), agent);
        send(connection, agent.opened());
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        DemoAgent agent = agents.get(connection.id());
        if (agent != null) {
            send(connection, agent.onClientEvent(text));
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        agents.remove(connection.id());
    }

    private static void send(WebSocketConnection connection, List<String> events) {
        for (String event : events) {
            connection.sendTextAndAwait(event);
        }
    }
}
