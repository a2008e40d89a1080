package io.aicaller.testkit.media;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A realtime speech model on a loopback WebSocket that speaks the OpenAI Realtime GA protocol the bridge uses. Each
 * connection is a {@link FakeModelSession} the test can drive (speech started, tool calls, errors, drops); by default
 * it echoes caller audio back as model audio and answers {@code response.create} with a short spoken reply.
 */
public final class FakeRealtimeServer implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<FakeModelSession> newSessions = new LinkedBlockingQueue<>();
    private final List<FakeModelSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgradeAttempts = new AtomicInteger();
    private volatile boolean refuseConnections;
    private volatile boolean echoAudio = true;
    private volatile boolean record = true;
    private volatile boolean refuseSessionUpdates;

    private FakeRealtimeServer() {
        server = TestVertx.get()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                        .setPort(0)
                        .setMaxWebSocketMessageSize(4 * 1024 * 1024));
        server.webSocketHandshakeHandler(handshake -> {
            upgradeAttempts.incrementAndGet();
            if (refuseConnections) {
                handshake.reject(503);
            } else {
                handshake.accept();
            }
        });
        server.webSocketHandler(ws -> {
            FakeModelSession session = new FakeModelSession(ws, echoAudio, record, refuseSessionUpdates);
            sessions.add(session);
            newSessions.add(session);
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fake realtime server did not start", e);
        }
    }

    public static FakeRealtimeServer start() {
        return new FakeRealtimeServer();
    }

    /** The realtime URL to configure in the bridge (it appends {@code ?model=...}). */
    public String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1/realtime";
    }

    /** While true, every connection is refused with HTTP 503: the model "cannot be reached". */
    public void refuseConnections(boolean refuse) {
        this.refuseConnections = refuse;
    }

    /**
     * While true, new sessions answer {@code session.update} with an {@code invalid_value} error naming the update's
     * {@code event_id}, and keep the API's defaults (24 kHz PCM out), as the real API does with a setting it refuses.
     */
    public void refuseSessionUpdates(boolean refuse) {
        this.refuseSessionUpdates = refuse;
    }

    /** What the bridge or the fake sent on any session that OpenAI's schemas refuse. */
    public List<String> violations() {
        return sessions.stream().flatMap(s -> s.violations().stream()).toList();
    }

    /** Whether new sessions answer each {@code input_audio_buffer.append} with the same audio. */
    public void echoAudio(boolean echo) {
        this.echoAudio = echo;
    }

    /**
     * Whether new sessions keep what the bridge sent ({@link FakeModelSession#received()}). A benchmark turns it off:
     * sessions then only echo audio, with no per-message parse or memory.
     */
    public void recordMessages(boolean record) {
        this.record = record;
    }

    /** Connection attempts so far, refused ones included. */
    public int upgradeAttempts() {
        return upgradeAttempts.get();
    }

    public List<FakeModelSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The next session opened by the bridge (in connection order). */
    public FakeModelSession awaitSession(Duration timeout) {
        try {
            FakeModelSession session = newSessions.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (session == null) {
                throw new AssertionError("No model session opened within " + timeout);
            }
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Forgets sessions not yet taken with {@link #awaitSession}. */
    public void clearNewSessions() {
        newSessions.clear();
    }

    @Override
    public void close() {
        server.close();
    }
}
