package io.aicaller.sandbox.phone;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import io.aicaller.testkit.media.MediaStreamsCaller;
import io.aicaller.testkit.twilio.TwilioRestFake;

/**
 * One call on the simulated phone network, run on its own thread the way Twilio runs a call: the voice webhook, the
 * TwiML it answers (Say, Play, Pause, Gather with scripted speech, Connect/Stream, Dial, Redirect, Hangup), a Media
 * Stream with the caller's audio in real-time 20 ms frames and the agent's audio played (marks and clear honoured),
 * keypad presses, and signed status callbacks. REST updates (hang up, new URL or TwiML) interrupt it as they would
 * at Twilio.
 */
public final class SimulatedCall implements Runnable {

    private static final Logger LOG = Logger.getLogger(SimulatedCall.class);
    static final DateTimeFormatter RFC_2822 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final byte SILENCE = (byte) 0xFF;
    private static final int FRAME = 160;

    /** A line of the call's log. */
    public record Entry(Instant at, String what) {
    }

    /** An event the services published about this call, as read from Kafka. */
    public record Observed(String type, Instant at, String summary) {
    }

    /**
     * Where the call's first TwiML comes from, and where its status callbacks go; {@code recording} when it was
     * created with {@code Record=true}.
     */
    public record Setup(String callSid, String accountSid, String from, String to, String direction,
            String documentUrl, String twiml, String statusCallback, Set<String> statusEvents, CallScript script,
            Duration maxDuration, Recording recording, CallerPhone phone) {
    }

    /** A recorded call: where Twilio reports the recording, which of its events, and how many channels. */
    public record Recording(String statusCallback, Set<String> events, int channels) {
    }

    private final Setup setup;
    private final Webhooks webhooks;
    private final TwilioRestFake twilio;
    private final String authToken;
    private final List<Entry> log = new CopyOnWriteArrayList<>();
    private final List<Observed> events = new CopyOnWriteArrayList<>();
    private final List<Observed> transcript = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream agentAudio = new ByteArrayOutputStream();
    private final Instant created = Instant.now();
    private final CallFeed feed = new CallFeed();
    private volatile String status = "queued";
    private volatile Recording recording;
    private volatile String recordingSource = "OutboundAPI";
    private volatile boolean hangUp;
    private volatile String redirectUrl;
    private volatile String redirectTwiml;
    private volatile Instant answeredAt;
    private volatile Instant endedAt;
    private boolean finishing;
    private volatile int clears;
    private volatile int marks;
    private volatile MediaStreamsCaller live;
    private int sequence;
    private int speechUsed;

    public SimulatedCall(Setup setup, Webhooks webhooks, TwilioRestFake twilio, String authToken) {
        this.setup = setup;
        this.webhooks = webhooks;
        this.twilio = twilio;
        this.authToken = authToken;
    }

    @Override
    public void run() {
        Thread.currentThread().setName("call-" + setup.callSid());
        try {
            status("ringing");
            callback("initiated");
            callback("ringing");
            Document document = setup.twiml() != null ? Document.of(setup.twiml(), setup.documentUrl())
                    : fetch(setup.documentUrl(), Map.of());
            if (document == null) {
                finish("failed");
                return;
            }
            answeredAt = Instant.now();
            status("in-progress");
            callback("answered");
            execute(document);
            finish(status.equals("in-progress") ? "completed" : status);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Simulated call %s failed", setup.callSid());
            note("sandbox error: " + e);
            finish("failed");
        }
    }

    private void execute(Document first) {
        Document document = first;
        int index = 0;
        while (document != null && index < document.verbs().size() && !hangUp) {
            if (redirectUrl != null || redirectTwiml != null) {
                document = takeRedirect(document);
                index = 0;
                continue;
            }
            if (overTime()) {
                note("maximum call duration reached");
                return;
            }
            Twiml.Verb verb = document.verbs().get(index++);
            Document next = perform(verb, document);
            if (next != null) {
                document = next;
                index = 0;
            }
        }
        if (redirectUrl != null || redirectTwiml != null) {
            execute(takeRedirect(document));
        }
    }

    /** Runs one verb; a verb that hands over to another document (Gather, Redirect, Dial action) returns it. */
    private Document perform(Twiml.Verb verb, Document document) {
        if (verb instanceof Twiml.Say say) {
            note("agent says (TwiML): " + say.text());
            pause(Duration.ofMillis(Math.min(4000, 50L * say.text().length())));
        } else if (verb instanceof Twiml.Play play) {
            note("plays " + play.url());
            pause(Duration.ofSeconds(1));
        } else if (verb instanceof Twiml.Pause p) {
            pause(Duration.ofSeconds(p.seconds()));
        } else if (verb instanceof Twiml.Gather gather) {
            for (Twiml.Verb nested : gather.nested()) {
                perform(nested, document);
            }
            if (gather.input().contains("speech") && speechUsed < setup.script().speech().size()) {
                String speech = setup.script().speech().get(speechUsed++);
                note("caller says (Gather): " + speech);
                String action = gather.action().isEmpty() ? document.url()
                        : webhooks.resolve(gather.action(), document.url());
                return fetch(action, Map.of("SpeechResult", speech, "Confidence", "0.93"));
            }
            note("Gather timed out with no input");
            pause(Duration.ofSeconds(Math.min(gather.timeoutSeconds(), 2)));
        } else if (verb instanceof Twiml.Stream stream) {
            streamMedia(stream);
        } else if (verb instanceof Twiml.Dial dial) {
            note("dials " + dial.number() + "; the other party answers and talks");
            pause(Duration.ofSeconds(2));
            if (!dial.action().isEmpty()) {
                return fetch(webhooks.resolve(dial.action(), document.url()),
                        Map.of("DialCallStatus", "completed", "DialCallDuration", "2"));
            }
        } else if (verb instanceof Twiml.Redirect redirect) {
            return fetch(webhooks.resolve(redirect.url(), document.url()), Map.of());
        } else if (verb instanceof Twiml.Hangup) {
            note("TwiML hangs up");
            hangUp = true;
        } else if (verb instanceof Twiml.Reject reject) {
            note("TwiML rejects the call (" + reject.reason() + ")");
            status(reject.reason().equals("busy") ? "busy" : "no-answer");
            hangUp = true;
        } else if (verb instanceof Twiml.StartRecording start) {
            note("records the call (" + start.channels() + " channel(s))");
            recording = new Recording(start.statusCallback(), Set.copyOf(start.events()), start.channels());
            recordingSource = "StartCallRecordingAPI";
        } else if (verb instanceof Twiml.Other other) {
            note("ignores <" + other.name() + ">");
        }
        return null;
    }

    private void streamMedia(Twiml.Stream stream) {
        String url = stream.url();
        note("opens the Media Stream " + url);
        MediaStreamsCaller caller;
        try {
            caller = MediaStreamsCaller.connect(webhooks.realAddress(url), url, authToken, setup.callSid(),
                    setup.accountSid());
        } catch (RuntimeException e) {
            note("Media Stream refused (31920): " + e.getMessage());
            return;
        }
        CallerPhone phone = setup.phone();
        if (phone != null) {
            caller.onPlayout(phone.speaker(), phone.cleared());
        }
        caller.realTimePlayout().start(stream.parameters());
        live = caller;
        streamStatus(stream, caller, "stream-started");
        Deque<byte[]> speech = new ArrayDeque<>();
        List<CallScript.Step> steps = new ArrayList<>(setup.script().steps());
        long start = System.nanoTime();
        long frame = 0;
        String ended = "the agent side closed the stream";
        while (true) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            for (var it = steps.iterator(); it.hasNext();) {
                CallScript.Step step = it.next();
                if (step.at() * 1000 <= elapsedMs) {
                    it.remove();
                    runStep(step, caller, speech);
                }
            }
            if (phone != null) {
                for (String key = phone.nextKey(); key != null; key = phone.nextKey()) {
                    note("caller presses " + key);
                    caller.dtmf(key);
                }
                if (phone.hungUp() && !hangUp) {
                    note("caller hangs up");
                    hangUp = true;
                }
            }
            if (caller.isClosed()) {
                break;
            }
            if (hangUp || redirectUrl != null || redirectTwiml != null || overTime()) {
                ended = hangUp ? "the call hung up" : overTime() ? "maximum call duration" : "the call was redirected";
                caller.stop();
                break;
            }
            byte[] spoken = phone != null ? phone.nextFrame() : null;
            caller.media(spoken != null ? pad(spoken) : nextFrame(speech));
            frame++;
            long due = start + frame * 20_000_000L;
            LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
        }
        note("Media Stream ended: " + ended);
        synchronized (this) {
            agentAudio.writeBytes(caller.played());
            clears += caller.received("clear").size();
            marks += caller.received("mark").size();
            live = null;
        }
        caller.close();
        streamStatus(stream, caller, "stream-stopped");
    }

    private void runStep(CallScript.Step step, MediaStreamsCaller caller, Deque<byte[]> speech) {
        if (step.say() != null) {
            note("caller speaks: " + step.say());
            byte[] audio = CallerAudio.load(step.say());
            for (int i = 0; i < audio.length; i += FRAME) {
                speech.add(Arrays.copyOfRange(audio, i, Math.min(audio.length, i + FRAME)));
            }
        }
        if (step.dtmf() != null) {
            for (char digit : step.dtmf().toCharArray()) {
                note("caller presses " + digit);
                caller.dtmf(String.valueOf(digit));
            }
        }
        if (Boolean.TRUE.equals(step.hangup())) {
            note("caller hangs up");
            hangUp = true;
        }
    }

    private static byte[] nextFrame(Deque<byte[]> speech) {
        return pad(speech.poll());
    }

    /** A 20 ms frame: silence for none, a short one padded with silence. */
    private static byte[] pad(byte[] frame) {
        if (frame == null) {
            frame = new byte[FRAME];
            Arrays.fill(frame, SILENCE);
        } else if (frame.length < FRAME) {
            byte[] padded = Arrays.copyOf(frame, FRAME);
            Arrays.fill(padded, frame.length, FRAME, SILENCE);
            frame = padded;
        }
        return frame;
    }

    private void streamStatus(Twiml.Stream stream, MediaStreamsCaller caller, String event) {
        if (stream.statusCallback() == null || stream.statusCallback().isEmpty()) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", setup.callSid());
        params.put("StreamSid", caller.streamSid());
        params.put("StreamName", stream.parameters().getOrDefault("name", "ai-agent"));
        params.put("StreamEvent", event);
        params.put("Timestamp", Instant.now().toString());
        params.put("AccountSid", setup.accountSid());
        webhooks.post(stream.statusCallback(), params);
    }

    private Document fetch(String url, Map<String, String> extra) {
        Map<String, String> params = callParams();
        params.putAll(extra);
        Webhooks.Answer answer = webhooks.post(url, params);
        if (answer.status() != 200) {
            note("webhook " + url + " answered " + answer.status() + " (11200): the caller hears an application "
                    + "error");
            return null;
        }
        try {
            return Document.of(answer.body(), url);
        } catch (Twiml.Invalid e) {
            note("webhook " + url + " answered invalid TwiML: " + e.getMessage());
            return null;
        }
    }

    private Document takeRedirect(Document current) {
        String url = redirectUrl;
        String twiml = redirectTwiml;
        redirectUrl = null;
        redirectTwiml = null;
        if (twiml != null) {
            note("call updated with new TwiML");
            try {
                return Document.of(twiml, current == null ? setup.documentUrl() : current.url());
            } catch (Twiml.Invalid e) {
                note("update TwiML invalid: " + e.getMessage());
                return null;
            }
        }
        note("call redirected to " + url);
        return fetch(url, Map.of());
    }

    private Map<String, String> callParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", setup.callSid());
        params.put("From", setup.from());
        params.put("To", setup.to());
        params.put("Caller", setup.from());
        params.put("Called", setup.to());
        params.put("CallStatus", status);
        params.put("Direction", setup.direction());
        params.put("ApiVersion", "2010-04-01");
        params.put("AccountSid", setup.accountSid());
        return params;
    }

    private void callback(String event) {
        boolean wanted = event.equals("completed") ? setup.statusCallback() != null
                : setup.statusCallback() != null && setup.statusEvents().contains(event);
        if (!wanted) {
            return;
        }
        Map<String, String> params = callParams();
        // Each progress event reports its own status; only the final one reports how the call ended.
        params.put("CallStatus", switch (event) {
            case "initiated" -> "initiated";
            case "ringing" -> "ringing";
            case "answered" -> "in-progress";
            default -> status;
        });
        params.put("CallbackSource", "call-progress-events");
        params.put("SequenceNumber", String.valueOf(sequence++));
        params.put("Timestamp", RFC_2822.format(Instant.now()));
        if (event.equals("completed")) {
            params.put("CallDuration", String.valueOf(duration().toSeconds()));
        }
        Webhooks.Answer answer = webhooks.post(setup.statusCallback(), params);
        note("status callback " + params.get("CallStatus") + " -> " + answer.status());
    }

    /** As Twilio does once a recorded call ends: the recording is kept, and its status is reported. */
    private void recordingCallback() {
        Recording kept = recording != null ? recording : setup.recording();
        Map<String, String> params = RecordingReport.of(setup, kept, recordingSource, answeredAt, twilio);
        if (params != null) {
            Webhooks.Answer answer = webhooks.post(kept.statusCallback(), params);
            note("recording status callback " + params.get("RecordingStatus") + " -> " + answer.status());
        }
    }

    private void finish(String finalStatus) {
        if (finishing) {
            return;
        }
        finishing = true;
        status(finalStatus);
        callback("completed");
        recordingCallback();
        note("call " + finalStatus + " after " + duration().toSeconds() + " s");
        // Last: a call reads as ended only once its final callback has been answered.
        endedAt = Instant.now();
        feed.publish(new CallFeed.Item("ended", endedAt, finalStatus, "call " + finalStatus));
        if (setup.phone() != null) {
            setup.phone().ended(finalStatus);
        }
    }

    private void status(String newStatus) {
        status = newStatus;
        twilio.setCallStatus(setup.callSid(), newStatus);
    }

    private boolean overTime() {
        return Duration.between(created, Instant.now()).compareTo(maxDuration()) > 0;
    }

    private Duration maxDuration() {
        Integer seconds = setup.script().maxSeconds();
        return seconds == null ? setup.maxDuration() : Duration.ofSeconds(seconds);
    }

    private void pause(Duration length) {
        long deadline = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < deadline && !hangUp && redirectUrl == null && redirectTwiml == null) {
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private void note(String what) {
        Entry entry = new Entry(Instant.now(), what);
        log.add(entry);
        feed.publish(new CallFeed.Item("log", entry.at(), null, what));
        LOG.debugf("%s: %s", setup.callSid(), what);
    }

    /** A REST update: {@code completed}/{@code canceled} ends the call, a URL or TwiML replaces what runs. */
    public void update(String newStatus, String url, String twiml) {
        if (newStatus != null && (newStatus.equals("completed") || newStatus.equals("canceled"))) {
            note("hung up through the REST API");
            hangUp = true;
        } else if (twiml != null) {
            redirectTwiml = twiml;
        } else if (url != null) {
            redirectUrl = url;
        }
    }

    public void observed(Observed event, boolean transcriptTurn) {
        (transcriptTurn ? transcript : events).add(event);
        feed.publish(new CallFeed.Item(transcriptTurn ? "transcript" : "event", event.at(), event.type(),
                event.summary()));
    }

    private Duration duration() {
        Instant from = answeredAt == null ? created : answeredAt;
        return Duration.between(from, endedAt == null ? Instant.now() : endedAt);
    }

    /** The call as it happens, for live views. */
    public CallFeed feed() {
        return feed;
    }

    public Setup setup() {
        return setup;
    }

    public String status() {
        return status;
    }

    public boolean ended() {
        return endedAt != null;
    }

    public List<Entry> log() {
        return List.copyOf(log);
    }

    public List<Observed> events() {
        return List.copyOf(events);
    }

    public List<Observed> transcript() {
        return List.copyOf(transcript);
    }

    /** What the caller heard of the agent so far, including a stream still running. */
    public synchronized byte[] agentAudio() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(agentAudio.toByteArray());
        if (live != null) {
            all.writeBytes(live.played());
        }
        return all.toByteArray();
    }

    /** {@code clear} messages the agent side sent (barge-in), including a stream still running. */
    public synchronized int clears() {
        return clears + (live == null ? 0 : live.received("clear").size());
    }

    public synchronized int marks() {
        return marks + (live == null ? 0 : live.received("mark").size());
    }

    public Instant created() {
        return created;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** A TwiML document and the URL it came from (relative URLs in it resolve against that). */
    record Document(List<Twiml.Verb> verbs, String url) {
        static Document of(String xml, String url) {
            return new Document(Twiml.parse(xml), url);
        }
    }
}
