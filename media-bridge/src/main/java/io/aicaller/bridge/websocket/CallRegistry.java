package io.aicaller.bridge.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.session.CallCounts;
import io.aicaller.bridge.session.CallSession;

/**
 * The live calls of this pod. Its size is the active-calls gauge the autoscaler follows. On shutdown it drains:
 * readiness goes down, new upgrades are refused, and live calls get the grace period to finish before being ended.
 */
@ApplicationScoped
public class CallRegistry {

    private static final Logger LOG = Logger.getLogger(CallRegistry.class);

    private final Map<String, CallConnection> calls = new ConcurrentHashMap<>();
    private final Duration drainGrace;
    private volatile boolean draining;
    private final AtomicInteger pendingStarts = new AtomicInteger();

    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter framesDropped;
    private final Counter interruptions;
    private final Counter modelFailures;
    private final Timer turnLatency;

    CallRegistry(BridgeConfig config, MeterRegistry metrics) {
        this.drainGrace = config.drainGrace();
        metrics.gauge("bridge.calls.active", calls, Map::size);
        this.framesIn = metrics.counter("bridge.frames", "direction", "in");
        this.framesOut = metrics.counter("bridge.frames", "direction", "out");
        this.framesDropped = metrics.counter("bridge.frames.dropped");
        this.interruptions = metrics.counter("bridge.clears");
        this.modelFailures = metrics.counter("bridge.model.failures");
        this.turnLatency = Timer.builder("bridge.turn.latency")
                .description("Caller speech stopped to the first agent audio sent to Twilio")
                .publishPercentileHistogram()
                .register(metrics);
    }

    void add(String id, CallConnection call) {
        pendingStarts.incrementAndGet();
        calls.put(id, call);
    }

    CallConnection get(String id) {
        return calls.get(id);
    }

    void remove(String id) {
        calls.remove(id);
    }

    public int active() {
        return calls.size();
    }

    /** Accepted streams that have not sent {@code start} yet. */
    public int pendingStarts() {
        return pendingStarts.get();
    }

    /** A stream sent {@code start}, or closed without one. */
    void startSettled() {
        pendingStarts.decrementAndGet();
    }

    public boolean draining() {
        return draining;
    }

    /** Adds a finished call's figures to the service metrics. */
    void record(CallSession session, List<Long> turnLatencies) {
        CallCounts counts = session.counts();
        framesIn.increment(counts.framesIn());
        framesOut.increment(counts.framesOut());
        framesDropped.increment(counts.framesDropped());
        interruptions.increment(counts.interruptions());
        if (session.failed()) {
            modelFailures.increment();
        }
        turnLatencies.forEach(ms -> turnLatency.record(Duration.ofMillis(ms)));
    }

    /**
     * SIGTERM: the first thing Quarkus does on shutdown (before the HTTP server's own graceful wait) is this event.
     * Readiness goes down and new upgrades get 503 at once; this thread then holds the shutdown while live calls go on,
     * until they end or the grace runs out. With no calls it returns at once.
     */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Where the shutdown skipped the early phase: the same drain, late. */
    void onShutdown(@Observes ShutdownEvent event) {
        drain();
    }

    private void drain() {
        beginDrain();
        awaitDrained();
        endRemaining();
    }

    /** Readiness goes down and new upgrades are refused; live calls go on. */
    public void beginDrain() {
        draining = true;
        if (!calls.isEmpty()) {
            LOG.infof("Draining: %d live calls may continue for up to %s", calls.size(), drainGrace);
        }
    }

    /** Waits until the live calls have ended or the grace period is over. */
    void awaitDrained() {
        long deadline = System.nanoTime() + drainGrace.toNanos();
        while (!calls.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends the calls still live when the grace period ran out, each with its {@code call.stream-ended}. */
    public void endRemaining() {
        calls.values().forEach(CallConnection::drainTimeout);
    }
}
