package io.aicaller.bridge.websocket;

/**
 * A token bucket over Media Stream upgrades: at most {@code perSecond} a second on average, and as many at once.
 * Checked before the signature, so a burst of upgrade attempts, signed or not, costs the event loops that carry live
 * calls a bounded amount of work; past the budget an attempt gets a cheap 503.
 */
final class UpgradeBudget {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    UpgradeBudget(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    synchronized boolean take(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
