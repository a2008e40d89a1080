package io.aicaller.gateway.twilio;

import java.util.Locale;
import java.util.Set;

/**
 * Twilio call statuses in progress order. Status callbacks arrive out of order; state kept from them only ever moves
 * forward, and a final status is never left.
 */
public final class CallStatuses {

    public static final Set<String> FINAL = Set.of("completed", "busy", "failed", "no-answer", "canceled");

    private CallStatuses() {
    }

    /** Position in the call's progress; unknown statuses rank lowest so they never override a known one. */
    public static int rank(String status) {
        if (status == null) {
            return -1;
        }
        switch (status.toLowerCase(Locale.ROOT)) {
            case "queued":
                return 0;
            case "initiated":
                return 1;
            case "ringing":
                return 2;
            case "in-progress":
            case "answered":
                return 3;
            default:
                return isFinal(status) ? 4 : -1;
        }
    }

    public static boolean isFinal(String status) {
        return status != null && FINAL.contains(status.toLowerCase(Locale.ROOT));
    }

    /** The status to keep when {@code incoming} arrives while {@code current} is known. */
    public static String advance(String current, String incoming) {
        if (current == null) {
            return incoming;
        }
        if (isFinal(current)) {
            return current;
        }
        return rank(incoming) > rank(current) ? incoming : current;
    }
}
