package io.aicaller.testkit.media;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioSigner;

/**
 * Plays Twilio's side of a bidirectional Media Stream against the bridge: {@code connected}, {@code start}, 20 ms
 * {@code media} frames, {@code dtmf}, {@code stop}; records the bridge's {@code media}, {@code mark} and
 * {@code clear}. Like Twilio, it echoes marks once their audio "played" (at once, or when the test says) and echoes
 * every pending mark on {@code clear}.
 */
public final class MediaStreamsCaller implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final WebSocketClient client;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> pendingMarks = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private volatile boolean autoEchoMarks = true;
    private final String callSid;
    private final String accountSid;
    private final String streamSid = TwilioRequests.sid("MZ");
    // Real-time playout (off unless asked for): agent audio and marks queued in order, played 160 bytes per 20 ms.
    private final java.util.ArrayDeque<Object> playout = new java.util.ArrayDeque<>();
    private final ByteArrayOutputStream played = new ByteArrayOutputStream();
    private long playoutTimer = -1;
    private volatile java.util.function.Consumer<byte[]> onPlayed = audio -> {
    };
    private volatile Runnable onClear = () -> {
    };
    private long sequence;
    private long chunk;
    private long timestampMs;

    private MediaStreamsCaller(WebSocketClient client, WebSocket socket, String callSid, String accountSid) {
        this.client = client;
        this.socket = socket;
        this.callSid = callSid;
        this.accountSid = accountSid;
        socket.textMessageHandler(this::onMessage);
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /**
     * Opens the stream at {@code wsUrl} (the bridge's real address), signing the upgrade over {@code signedUrl}
     * (the public URL Twilio would have used) with {@code authToken}; a null token sends no signature.
     *
     * @throws UpgradeRefused with the HTTP status when the bridge refuses the upgrade
     */
    public static MediaStreamsCaller connect(String wsUrl, String signedUrl, String authToken) {
        return connect(wsUrl, signedUrl, authToken, TwilioRequests.sid("CA"), TwilioRequests.sid("AC"));
    }

    /** As {@link #connect(String, String, String)}, for a given call of a given account. */
    public static MediaStreamsCaller connect(String wsUrl, String signedUrl, String authToken, String callSid,
            String accountSid) {
        WebSocketClient client = TestVertx.get()
                .createWebSocketClient(new WebSocketClientOptions()
                        .setMaxMessageSize(1024 * 1024)
                        .setMaxFrameSize(1024 * 1024));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(wsUrl);
        if (authToken != null) {
            options.addHeader("X-Twilio-Signature", TwilioSigner.sign(authToken, signedUrl, Map.of()));
        }
        try {
            WebSocket socket = client.connect(options)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10,
                            TimeUnit.SECONDS);
            return new MediaStreamsCaller(client, socket, callSid, accountSid);
        } catch (Exception e) {
            client.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof io.vertx.core.http.UpgradeRejectedException rejected) {
                throw new UpgradeRefused(rejected.getStatus());
            }
            throw new IllegalStateException("Could not open the Media Stream: " + cause, cause);
        }
    }

    /** The bridge refused the WebSocket upgrade. */
    public static final class UpgradeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        UpgradeRefused(int status) {
            super("Upgrade refused with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public String callSid() {
        return callSid;
    }

    public String streamSid() {
        return streamSid;
    }

    /** With false, marks wait for {@link #playAllMarks()} or {@link #playMarksUpTo}, as if audio were still queued. */
    public MediaStreamsCaller autoEchoMarks(boolean auto) {
        this.autoEchoMarks = auto;
        return this;
    }

    /** Sends {@code connected} and {@code start} with these custom parameters. */
    public MediaStreamsCaller start(Map<String, String> customParameters) {
        sendJson(object("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
        ObjectNode start = object("event", "start").put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
        ObjectNode body = start.putObject("start");
        body.put("accountSid", accountSid).put("streamSid", streamSid).put("callSid", callSid);
        body.putArray("tracks").add("inbound");
        body.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        ObjectNode params = body.putObject("customParameters");
        customParameters.forEach(params::put);
        sendJson(start);
        return this;
    }

    public MediaStreamsCaller start() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", "+14155550100");
        params.put("to", "+14155550199");
        params.put("callSid", callSid);
        params.put("direction", "inbound");
        params.put("profile", "default");
        return start(params);
    }

    /** One frame of caller audio (160 bytes is 20 ms), numbered like Twilio's (as strings). */
    public void media(byte[] mulaw) {
        ObjectNode media = object("event", "media").put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
        media.putObject("media")
                .put("track", "inbound")
                .put("chunk", String.valueOf(++chunk))
                .put("timestamp", String.valueOf(timestampMs))
                .put("payload", Base64.getEncoder().encodeToString(mulaw));
        timestampMs += mulaw.length / 8;
        sendJson(media);
    }

    public void dtmf(String digit) {
        ObjectNode dtmf = object("event", "dtmf").put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
        dtmf.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
        sendJson(dtmf);
    }

    public void stop() {
        ObjectNode stop = object("event", "stop").put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
        stop.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
        sendJson(stop);
    }

    /**
     * Stops reading from the socket, as a half-open or stuck peer does: what the bridge sends piles up in the kernel
     * buffers and then in the bridge.
     */
    public void stopReading() {
        socket.pause();
    }

    public void resumeReading() {
        socket.resume();
    }

    /** Anything at all, for hostile-input tests. */
    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    /** Text in one WebSocket frame, however long (a well-behaved client splits long messages into frames). */
    public void sendRawFrame(String text) {
        socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(text, true));
    }

    /** Text as a first frame and continuation frames of at most {@code frameChars} each. */
    public void sendRawFragmented(String text, int frameChars) {
        for (int from = 0; from < text.length(); from += frameChars) {
            String part = text.substring(from, Math.min(text.length(), from + frameChars));
            boolean last = from + frameChars >= text.length();
            socket.writeFrame(from == 0 ? io.vertx.core.http.WebSocketFrame.textFrame(part, last)
                    : io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(part),
                            last));
        }
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    private void sendJson(ObjectNode node) {
        socket.writeTextMessage(node.toString());
    }

    private synchronized void onMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            received.add(JSON.createObjectNode().put("event", "unparseable").put("raw", text));
            return;
        }
        received.add(message);
        String event = message.path("event").asText();
        if (playoutTimer >= 0) {
            queueForPlayout(event, message);
            return;
        }
        if (event.equals("mark")) {
            pendingMarks.add(message.path("mark").path("name").asText());
            if (autoEchoMarks) {
                playAllMarks();
            }
        } else if (event.equals("clear")) {
            // Twilio drops the queued audio and echoes every pending mark.
            playAllMarks();
        }
    }

    /**
     * Plays the agent's audio at the pace a phone would, as Twilio does: 20 ms of queued audio every 20 ms, each mark
     * echoed once the audio sent before it has played, {@code clear} dropping what is queued and echoing its marks.
     * {@link #played()} is then what the caller heard.
     */
    public synchronized MediaStreamsCaller realTimePlayout() {
        if (playoutTimer < 0) {
            playoutTimer = TestVertx.get().setPeriodic(20, id -> playFrame());
        }
        return this;
    }

    private void queueForPlayout(String event, JsonNode message) {
        if (event.equals("media")) {
            playout.add(Base64.getDecoder().decode(message.path("media").path("payload").asText()));
        } else if (event.equals("mark")) {
            playout.add(message.path("mark").path("name").asText());
        } else if (event.equals("clear")) {
            for (Object queued : playout) {
                if (queued instanceof String name) {
                    echoMark(name);
                }
            }
            playout.clear();
            onClear.run();
        }
    }

    private synchronized void playFrame() {
        int budget = 160;
        while (!playout.isEmpty()) {
            Object head = playout.peek();
            if (head instanceof String name) {
                playout.poll();
                echoMark(name);
                continue;
            }
            if (budget == 0) {
                break;
            }
            byte[] audio = (byte[]) playout.poll();
            int take = Math.min(budget, audio.length);
            played.write(audio, 0, take);
            onPlayed.accept(take == audio.length ? audio : java.util.Arrays.copyOf(audio, take));
            budget -= take;
            if (take < audio.length) {
                playout.addFirst(java.util.Arrays.copyOfRange(audio, take, audio.length));
            }
        }
    }

    /**
     * With {@link #realTimePlayout()}: {@code played} gets each piece of agent audio as it plays (a live listener's
     * speaker), {@code cleared} each {@code clear}.
     */
    public MediaStreamsCaller onPlayout(java.util.function.Consumer<byte[]> played, Runnable cleared) {
        this.onPlayed = played;
        this.onClear = cleared;
        return this;
    }

    /** With {@link #realTimePlayout()}: the agent audio that has played so far. */
    public synchronized byte[] played() {
        return played.toByteArray();
    }

    /** With {@link #realTimePlayout()}: whether agent audio is still waiting to play. */
    public synchronized boolean playing() {
        return playout.stream().anyMatch(queued -> queued instanceof byte[]);
    }

    /** Echoes every pending mark, as Twilio does when their audio has played. */
    public synchronized void playAllMarks() {
        for (String name : pendingMarks) {
            echoMark(name);
        }
        pendingMarks.clear();
    }

    /** Echoes the pending marks up to and including the {@code count}-th one. */
    public synchronized void playMarks(int count) {
        for (int i = 0; i < count && !pendingMarks.isEmpty(); i++) {
            echoMark(pendingMarks.remove(0));
        }
    }

    private void echoMark(String name) {
        ObjectNode mark = object("event", "mark").put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
        mark.putObject("mark").put("name", name);
        sendJson(mark);
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    public List<JsonNode> received(String event) {
        return received.stream().filter(m -> event.equals(m.path("event").asText())).toList();
    }

    /** The agent audio received so far, decoded and concatenated. */
    public byte[] audio() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode media : received("media")) {
            out.writeBytes(Base64.getDecoder().decode(media.path("media").path("payload").asText()));
        }
        return out.toByteArray();
    }

    public void await(Predicate<MediaStreamsCaller> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; received " + received.size()
                        + " messages: " + received.stream().map(m -> m.path("event").asText()).toList());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The close code once the bridge closed the socket. */
    public short awaitClosed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("The bridge did not close the stream within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    private static ObjectNode object(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (playoutTimer >= 0) {
                TestVertx.get().cancelTimer(playoutTimer);
            }
        }
        if (!closed.isDone()) {
            socket.close();
        }
        client.close();
    }
}
