package io.aicaller.numbers.webhooks;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a failed delivery again: exponential from {@code initial}, capped at {@code maxInterval}, each wait
 * drawn between half and all of it (jitter, so receivers that come back are not hit by every sender at once), and
 * given up (dead-lettered) once {@code giveUpAfter} has passed since the first attempt.
 */
public record RetryPolicy(Duration initial, Duration maxInterval, Duration giveUpAfter) {

    /** The wait after the {@code attempts}-th failure; {@code random} in [0, 1); a Retry-After hint is honoured. */
    public Duration delay(int attempts, double random, Duration retryAfter) {
        long cap = maxInterval.toMillis();
        long base = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        base = base <= 0 || base > cap ? cap : base;
        long wait = base / 2 + (long) (random * (base - base / 2));
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), cap));
        }
        return Duration.ofMillis(wait);
    }

    public boolean givenUp(Instant firstAttemptAt, Instant now) {
        return firstAttemptAt != null && !now.isBefore(firstAttemptAt.plus(giveUpAfter));
    }
}
