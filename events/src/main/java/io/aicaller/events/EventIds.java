package io.aicaller.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids. Twilio retries webhooks and Kafka redelivers records; deriving the id from what identifies
 * the fact (a Twilio idempotency token, or SID + status + sequence) lets any replica drop the duplicate.
 */
public final class EventIds {

    private EventIds() {
    }

    /** A name-based UUID over the event type and the identifying parts; equal inputs give equal ids. */
    public static String of(EventType type, String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("An event id needs at least one identifying part");
        }
        StringBuilder name = new StringBuilder(type.ceType());
        for (String part : parts) {
            // Length-prefixing keeps ("ab","c") and ("a","bc") apart.
            String p = part == null ? "" : part;
            name.append('|').append(p.length()).append(':').append(p);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
