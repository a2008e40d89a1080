package io.aicaller.bridge.websocket;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * A warning that a hostile peer can cause at will (a refused upgrade, a stream without {@code start}) is logged at
 * most once per interval, with how many were left out: a flood of them must not turn into a flood of synchronous log
 * writes on the event loops that carry live calls. The metrics count every one.
 */
final class ThrottledLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    void warn(String message) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        log.warn(skipped == 0 ? message : message + " (and " + skipped + " more like it since the last such line)");
    }
}
