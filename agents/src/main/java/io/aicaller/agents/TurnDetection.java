package io.aicaller.agents;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who decides that the caller finished speaking. {@code server_vad} and {@code semantic_vad} are the model's own
 * voice activity detection (it answers and handles interruptions by itself); {@code off} sends
 * {@code "turn_detection": null}, and the bridge then commits the caller's turn and asks for the answer itself. Values
 * are checked against the limits the Realtime API applies, so a definition that loads cannot make it refuse the session.
 * Messages name the JSON fields of an agent definition's {@code turnDetection}.
 *
 * @param threshold server_vad: 0..1, how loud speech must be (null: the API's default, 0.5)
 * @param prefixPaddingMs server_vad: audio kept before speech starts (null: 300)
 * @param silenceDurationMs server_vad, and the bridge's own detection when off: silence that ends a turn (null: 500)
 * @param idleTimeoutMs server_vad: 5000..30000, the model speaks up after this much silence (null: never)
 * @param eagerness semantic_vad: low, medium, high or auto (null: auto)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnDetection(String type, Double threshold, Integer prefixPaddingMs, Integer silenceDurationMs,
        Integer idleTimeoutMs, String eagerness) {

    public static final String SERVER_VAD = "server_vad";
    public static final String SEMANTIC_VAD = "semantic_vad";
    public static final String OFF = "off";
    static final List<String> EAGERNESS = List.of("low", "medium", "high", "auto");

    public TurnDetection {
        type = type == null ? SERVER_VAD : type.trim().toLowerCase(Locale.ROOT);
        if (type.equals("none") || type.equals("null")) {
            type = OFF;
        }
        if (!List.of(SERVER_VAD, SEMANTIC_VAD, OFF).contains(type)) {
            throw new IllegalArgumentException(
                    "type must be server_vad, semantic_vad or off, not '" + type + "'");
        }
        boolean server = type.equals(SERVER_VAD);
        require(threshold == null || server, "threshold applies to server_vad only");
        require(prefixPaddingMs == null || server, "prefixPaddingMs applies to server_vad only");
        require(idleTimeoutMs == null || server, "idleTimeoutMs applies to server_vad only");
        require(silenceDurationMs == null || !type.equals(SEMANTIC_VAD), "silenceDurationMs does not apply to"
                + " semantic_vad (its eagerness decides)");
        require(eagerness == null || type.equals(SEMANTIC_VAD), "eagerness applies to semantic_vad only");
        require(threshold == null || threshold >= 0 && threshold <= 1, "threshold must be between 0 and 1");
        require(prefixPaddingMs == null || prefixPaddingMs >= 0 && prefixPaddingMs <= 5000,
                "prefixPaddingMs must be 0 to 5000");
        require(silenceDurationMs == null || silenceDurationMs >= 100 && silenceDurationMs <= 10000,
                "silenceDurationMs must be 100 to 10000");
        require(idleTimeoutMs == null || idleTimeoutMs >= 5000 && idleTimeoutMs <= 30000,
                "idleTimeoutMs must be 5000 to 30000");
        require(eagerness == null || EAGERNESS.contains(eagerness), "eagerness must be one of " + EAGERNESS);
    }

    public static TurnDetection serverVad() {
        return new TurnDetection(SERVER_VAD, null, null, null, null, null);
    }

    public static TurnDetection off() {
        return new TurnDetection(OFF, null, null, null, null, null);
    }

    /** Whether the bridge, not the model, ends the caller's turns. */
    @JsonIgnore
    public boolean isOff() {
        return OFF.equals(type);
    }

    /** The silence that ends a caller's turn when the bridge decides it. */
    @JsonIgnore
    public int silenceMs() {
        return silenceDurationMs != null ? silenceDurationMs : 500;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
