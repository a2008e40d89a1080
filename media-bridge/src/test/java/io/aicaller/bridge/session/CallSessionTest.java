package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.Command;
import io.aicaller.events.Event;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.TranscriptTurn;
import io.aicaller.events.TransferCall;

/** The call state machine, driven by recorded Twilio messages and model events, with no I/O. */
class CallSessionTest {

    static final AgentProfile PROFILE = new AgentProfile("support", "gpt-realtime", "Be brief.", "alloy", "Hi!",
            "server_vad", List.of("end_call", "transfer_call", "send_sms"), null, null, AgentProfile.PCMU);
    static final String STREAM = "MZ11111111111111111111111111111111";
    /** 160 bytes of mu-law silence: 20 ms. */
    static final String CHUNK = "/".repeat(212) + "/w==";

    final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    final Recorder out = new Recorder();
    CallSession session;
    long now = 1_000_000;

    static final class Recorder implements Outbox {
        final List<String> twilio = new ArrayList<>();
        final List<String> model = new ArrayList<>();
        final List<Event> published = new ArrayList<>();
        final List<Command> tools = new ArrayList<>();
        int modelCloses;
        int twilioCloses;

        @Override
        public void toTwilio(String message) {
            twilio.add(message);
        }

        @Override
        public void toModel(String message) {
            model.add(message);
        }

        @Override
        public void publish(Event event, String... idParts) {
            published.add(event);
        }

        @Override
        public void runTool(String callId, Command command) {
            tools.add(command);
        }

        @Override
        public void closeModel() {
            modelCloses++;
        }

        @Override
        public void closeTwilio() {
            twilioCloses++;
        }

        List<String> modelTypes() {
            return model.stream().map(m -> m.replaceAll(".*?\"type\":\"([^\"]+)\".*", "$1")).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        session = new CallSession(protocol, out, List.of("AAAA", "BBBB"));
        TwilioMessage.Start start = (TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json")));
        session.start(start, PROFILE, now);
    }

    void twilio(String json) throws Exception {
        session.onTwilio(TwilioMessages.parse(json), now);
    }

    void model(String json) {
        session.onModel(protocol.parse(json), now);
    }

    String delta(String item) {
        return "{\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_1\",\"item_id\":\"" + item
                + "\",\"content_index\":0,\"delta\":\"" + CHUNK + "\"}";
    }

    String mark(String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + STREAM + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    @Test
    void startConfiguresTheModelAsksForTheGreetingAndAnnouncesTheStream() {
        assertThat(out.modelTypes()).containsExactly("session.update", "response.create");
        assertThat(out.model.get(1)).contains("Hi!");
        assertThat(out.published).singleElement().isInstanceOf(CallStreamStarted.class);
    }

    @Test
    void callerAudioIsForwardedUntouchedAndModelAudioIsFollowedByMarks() throws Exception {
        twilio("{\"event\":\"media\",\"streamSid\":\"" + STREAM + "\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\","
                + "\"payload\":\"" + CHUNK + "\"}}");
        assertThat(out.model.get(2)).isEqualTo(protocol.appendAudio(CHUNK));
        model(delta("item_1"));
        assertThat(out.twilio).containsExactly(TwilioMessages.media(STREAM, CHUNK), TwilioMessages.mark(STREAM, "m1"));
        assertThat(session.framesIn()).isEqualTo(1);
        assertThat(session.framesOut()).isEqualTo(1);
    }

    @Test
    void bargeInTruncatesAtThePlayedAudioAndIgnoresTheEchoesClearCauses() throws Exception {
        model("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}");
        for (int i = 0; i < 5; i++) {
            model(delta("item_1"));
        }
        twilio(mark("m1"));
        twilio(mark("m2")); // 40 ms played, 100 ms sent
        model("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}");

        assertThat(out.modelTypes()).endsWith("response.cancel", "conversation.item.truncate");
        assertThat(out.model.get(out.model.size() - 1)).contains("\"audio_end_ms\":40").contains("item_1");
        assertThat(out.twilio.get(out.twilio.size() - 1)).isEqualTo(TwilioMessages.clear(STREAM));
        int twilioBefore = out.twilio.size();

        // Twilio echoes the flushed marks; they prove nothing was played.
        twilio(mark("m3"));
        twilio(mark("m4"));
        model(delta("item_1")); // late audio of the interrupted item
        assertThat(out.twilio).hasSize(twilioBefore);
        model("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"cancelled\"}}");
        model("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":950,\"item_id\":\"item_3\"}");
        assertThat(out.modelTypes().stream().filter(t -> t.equals("conversation.item.truncate"))).hasSize(1);
        assertThat(out.modelTypes().stream().filter(t -> t.equals("response.cancel"))).hasSize(1);
        assertThat(session.interruptions()).isEqualTo(1);

        model("{\"type\":\"response.output_audio_transcript.done\",\"item_id\":\"item_1\",\"transcript\":\"Sure, I\"}");
        assertThat(out.published).filteredOn(TranscriptTurn.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((TranscriptTurn) e).interrupted()).isTrue());
    }

    @Test
    void aBargeInAfterEverythingPlayedNeedsNoClear() throws Exception {
        model(delta("item_1"));
        twilio(mark("m1"));
        model("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}");
        assertThat(out.modelTypes()).doesNotContain("conversation.item.truncate", "response.cancel");
        assertThat(out.twilio).doesNotContain(TwilioMessages.clear(STREAM));
    }

    @Test
    void aBargeInWhileTheResponseIsStillRunningMutesItEvenIfNothingIsQueued() throws Exception {
        model("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}");
        model(delta("item_1"));
        twilio(mark("m1"));
        model("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}");
        assertThat(out.modelTypes()).endsWith("response.cancel", "conversation.item.truncate");
        assertThat(out.model.get(out.model.size() - 1)).contains("\"audio_end_ms\":20");
        assertThat(out.twilio).doesNotContain(TwilioMessages.clear(STREAM));
        int sent = out.twilio.size();
        model(delta("item_1")); // generated before the cancel reached the model
        assertThat(out.twilio).hasSize(sent);
    }

    @Test
    void withAMarkIntervalAMarkFollowsEachIntervalAndTheLastChunkOfAResponse() throws Exception {
        Recorder sparse = new Recorder();
        session = new CallSession(protocol, sparse, List.of("AAAA"), 100); // 20 ms chunks: a mark every 5th
        session.start((TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json"))), PROFILE, now);
        session.onModel(protocol.parse("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}"), now);
        for (int i = 0; i < 12; i++) {
            session.onModel(protocol.parse(delta("item_1")), now);
        }
        assertThat(sparse.twilio).filteredOn(m -> m.contains("\"event\":\"mark\""))
                .containsExactly(TwilioMessages.mark(STREAM, "m1"), TwilioMessages.mark(STREAM, "m2"));
        assertThat(sparse.twilio.get(5)).isEqualTo(TwilioMessages.mark(STREAM, "m1")); // after the 5th media
        session.onModel(protocol.parse("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\"}}"), now);
        assertThat(sparse.twilio.get(sparse.twilio.size() - 1)).isEqualTo(TwilioMessages.mark(STREAM, "m3"));

        // m2 proves 200 ms played; a barge-in truncates there (the interval's granularity), with a clear.
        session.onTwilio(TwilioMessages.parse(mark("m2")), now);
        session.onModel(protocol.parse(
                "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}"), now);
        assertThat(sparse.model.get(sparse.model.size() - 1)).contains("\"audio_end_ms\":200");
        assertThat(sparse.twilio.get(sparse.twilio.size() - 1)).isEqualTo(TwilioMessages.clear(STREAM));
    }

    @Test
    void withAMarkIntervalTheResponsesLastMarkShowsItAllPlayed() throws Exception {
        Recorder sparse = new Recorder();
        session = new CallSession(protocol, sparse, List.of("AAAA"), 100);
        session.start((TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json"))), PROFILE, now);
        for (int i = 0; i < 3; i++) {
            session.onModel(protocol.parse(delta("item_1")), now);
        }
        assertThat(sparse.twilio).noneMatch(m -> m.contains("\"event\":\"mark\""));
        session.onModel(protocol.parse("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\"}}"), now);
        session.onTwilio(TwilioMessages.parse(mark("m1")), now);
        session.onModel(protocol.parse(
                "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}"), now);
        assertThat(sparse.modelTypes()).doesNotContain("conversation.item.truncate", "response.cancel");
        assertThat(sparse.twilio).doesNotContain(TwilioMessages.clear(STREAM));
    }

    @Test
    void marksThatAreNeverEchoedDoNotAccumulateWithoutBound() throws Exception {
        for (int i = 0; i < CallSession.MAX_PENDING_MARKS + 50; i++) {
            model(delta("item_1"));
        }
        // The newest marks are still known: echoing one proves its audio played.
        twilio(mark("m" + (CallSession.MAX_PENDING_MARKS + 50)));
        model("{\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}");
        model("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":1,\"item_id\":\"x\"}");
        assertThat(out.model.get(out.model.size() - 1))
                .contains("\"audio_end_ms\":" + (CallSession.MAX_PENDING_MARKS + 50) * 20);
        // The oldest were forgotten: their echo changes nothing.
        twilio(mark("m1"));
    }

    @Test
    void onlyCompletedFunctionCallsRunAndTheirOutcomeReachesTheModel() {
        model("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"i1\",\"type\":\"function_call\","
                + "\"status\":\"incomplete\",\"name\":\"end_call\",\"call_id\":\"c0\",\"arguments\":\"{\"}}");
        assertThat(out.tools).isEmpty();
        model("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"i2\",\"type\":\"function_call\","
                + "\"status\":\"completed\",\"name\":\"send_sms\",\"call_id\":\"c1\",\"arguments\":\"{\\\"body\\\":\\\"hi\\\"}\"}}");
        assertThat(out.tools).singleElement().isInstanceOfSatisfying(MessageSendRequested.class, sms -> {
            assertThat(sms.to()).isEqualTo("+14155550100");
            assertThat(sms.from()).isEqualTo("+14155550199");
            assertThat(sms.callSid()).isEqualTo("CA33333333333333333333333333333333");
        });
        session.onToolResult("c1", out.tools.get(0), null);
        assertThat(out.modelTypes()).endsWith("conversation.item.create", "response.create");
        assertThat(out.model.get(out.model.size() - 2)).contains("requested");

        model("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"i3\",\"type\":\"function_call\","
                + "\"status\":\"completed\",\"name\":\"transfer_call\",\"call_id\":\"c2\",\"arguments\":\"{\\\"to\\\":\\\"bob\\\"}\"}}");
        assertThat(out.tools).hasSize(1);
        assertThat(out.model.get(out.model.size() - 2)).contains("E.164");
    }

    @Test
    void aFailedModelIsReplacedByTheApologyThenTheCallIsHandedBack() throws Exception {
        session.onModelFailed("dropped", now);
        assertThat(out.twilio).containsExactly(TwilioMessages.clear(STREAM), TwilioMessages.media(STREAM, "AAAA"),
                TwilioMessages.media(STREAM, "BBBB"), TwilioMessages.mark(STREAM, "apology"));
        assertThat(out.modelCloses).isEqualTo(1);
        twilio(mark("apology"));
        twilio(mark("apology"));
        session.handBack();
        assertThat(out.published).filteredOn(HangUpCall.class::isInstance).hasSize(1);
        twilio("{\"event\":\"stop\",\"streamSid\":\"" + STREAM + "\",\"stop\":{}}");
        assertThat(out.published).filteredOn(CallStreamEnded.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((CallStreamEnded) e).reason()).isEqualTo("model-failed: dropped"));
    }

    @Test
    void aProfileWithAFallbackNumberTransfersInstead() throws Exception {
        session = new CallSession(protocol, out, List.of());
        session.start((TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json"))),
                new AgentProfile("x", "m", "i", "v", null, "server_vad", List.of(), "+14155550142", null, null), now);
        session.onModelFailed("cannot connect", now);
        session.handBack();
        assertThat(out.published).filteredOn(TransferCall.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((TransferCall) e).to()).isEqualTo("+14155550142"));
    }

    @Test
    void theStreamEndsExactlyOnceWithItsFigures() throws Exception {
        twilio("{\"event\":\"media\",\"streamSid\":\"MZother\",\"media\":{\"payload\":\"AAAA\"}}");
        session.onMalformed();
        model("{\"type\":\"input_audio_buffer.speech_stopped\",\"audio_end_ms\":10,\"item_id\":\"i\"}");
        now += 380;
        model(delta("item_9"));
        now += 1000;
        twilio("{\"event\":\"stop\",\"streamSid\":\"" + STREAM + "\",\"stop\":{}}");
        session.onTwilioClosed(now);
        session.onMaxDuration(now);
        List<CallStreamEnded> ended = out.published.stream()
                .filter(CallStreamEnded.class::isInstance)
                .map(CallStreamEnded.class::cast)
                .toList();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("stop");
            assertThat(e.durationMs()).isEqualTo(1380);
            assertThat(e.framesDropped()).isEqualTo(2);
            assertThat(e.turnLatenciesMs()).containsExactly(380L);
        });
        assertThat(out.twilioCloses).isZero();
    }

    @Test
    void keypadDigitsBecomeCallerTextAndARequestForAnAnswer() throws Exception {
        twilio("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM + "\",\"dtmf\":{\"digit\":\"1\"}}");
        assertThat(out.modelTypes()).endsWith("conversation.item.create", "response.create");
        model("{\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}");
        twilio("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM + "\",\"dtmf\":{\"digit\":\"2\"}}");
        assertThat(out.modelTypes()).endsWith("response.create", "conversation.item.create");
    }

    @Test
    void aPcmModelGetsTranscodedAudioAndTwilioStillGetsMuLaw() throws Exception {
        out.model.clear();
        out.twilio.clear();
        session = new CallSession(protocol, out, List.of());
        session.start((TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json"))),
                new AgentProfile("pcm", "m", "i", "v", null, "server_vad", List.of(), null, null, AgentProfile.PCM),
                now);
        assertThat(out.model.get(0)).contains("\"type\":\"audio/pcm\"").contains("\"rate\":24000");
        twilio("{\"event\":\"media\",\"streamSid\":\"" + STREAM + "\",\"media\":{\"payload\":\"" + CHUNK + "\"}}");
        String append = out.model.get(out.model.size() - 1);
        String pcm = append.substring(append.indexOf("\"audio\":\"") + 9, append.lastIndexOf('"'));
        assertThat(java.util.Base64.getDecoder().decode(pcm)).hasSize(960); // 20 ms at 24 kHz, 16 bit

        model("{\"type\":\"response.output_audio.delta\",\"item_id\":\"i1\",\"content_index\":0,\"delta\":\"" + pcm
                + "\"}");
        String media = out.twilio.get(0);
        String mulaw = media.substring(media.indexOf("\"payload\":\"") + 11, media.lastIndexOf("\"}}"));
        assertThat(java.util.Base64.getDecoder().decode(mulaw)).hasSize(160);
    }

    @Test
    void routineModelErrorsAreNotFatalButServerErrorsAre() {
        model("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"response_cancel_not_active\"}}");
        assertThat(session.failed()).isFalse();
        model("{\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"code\":\"internal\"}}");
        assertThat(session.failed()).isTrue();
    }
}
