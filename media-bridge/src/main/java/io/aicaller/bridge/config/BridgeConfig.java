package io.aicaller.bridge.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /**
     * The public {@code wss://} base URL Twilio connects to, e.g. {@code wss://media.example.com}; the upgrade's
     * signature is checked against it plus the request path.
     */
    Optional<String> publicUrl();

    /** A stream that sends no {@code start} within this time is closed. */
    @WithDefault("5s")
    Duration startTimeout();

    /**
     * How long the model has to confirm the session as configured ({@code session.updated} with the audio formats
     * asked for). Until then no audio flows either way; past it the caller hears the apology and is handed back.
     */
    @WithDefault("10s")
    Duration modelSessionTimeout();

    /** After the agent's {@code end_call}, the longest wait for its goodbye to play before the call is hung up. */
    @WithDefault("15s")
    Duration goodbyeTimeout();

    /**
     * A stream that sends no media this long after {@code start} is ended (reason {@code twilio-silent}): Twilio
     * sends media continuously, silence included, so a silent stream is a dead or hostile peer holding a billed model
     * session open.
     */
    @WithDefault("10s")
    Duration twilioIdleTimeout();

    /**
     * What may wait to be written to one Media Stream when its peer stops reading (bytes beyond the kernel's socket
     * buffer). Past it the stream is ended (reason {@code twilio-backlog}) instead of buffered without limit.
     */
    @WithDefault("1M")
    MemorySize twilioMaxBacklog();

    /**
     * Media Stream upgrades accepted per second, on average and at once; beyond, an attempt gets 503 before any
     * signature work, so a burst of attempts takes a bounded share of the event loops that carry live calls.
     */
    @WithDefault("100")
    int maxUpgradesPerSecond();

    /** Accepted streams that have not sent {@code start} yet; beyond, new upgrades get 503. */
    @WithDefault("64")
    int maxPendingStarts();

    /** Calls are ended at this length; keep it under the model's session limit. */
    @WithDefault("55m")
    Duration maxCallDuration();

    /** On shutdown, live calls may continue this long before they are ended. */
    @WithDefault("30s")
    Duration drainGrace();

    /**
     * How much model audio a Twilio mark may follow: 0 for a mark after every chunk; e.g. 100ms for a mark once per
     * 100 ms of audio and after each response's last chunk. Marks are what barge-in measures the played audio by: a
     * longer interval sends fewer messages both ways on every call, and a barge-in's truncation may then fall up to
     * one interval short of what the caller heard.
     */
    @WithDefault("0ms")
    Duration markInterval();

    /**
     * Caller audio gathered into one {@code input_audio_buffer.append}: 20ms (or less) sends each of Twilio's frames
     * alone. Longer batches send fewer, larger messages to the model (and, from a model that answers in kind, fewer
     * back), and delay the caller's audio at the model by up to one batch: its speech detection, so barge-in and the
     * end of the caller's turn, hear the caller that much later. 40ms (measured in bench/README): 3.5 messages per
     * 20 ms frame through the bridge instead of 6, about half its CPU, for up to 20 ms later at the model.
     */
    @WithDefault("40ms")
    Duration inputBatch();

    /** Requests to the agents' HTTP tools and call-start webhooks. */
    Tools tools();

    /**
     * Before it reports Ready, a fresh bridge runs calls through itself (its own Media Streams endpoint, the session,
     * the model client) against a model on loopback, so the JIT has compiled the frame path before the first
     * caller's audio depends on it. Nothing of it is published or counted.
     */
    Warmup warmup();

    interface Warmup {
        /** Calls run at once; 0 turns the warm-up off (readiness then passes at once). */
        @WithDefault("16")
        int calls();

        /** How long each call sends frames (every 2 ms: ten times Twilio's pace). */
        @WithDefault("3s")
        Duration duration();

        /** The longest the warm-up holds readiness back, compilation it queued included. */
        @WithDefault("12s")
        Duration timeout();
    }

    interface Tools {
        /** Answers larger than this are refused (outcome {@code too-large}): the model's context is not a dump. */
        @WithDefault("16K")
        MemorySize maxResponseSize();

        /** Connections kept open to tool endpoints, per event loop. */
        @WithDefault("32")
        int maxConnections();
    }

    /** The profile used when the stream names none or an unknown one. */
    @WithDefault("default")
    String defaultProfile();

    /** Agent profiles by name; every field has a default, so an unknown name gets the defaults. */
    @WithDefaults
    Map<String, Profile> profiles();

    interface Profile {
        @WithDefault("gpt-realtime")
        String model();

        @WithDefault("You are a friendly phone assistant. Keep answers short and spoken. Use the tools when asked to"
                + " send a text message, transfer the call or end it.")
        String instructions();

        @WithDefault("alloy")
        String voice();

        @WithDefault("Hello! How can I help you today?")
        Optional<String> greeting();

        /**
         * {@code server_vad}, {@code semantic_vad} or {@code off} ({@code turn_detection: null}: the bridge tells
         * the caller's turns by loudness, commits them and asks for the answer).
         */
        @WithDefault("server_vad")
        String turnDetection();

        /** server_vad: 0..1, how loud speech must be (the API's default when unset: 0.5). */
        Optional<Double> vadThreshold();

        /** server_vad: audio kept before detected speech (default 300 ms). */
        Optional<Duration> vadPrefixPadding();

        /** server_vad, and off: silence that ends the caller's turn (default 500 ms). */
        Optional<Duration> vadSilenceDuration();

        /** server_vad: 5s..30s of silence after which the model speaks up (unset: never). */
        Optional<Duration> vadIdleTimeout();

        /** semantic_vad: low, medium, high or auto (default auto). */
        Optional<String> vadEagerness();

        @WithDefault("end_call,transfer_call,send_sms")
        List<String> tools();

        /** Where calls go when the model fails; without it they are hung up after the apology. */
        Optional<String> fallbackNumber();

        @WithDefault("gpt-4o-mini-transcribe")
        Optional<String> transcriptionModel();

        /** {@code audio/pcmu}: Twilio's mu-law passes through; {@code audio/pcm}: transcoded to 24 kHz PCM16. */
        @WithDefault("audio/pcmu")
        String audioFormat();
    }
}
