package io.aicaller.gateway.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Recording;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import com.twilio.twiml.voice.Stream;

/** TwiML documents the gateway answers, built with twilio-java's builders so they are always well-formed. */
public final class Twiml {

    /** Twilio refuses TwiML over 64 kB (error 11750). */
    public static final int MAX_BYTES = 64 * 1024;

    private Twiml() {
    }

    /** Templates of {@link #connectStream}: literal XML between the parameter values, per URLs and names. */
    private static final Map<String, String[]> STREAM_TEMPLATES = new ConcurrentHashMap<>();
    private static final int MAX_TEMPLATES = 64;
    private static final String MARKER = "__aicaller_value_";

    /**
     * {@code <Connect><Stream>}: a bidirectional Media Stream to the bridge. Parameters reach the bridge in
     * {@code start.customParameters}; the stream URL cannot carry a query string.
     *
     * <p>
     * This answers every call. twilio-java renders through a DOM and a new XML transformer each time (over 100 us),
     * so the document is rendered once per stream URL and parameter names, with markers where the values go, and
     * each call only escapes its values into that template.
     */
    public static String connectStream(String streamUrl, String statusCallbackUrl, Map<String, String> parameters) {
        return connectStream(streamUrl, statusCallbackUrl, parameters, Preamble.NONE);
    }

    /**
     * What Twilio does before the Media Stream: {@code <Say>} an agent's disclosure (so it is heard before anything
     * the model says), {@code <Start><Recording>} to record the call on two channels and report it.
     *
     * @param disclosure null for none
     * @param recordingCallback null records nothing
     */
    public record Preamble(String disclosure, String recordingCallback) {
        public static final Preamble NONE = new Preamble(null, null);
    }

    public static String connectStream(String streamUrl, String statusCallbackUrl, Map<String, String> parameters,
            Preamble preamble) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                names.add(name);
                values.add(value);
            }
        });
        String key = streamUrl + '\n' + statusCallbackUrl + '\n' + preamble + '\n' + String.join("\n", names);
        String[] template = STREAM_TEMPLATES.get(key);
        if (template == null) {
            template = streamTemplate(streamUrl, statusCallbackUrl, names, preamble);
            if (STREAM_TEMPLATES.size() < MAX_TEMPLATES) {
                STREAM_TEMPLATES.put(key, template);
            }
        }
        StringBuilder xml = new StringBuilder(template[0].length() * 2);
        for (int i = 0; i < values.size(); i++) {
            xml.append(template[i]);
            escapeAttribute(values.get(i), xml);
        }
        return xml.append(template[values.size()]).toString();
    }

    private static String[] streamTemplate(String streamUrl, String statusCallbackUrl, List<String> names,
            Preamble preamble) {
        Map<String, String> markers = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            markers.put(names.get(i), MARKER + i + "__");
        }
        String rendered = renderConnectStream(streamUrl, statusCallbackUrl, markers, preamble);
        String[] parts = new String[names.size() + 1];
        int from = 0;
        for (int i = 0; i < names.size(); i++) {
            String marker = MARKER + i + "__";
            int at = rendered.indexOf(marker, from);
            if (at < 0) {
                throw new IllegalStateException("TwiML template lost parameter " + names.get(i));
            }
            parts[i] = rendered.substring(from, at);
            from = at + marker.length();
        }
        parts[names.size()] = rendered.substring(from);
        return parts;
    }

    static void escapeAttribute(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        // As the JDK's serializer writes characters beyond the BMP.
                        out.append("&#").append(Character.toCodePoint(c, value.charAt(++i))).append(';');
                    } else if (c == '\t' || c == '\n' || c == '\r') {
                        // Kept as references: a parser would turn them into spaces in an attribute.
                        out.append("&#").append((int) c).append(';');
                    } else if (!Character.isSurrogate(c) && c >= 0x20) {
                        // XML 1.0 cannot carry other control characters or lone surrogates at all.
                        out.append(c);
                    }
            }
        }
    }

    /** The same document rendered by twilio-java directly; the reference the templates are checked against. */
    static String renderConnectStream(String streamUrl, String statusCallbackUrl, Map<String, String> parameters) {
        return renderConnectStream(streamUrl, statusCallbackUrl, parameters, Preamble.NONE);
    }

    static String renderConnectStream(String streamUrl, String statusCallbackUrl, Map<String, String> parameters,
            Preamble preamble) {
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
        VoiceResponse.Builder response = new VoiceResponse.Builder();
        if (preamble.disclosure() != null) {
            response.say(new Say.Builder(preamble.disclosure()).build());
        }
        if (preamble.recordingCallback() != null) {
            response.start(new Start.Builder()
                    .recording(new Recording.Builder().recordingStatusCallback(preamble.recordingCallback())
                            .recordingStatusCallbackMethod(Recording.RecordingStatusCallbackMethod.POST)
                            .recordingStatusCallbackEvents(List.of(Recording.Event.IN_PROGRESS,
                                    Recording.Event.COMPLETED, Recording.Event.ABSENT))
                            .channels(Recording.Channels.DUAL)
                            .track(Recording.Track.BOTH)
                            .build())
                    .build());
        }
        return response.connect(new Connect.Builder().stream(stream.build()).build()).build().toXml();
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
