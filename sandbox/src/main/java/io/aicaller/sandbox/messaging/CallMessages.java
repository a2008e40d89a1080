package io.aicaller.sandbox.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which call each message belongs to, for the call's timeline: a send request names its call, Twilio's acceptance (or
 * a refusal) names the request, and later delivery reports name only the message. The topics are read independently,
 * so a message's event may come before its request: it waits (boundedly) for it. Messages no call asked for are
 * forgotten as newer ones come.
 */
final class CallMessages {

    static final int CAPACITY = 2000;

    /** A line for a call's timeline. */
    record Line(String callSid, String type, Instant at, String summary) {
    }

    /** A message event not yet placed: its request (or its acceptance) has not been read yet. */
    private record Waiting(String type, String requestId, String messageSid, Instant at, String summary) {
    }

    private final Map<String, String> callOfRequest = bounded();
    private final Map<String, String> callOfMessage = bounded();
    private final Map<String, List<Waiting>> waiting = bounded();

    /** A send request; lines only when a call asked for it (then also for what was waiting for it). */
    synchronized List<Line> requested(String requestId, String callSid, Instant at, String summary) {
        List<Line> lines = new ArrayList<>();
        if (requestId == null || callSid == null) {
            waiting.remove(requestId);
            return lines;
        }
        callOfRequest.put(requestId, callSid);
        lines.add(new Line(callSid, "message.send-requested", at, summary));
        release(requestId, lines);
        return lines;
    }

    /**
     * A message event: {@code requestId} for acceptance or refusal (with the {@code messageSid} Twilio gave), only
     * {@code messageSid} for delivery reports.
     */
    synchronized List<Line> event(String type, String requestId, String messageSid, Instant at, String summary) {
        List<Line> lines = new ArrayList<>();
        place(new Waiting(type, requestId, messageSid, at, summary), lines);
        return lines;
    }

    private void place(Waiting event, List<Line> lines) {
        String callSid = event.requestId() != null ? callOfRequest.get(event.requestId())
                : callOfMessage.get(event.messageSid());
        if (callSid == null) {
            String key = event.requestId() != null ? event.requestId() : event.messageSid();
            if (key != null) {
                waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
            }
            return;
        }
        lines.add(new Line(callSid, event.type(), event.at(), event.summary()));
        if (event.requestId() != null && event.messageSid() != null) {
            callOfMessage.put(event.messageSid(), callSid);
            release(event.messageSid(), lines);
        }
    }

    private void release(String key, List<Line> lines) {
        List<Waiting> ready = waiting.remove(key);
        if (ready != null) {
            ready.forEach(event -> place(event, lines));
        }
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
