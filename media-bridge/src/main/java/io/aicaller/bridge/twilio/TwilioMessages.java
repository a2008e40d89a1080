package io.aicaller.bridge.twilio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes Twilio Media Streams messages. Numbers arrive as JSON strings in Twilio's examples and as numbers
 * elsewhere; both are accepted. Outgoing messages are written by hand: they are on the audio path 50 times a second
 * per call and carry only base64, SIDs and our own mark names, none of which needs escaping.
 */
public final class TwilioMessages {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().build());

    private TwilioMessages() {
    }

    public static TwilioMessage parse(String text) throws MalformedMessage {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new MalformedMessage("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessage("not a JSON object");
        }
        String event = text(root, "event");
        if (event == null) {
            throw new MalformedMessage("no event");
        }
        switch (event) {
            case "connected":
                return new TwilioMessage.Connected(text(root, "protocol"), text(root, "version"));
            case "start":
                return start(root);
            case "media":
                JsonNode media = object(root, "media");
                String payload = text(media, "payload");
                if (payload == null || !Base64Check.isValid(payload)) {
                    throw new MalformedMessage("media payload is not base64");
                }
                return new TwilioMessage.Media(text(root, "streamSid"), text(media, "track"), number(media, "chunk"),
                        number(media, "timestamp"), payload);
            case "mark":
                String name = text(object(root, "mark"), "name");
                if (name == null) {
                    throw new MalformedMessage("mark without name");
                }
                return new TwilioMessage.Mark(text(root, "streamSid"), name);
            case "dtmf":
                String digit = text(object(root, "dtmf"), "digit");
                if (digit == null || digit.length() != 1 || "0123456789*#ABCD".indexOf(digit.charAt(0)) < 0) {
                    throw new MalformedMessage("dtmf without a keypad digit");
                }
                return new TwilioMessage.Dtmf(text(root, "streamSid"), digit);
            case "stop":
                JsonNode stop = root.path("stop");
                return new TwilioMessage.Stop(text(root, "streamSid"), text(stop, "callSid"));
            default:
                return new TwilioMessage.Unknown(event);
        }
    }

    private static TwilioMessage.Start start(JsonNode root) throws MalformedMessage {
        JsonNode start = object(root, "start");
        String streamSid = text(start, "streamSid");
        if (streamSid == null) {
            streamSid = text(root, "streamSid");
        }
        String callSid = text(start, "callSid");
        if (streamSid == null || callSid == null) {
            throw new MalformedMessage("start without streamSid or callSid");
        }
        List<String> tracks = new ArrayList<>();
        start.path("tracks").forEach(t -> tracks.add(t.asText()));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = start.path("customParameters").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            parameters.put(p.getKey(), p.getValue().asText());
        }
        JsonNode format = start.path("mediaFormat");
        String encoding = format.path("encoding").asText("audio/x-mulaw");
        int sampleRate = (int) number(format, "sampleRate", 8000);
        return new TwilioMessage.Start(streamSid, callSid, text(start, "accountSid"),
                Collections.unmodifiableList(tracks), Collections.unmodifiableMap(parameters), encoding, sampleRate);
    }

    public static String media(String streamSid, String base64Payload) {
        return new StringBuilder(base64Payload.length() + 80)
                .append("{\"event\":\"media\",\"streamSid\":\"")
                .append(streamSid)
                .append("\",\"media\":{\"payload\":\"")
                .append(base64Payload)
                .append("\"}}")
                .toString();
    }

    public static String mark(String streamSid, String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    public static String clear(String streamSid) {
        return "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}";
    }

    private static JsonNode object(JsonNode parent, String field) throws MalformedMessage {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new MalformedMessage("no " + field + " object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static long number(JsonNode parent, String field) throws MalformedMessage {
        return number(parent, field, 0);
    }

    /** A number sent as a JSON number or a numeric string; {@code fallback} when absent. */
    private static long number(JsonNode parent, String field, long fallback) throws MalformedMessage {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        try {
            return Long.parseLong(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new MalformedMessage(field + " is not a number");
        }
    }
}
