package io.aicaller.sandbox.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

import io.aicaller.sandbox.phone.CallerPhone;
import io.aicaller.sandbox.phone.PhoneNetwork;
import io.aicaller.sandbox.phone.SimulatedCall;

/**
 * The browser phone: a person calls the agent over this WebSocket and the sandbox plays Twilio's part exactly as for
 * simulated calls (signed voice webhook, TwiML, signed Media Stream, marks, clear, status callbacks).
 * {@code ws://<sandbox>/sandbox/phone?to=<number>&from=<caller ID>} calls the agent;
 * {@code ?answer=<number>} waits for the agent to call that number ({@code {"type":"waiting"}}, then "call"). In: binary frames of the microphone (mu-law,
 * 8 kHz), and JSON {@code {"type":"dtmf","digit":"1"}} or {@code {"type":"hangup"}}. Out: JSON {@code {"type":"call",
 * "callSid":...}} once placed, binary frames of the agent's audio as it plays, {@code {"type":"clear"}} when the
 * agent is interrupted (drop what is buffered) and {@code {"type":"ended","status":...}}, after which it closes.
 */
@WebSocket(path = "/sandbox/phone")
public class PhoneEndpoint {

    private static final Logger LOG = Logger.getLogger(PhoneEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PhoneNetwork network;
    private final Map<String, CallerPhone> phones = new ConcurrentHashMap<>();
    private final Map<String, String> answering = new ConcurrentHashMap<>();

    PhoneEndpoint(PhoneNetwork network) {
        this.network = network;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        Map<String, String> query = query(connection.handshakeRequest().query());
        CallerPhone phone = new CallerPhone(new CallerPhone.Speaker() {
            @Override
            public void play(byte[] mulaw) {
                connection.sendBinary(mulaw).subscribe().with(ok -> {
                }, failure -> LOG.debugf("Phone audio not sent: %s", failure));
            }

            @Override
            public void clear() {
                send(connection, JSON.createObjectNode().put("type", "clear"));
            }

            @Override
            public void ringing(SimulatedCall.Setup call) {
                send(connection, JSON.createObjectNode()
                        .put("type", "call")
                        .put("callSid", call.callSid())
                        .put("from", call.from())
                        .put("to", call.to())
                        .put("direction", call.direction()));
            }

            @Override
            public void ended(String status) {
                send(connection, JSON.createObjectNode().put("type", "ended").put("status", status));
                connection.close().subscribe().with(ok -> {
                }, failure -> {
                });
            }
        });
        phones.put(connection.id(), phone);
        String answer = query.get("answer");
        if (answer != null && !answer.isBlank()) {
            // Waits for the agent to call this number (POST /sandbox/call-me, or any call the suite places to it).
            answering.put(connection.id(), answer);
            network.answerCallsTo(answer, phone);
            send(connection, JSON.createObjectNode().put("type", "waiting").put("number", answer));
            return;
        }
        SimulatedCall call = network.phoneCall(query.get("from"), query.get("to"), phone);
        send(connection, JSON.createObjectNode()
                .put("type", "call")
                .put("callSid", call.setup().callSid())
                .put("from", call.setup().from())
                .put("to", call.setup().to())
                .put("direction", call.setup().direction()));
    }

    @OnBinaryMessage
    void audio(WebSocketConnection connection, byte[] mulaw) {
        CallerPhone phone = phones.get(connection.id());
        if (phone != null) {
            phone.speak(mulaw);
        }
    }

    @OnTextMessage
    void control(WebSocketConnection connection, String text) {
        CallerPhone phone = phones.get(connection.id());
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            return;
        }
        if (phone == null || message == null) {
            return;
        }
        switch (message.path("type").asText()) {
            case "dtmf" -> phone.press(message.path("digit").asText());
            case "hangup" -> phone.hangUp();
            default -> LOG.debugf("Phone message ignored: %s", text);
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        CallerPhone phone = phones.remove(connection.id());
        if (phone != null) {
            phone.hangUp(); // the page went away: so did the caller
            String number = answering.remove(connection.id());
            if (number != null) {
                network.stopAnswering(number, phone);
            }
        }
    }

    private static void send(WebSocketConnection connection, JsonNode message) {
        if (connection.isOpen()) {
            connection.sendText(message.toString()).subscribe().with(ok -> {
            }, failure -> LOG.debugf("Phone message not sent: %s", failure));
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
