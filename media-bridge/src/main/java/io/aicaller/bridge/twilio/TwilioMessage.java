package io.aicaller.bridge.twilio;

import java.util.List;
import java.util.Map;

/** A message Twilio sends on a Media Stream. */
public sealed interface TwilioMessage {

    record Connected(String protocol, String version) implements TwilioMessage {
    }

    record Start(String streamSid, String callSid, String accountSid, List<String> tracks,
            Map<String, String> customParameters, String encoding, int sampleRate) implements TwilioMessage {
    }

    /** One chunk of caller audio: base64 mu-law, kept encoded so it can be forwarded untouched. */
    record Media(String streamSid, String track, long chunk, long timestampMs,
            String payload) implements TwilioMessage {
    }

    /** Twilio reached a mark we sent: the audio before it has played (or a {@code clear} flushed it). */
    record Mark(String streamSid, String name) implements TwilioMessage {
    }

    record Dtmf(String streamSid, String digit) implements TwilioMessage {
    }

    record Stop(String streamSid, String callSid) implements TwilioMessage {
    }

    /** An event this bridge does not know; counted and ignored. */
    record Unknown(String event) implements TwilioMessage {
    }
}
