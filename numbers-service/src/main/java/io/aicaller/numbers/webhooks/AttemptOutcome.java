package io.aicaller.numbers.webhooks;

/** What a receiver's answer means for a delivery. */
public enum AttemptOutcome {
    /** 2xx: done. */
    DELIVERED,
    /** Timeouts, connection errors, 408, 429, 5xx: tried again later. */
    RETRY,
    /** 410 Gone: the receiver is gone for good; the subscription is disabled. */
    GONE,
    /** Any other answer (3xx, 4xx): the receiver refuses this event; retrying would not change that. */
    REFUSED;

    public static AttemptOutcome of(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 410) {
            return GONE;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return RETRY;
        }
        return REFUSED;
    }
}
