package io.aicaller.gateway.twilio;

import java.util.Map;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Stream;

/** TwiML documents the gateway answers, built with twilio-java's builders so they are always well-formed. */
public final class Twiml {

    /** Twilio refuses TwiML over 64 kB (error 11750). */
    public static final int MAX_BYTES = 64 * 1024;

    private Twiml() {
    }

    /**
     * {@code <Connect><Stream>}: a bidirectional Media Stream to the bridge. Parameters reach the bridge in
     * {@code start.customParameters}; the stream URL cannot carry a query string.
     */
    public static String connectStream(String streamUrl, String statusCallbackUrl, Map<String, String> parameters) {
        Stream.Builder stream = new Stream.Builder()
                .url(streamUrl)
                .name("ai-agent")
                .statusCallback(statusCallbackUrl)
                .statusCallbackMethod(Stream.StatusCallbackMethod.POST);
        parameters.forEach((name, value) -> {
            if (value != null) {
                stream.parameter(new Parameter.Builder().name(name).value(value).build());
            }
        });
        return new VoiceResponse.Builder()
                .connect(new Connect.Builder().stream(stream.build()).build())
                .build()
                .toXml();
    }

    /** Says {@code prompt} and listens for the caller's speech, posting it to {@code actionUrl}. */
    public static String gatherSpeech(String prompt, String actionUrl, String language) {
        Gather gather = new Gather.Builder()
                .inputs(Gather.Input.SPEECH)
                .action(actionUrl)
                .method(HttpMethod.POST)
                .speechTimeout("auto")
                .language(language(language))
                .actionOnEmptyResult(true)
                .say(new Say.Builder(prompt).build())
                .build();
        return new VoiceResponse.Builder().gather(gather).build().toXml();
    }

    /** Twilio's speech-recognition language for a BCP-47 tag such as {@code en-US}; English (US) if unknown. */
    static Gather.Language language(String tag) {
        for (Gather.Language language : Gather.Language.values()) {
            if (language.toString().equalsIgnoreCase(tag)) {
                return language;
            }
        }
        return Gather.Language.EN_US;
    }

    /** A polite message, then the end of the call. */
    public static String sayAndHangUp(String message) {
        return new VoiceResponse.Builder()
                .say(new Say.Builder(message).build())
                .hangup(new Hangup.Builder().build())
                .build()
                .toXml();
    }

    /** Connects the caller to another number; used to transfer a live call. */
    public static String dial(String number) {
        return new VoiceResponse.Builder()
                .dial(new Dial.Builder(number).build())
                .build()
                .toXml();
    }

    /** The empty answer to an inbound message: no automatic reply. */
    public static String emptyMessagingResponse() {
        return new MessagingResponse.Builder().build().toXml();
    }
}
