package io.aicaller.bridge.twilio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes Twilio Media Streams messages. Numbers arrive as JSON strings in Twilio's examples and as numbers
 * elsewhere; both are accepted. Outgoing messages are written by hand: they are on the audio path 50 times a second
 * per call and carry only base64, SIDs and our own mark names, none of which needs escaping (a {@code start} whose
 * SIDs are not Twilio's format is refused, so no peer-chosen text is ever echoed).
 */
public final class TwilioMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TwilioMessages() {
    }

    /**
     * Parses one message. A streaming pass reads the fields: {@code media}, 50 times a second per call, is read
     * without building a tree; the rare other events keep their sub-object as a tree.
     */
    public static TwilioMessage parse(String text) throws MalformedMessage {
        String event = null;
        String streamSid = null;
        String track = null;
        String payload = null;
        long chunk = 0;
        long timestamp = 0;
        boolean hasMedia = false;
        JsonNode start = null;
        String markName = null;
        String digit = null;
        String stopCallSid = null;
        boolean hasMark = false;
        boolean hasDtmf = false;
        String protocol = null;
        String version = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessage("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "event":
                        event = scalar(parser, value);
                        break;
                    case "streamSid":
                        streamSid = scalar(parser, value);
                        break;
                    case "protocol":
                        protocol = scalar(parser, value);
                        break;
                    case "version":
                        version = scalar(parser, value);
                        break;
                    case "media":
                        if (value != JsonToken.START_OBJECT) {
                            throw new MalformedMessage("no media object");
                        }
                        hasMedia = true;
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            JsonToken token = parser.nextToken();
                            switch (name) {
                                case "payload":
                                    payload = scalar(parser, token);
                                    break;
                                case "track":
                                    track = scalar(parser, token);
                                    break;
                                case "chunk":
                                    chunk = number(parser, token, name);
                                    break;
                                case "timestamp":
                                    timestamp = number(parser, token, name);
                                    break;
                                default:
                                    parser.skipChildren();
                            }
                        }
                        break;
                    case "start":
                        start = value == JsonToken.START_OBJECT ? parser.readValueAsTree() : null;
                        break;
                    case "mark":
                    case "dtmf":
                    case "stop":
                        // Each mark's echo arrives 50 times a second per call too: read its fields without a tree.
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            break;
                        }
                        hasMark |= field.equals("mark");
                        hasDtmf |= field.equals("dtmf");
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            JsonToken token = parser.nextToken();
                            if (field.equals("mark") && name.equals("name")) {
                                markName = scalar(parser, token);
                            } else if (field.equals("dtmf") && name.equals("digit")) {
                                digit = scalar(parser, token);
                            } else if (field.equals("stop") && name.equals("callSid")) {
                                stopCallSid = scalar(parser, token);
                            } else {
                                parser.skipChildren();
                            }
                        }
                        break;
                    default:
                        parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new MalformedMessage("not one JSON object");
            }
        } catch (IOException e) {
            throw new MalformedMessage("not JSON");
        }
        if (event == null) {
            throw new MalformedMessage("no event");
        }
        switch (event) {
            case "connected":
                return new TwilioMessage.Connected(protocol, version);
            case "media":
                if (!hasMedia) {
                    throw new MalformedMessage("no media object");
                }
                if (payload == null || !Base64Check.isValid(payload)) {
                    throw new MalformedMessage("media payload is not base64");
                }
                return new TwilioMessage.Media(streamSid, track, chunk, timestamp, payload);
            case "start":
                if (start == null) {
                    throw new MalformedMessage("no start object");
                }
                return start(start, streamSid);
            case "mark":
                if (!hasMark) {
                    throw new MalformedMessage("no mark object");
                }
                if (markName == null) {
                    throw new MalformedMessage("mark without name");
                }
                return new TwilioMessage.Mark(streamSid, markName);
            case "dtmf":
                if (!hasDtmf) {
                    throw new MalformedMessage("no dtmf object");
                }
                if (digit == null || digit.length() != 1 || "0123456789*#ABCD".indexOf(digit.charAt(0)) < 0) {
                    throw new MalformedMessage("dtmf without a keypad digit");
                }
                return new TwilioMessage.Dtmf(streamSid, digit);
            case "stop":
                return new TwilioMessage.Stop(streamSid, stopCallSid);
            default:
                return new TwilioMessage.Unknown(event);
        }
    }

    private static String scalar(JsonParser parser, JsonToken token) throws IOException {
        if (token.isScalarValue()) {
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** A number sent as a JSON number or a numeric string. */
    private static long number(JsonParser parser, JsonToken token, String field) throws IOException,
            MalformedMessage {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedMessage(field + " is not a number");
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        parser.skipChildren();
        throw new MalformedMessage(field + " is not a number");
    }

    private static TwilioMessage.Start start(JsonNode start, String outerStreamSid) throws MalformedMessage {
        String streamSid = text(start, "streamSid");
        if (streamSid == null) {
            streamSid = outerStreamSid;
        }
        String callSid = text(start, "callSid");
        if (streamSid == null || callSid == null) {
            throw new MalformedMessage("start without streamSid or callSid");
        }
        // Both are echoed into every message we send and into events: only Twilio's own format passes.
        if (!isSid(streamSid, "MZ") || !isSid(callSid, "CA")) {
            throw new MalformedMessage("start with a streamSid or callSid that is not a Twilio SID");
        }
        List<String> tracks = new ArrayList<>();
        start.path("tracks").forEach(t -> tracks.add(t.asText()));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> p : start.path("customParameters").properties()) {
            parameters.put(p.getKey(), p.getValue().asText());
        }
        JsonNode format = start.path("mediaFormat");
        String encoding = format.path("encoding").asText("audio/x-mulaw");
        int sampleRate = (int) number(format, "sampleRate", 8000);
        return new TwilioMessage.Start(streamSid, callSid, text(start, "accountSid"),
                Collections.unmodifiableList(tracks), Collections.unmodifiableMap(parameters), encoding, sampleRate);
    }

    /** A Twilio SID: its two-letter prefix and 32 hex digits. */
    public static boolean isSid(String value, String prefix) {
        if (value == null || value.length() != 34 || !value.startsWith(prefix)) {
            return false;
        }
        for (int i = 2; i < 34; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
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

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
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
