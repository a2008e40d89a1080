package io.aicaller.gateway.twilio;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The values of Twilio's fields that our v1 event schemas list. Twilio adds values over time (a new call status, an
 * AnsweredBy kind); an event must still match its schema, so a value not listed is published as {@code unknown}
 * with the raw value in the event's {@code raw*} field. A test keeps these sets equal to the schemas' enums.
 */
public final class TwilioValues {

    public static final String UNKNOWN = "unknown";

    public static final Set<String> CALL_STATUSES = Set.of("queued", "initiated", "ringing", "in-progress",
            "completed", "busy", "failed", "no-answer", "canceled");
    public static final Set<String> CALL_DIRECTIONS = Set.of("inbound", "outbound-api", "outbound-dial");
    public static final Set<String> RECORDING_STATUSES = Set.of("in-progress", "completed", "absent", "failed",
            "paused", "stopped", "processing");
    public static final Set<String> ANSWERED_BY = Set.of("human", "machine_start", "machine_end_beep",
            "machine_end_silence", "machine_end_other", "fax", UNKNOWN);
    public static final Set<String> STREAM_EVENTS = Set.of("stream-started", "stream-stopped", "stream-error");
    public static final Set<String> MESSAGE_STATUSES = Set.of("queued", "sending", "sent", "failed", "delivered",
            "undelivered", "receiving", "received", "accepted", "scheduled", "read", "partially_delivered",
            "canceled");

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");

    private TwilioValues() {
    }

    /** The value if the schema lists it, else {@code unknown}. */
    public static String listed(Set<String> listed, String value) {
        return value != null && listed.contains(value) ? value : UNKNOWN;
    }

    /** The raw value to keep beside {@code unknown}: null when the value is listed. */
    public static String raw(Set<String> listed, String value) {
        return value != null && listed.contains(value) ? null : value;
    }

    /** An account SID as the schemas allow it: Twilio's format, else empty. */
    public static String accountSid(String value) {
        return value != null && ACCOUNT_SID.matcher(value).matches() ? value : "";
    }
}
