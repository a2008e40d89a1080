package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.TurnDetection;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.CallAnalysisRequested;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.Command;
import io.aicaller.events.Event;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.TranscriptTurn;
import io.aicaller.events.TransferCall;
import io.aicaller.testkit.media.RealtimeSchemas;
import io.aicaller.testkit.media.RealtimeServerEvents;

/**
 * The call state machine, driven by recorded Twilio messages and model events, with no I/O. Every client event it
 * sends is checked against OpenAI's official schema as it is sent.
 */
class CallSessionTest {

    static final AgentProfile PROFILE = new AgentProfile("support", "gpt-realtime", "Be brief.", "alloy", "Hi!",
            TurnDetection.serverVad(), List.of("end_call", "transfer_call", "send_sms"), null, null,
            AgentProfile.PCMU);
    static final String STREAM = "MZ11111111111111111111111111111111";
    /** 160 bytes of mu-law silence: 20 ms. */
    static final String CHUNK = "/".repeat(212) + "/w==";
    static final String UPDATED_PCMU = updated("audio/pcmu", "audio/pcmu");

    final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    final Recorder out = new Recorder();
    CallSession session;
    long now = 1_000_000;

    static final class Recorder implements Outbox {
        final List<String> twilio = new ArrayList<>();
        final List<String> model = new ArrayList<>();
        final List<Event> published = new ArrayList<>();
        final List<Command> tools = new ArrayList<>();
        final List<String> timers = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final List<String> toolRequests = new ArrayList<>();
        int modelCloses;
        int twilioCloses;

        @Override
        public void toTwilio(String message) {
            twilio.add(message);
        }

        @Override
        public void toModel(String message) {
            model.add(message);
            violations.addAll(RealtimeSchemas.violations(RealtimeSchemas.Side.CLIENT, message));
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
        public void callTool(String callId, AgentDefinition.HttpTool tool, String body) {
            toolRequests.add(callId + " " + tool.name() + " " + body);
        }

        @Override
        public void closeModel() {
            modelCloses++;
        }

        @Override
        public void schedule(String timer, long delayMs) {
            timers.add(timer);
        }

        @Override
        public void closeTwilio() {
            twilioCloses++;
        }

        List<String> modelTypes() {
            return model.stream().map(m -> m.replaceAll(".*?\"type\":\"([^\"]+)\".*", "$1")).toList();
        }

        long count(String type) {
            return modelTypes().stream().filter(type::equals).count();
        }
    }

    @BeforeEach
    void start() throws Exception {
        session = new CallSession(protocol, out, List.of("AAAA", "BBBB"));
        session.start(startMessage(), PROFILE, now);
    }

    @AfterEach
    void everythingSentToTheModelConforms() {
        assertThat(out.violations).isEmpty();
    }

    static TwilioMessage.Start startMessage() throws Exception {
        return (TwilioMessage.Start) TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json")));
    }

    void twilio(String json) throws Exception {
        session.onTwilio(TwilioMessages.parse(json), now);
    }

    /** A server event as the real API sends it: checked against OpenAI's schema before the session sees it. */
    void model(String json) {
        assertThat(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, json)).as(json).isEmpty();
        session.onModel(protocol.parse(json), now);
    }

    /** A server event outside the spec on purpose: the bridge must survive it. */
    void offSpecModel(String json) {
        session.onModel(protocol.parse(json), now);
    }

    /** The session as the API confirms it, with these audio formats in and out. */
    static String updated(String input, String output) {
        com.fasterxml.jackson.databind.node.ObjectNode session = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("type", "realtime");
        com.fasterxml.jackson.databind.node.ObjectNode audio = session.putObject("audio");
        format(audio.putObject("input").putObject("format"), input);
        format(audio.putObject("output").putObject("format"), output);
        return RealtimeServerEvents.sessionUpdated(session);
    }

    static void format(com.fasterxml.jackson.databind.node.ObjectNode format, String type) {
        format.put("type", type);
        if (type.equals(AgentProfile.PCM)) {
            format.put("rate", 24000);
        }
    }

    void confirm() {
        model(UPDATED_PCMU);
    }

    String delta(String item) {
        return RealtimeServerEvents.audioDelta("resp_1", item, CHUNK);
    }

    String mark(String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + STREAM + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    String media() {
        return "{\"event\":\"media\",\"streamSid\":\"" + STREAM + "\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\","
                + "\"payload\":\"" + CHUNK + "\"}}";
    }

    void responseCreated(String id) {
        model(RealtimeServerEvents.responseCreated(id));
    }

    void responseDone(String id) {
        model(RealtimeServerEvents.responseDone(id, "completed"));
    }

    void speechStarted() {
        model(RealtimeServerEvents.speechStarted(900, "item_c"));
    }

    String functionCall(String callId, String name, String argumentsJson) {
        return RealtimeServerEvents.functionCallDone("r", "i_" + callId, callId, name, argumentsJson);
    }

    String lastModel() {
        return out.model.get(out.model.size() - 1);
    }

    @Test
    void startConfiguresTheModelAndAsksForTheGreetingOnlyOnceTheSessionIsConfirmed() {
        assertThat(out.modelTypes()).containsExactly("session.update");
        assertThat(out.model.get(0)).contains("\"event_id\":\"c1\"");
        assertThat(out.timers).containsExactly(CallSession.TIMER_IDLE, CallSession.TIMER_SESSION);
        assertThat(out.published).singleElement().isInstanceOf(CallStreamStarted.class);
        model(RealtimeServerEvents.sessionCreated()); // the API's defaults: 24 kHz PCM
        assertThat(session.confirmed()).isFalse();
        confirm();
        assertThat(session.confirmed()).isTrue();
        assertThat(out.modelTypes()).containsExactly("session.update", "response.create");
        assertThat(lastModel()).contains("Hi!");
    }

    @Test
    void nothingFlowsBeforeTheSessionIsConfirmedAndTheCallersFirstWordsAreKept() throws Exception {
        twilio(media());
        twilio(media());
        model(delta("item_early")); // default-format audio would play as noise
        assertThat(out.twilio).isEmpty();
        assertThat(out.modelTypes()).containsExactly("session.update");
        confirm();
        assertThat(out.modelTypes()).containsExactly("session.update", "input_audio_buffer.append",
                "input_audio_buffer.append", "response.create");
        assertThat(session.counts().framesIn()).isEqualTo(2);
    }

    @Test
    void aRefusedSessionUpdateIsAModelFailureWithTheApologyAndTheReason() throws Exception {
        twilio(media());
        model(RealtimeServerEvents.error("invalid_request_error", "invalid_value", "Invalid value",
                "session.audio.output.format.type", "c1"));
        assertThat(session.failed()).isTrue();
        assertThat(out.modelCloses).isEqualTo(1);
        assertThat(out.modelTypes()).containsExactly("session.update"); // no audio, no response asked
        assertThat(out.twilio).containsExactly(TwilioMessages.clear(STREAM), TwilioMessages.media(STREAM, "AAAA"),
                TwilioMessages.media(STREAM, "BBBB"), TwilioMessages.mark(STREAM, "apology"));
        // The API keeps its defaults and may still speak PCM: none of it reaches the caller.
        model(delta("item_1"));
        assertThat(out.twilio).hasSize(4);
        twilio(mark("apology"));
        assertThat(out.published).filteredOn(HangUpCall.class::isInstance).hasSize(1);
        twilio("{\"event\":\"stop\",\"streamSid\":\"" + STREAM + "\",\"stop\":{}}");
        assertThat(out.published).filteredOn(CallStreamEnded.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((CallStreamEnded) e).reason()).isEqualTo(
                        "model-failed: session refused: invalid_value (session.audio.output.format.type)"));
    }

    @Test
    void aSessionConfirmedInAnotherFormatIsRefusedToo() {
        model(updated("audio/pcmu", "audio/pcm"));
        assertThat(session.failed()).isTrue();
        assertThat(session.confirmed()).isFalse();
        assertThat(out.twilio).contains(TwilioMessages.mark(STREAM, "apology"));
    }

    @Test
    void aModelThatNeverConfirmsFailsOverWhenTheTimerRunsOut() throws Exception {
        session.onTimer(CallSession.TIMER_SESSION, now);
        assertThat(session.failed()).isTrue();
        assertThat(out.timers).endsWith(CallSession.TIMER_APOLOGY);
        session.onTimer(CallSession.TIMER_APOLOGY, now); // Twilio never echoed the apology's mark
        assertThat(out.published).filteredOn(HangUpCall.class::isInstance).hasSize(1);
    }

    @Test
    void aModelThatFailedBeforeTheCallWasKnownStillGetsTheApology() throws Exception {
        Recorder early = new Recorder();
        session = new CallSession(protocol, early, List.of("AAAA"));
        session.onModelFailed("cannot connect: Connection refused", now);
        session.start(startMessage(), PROFILE, now);
        assertThat(early.model).isEmpty();
        assertThat(early.twilio).containsExactly(TwilioMessages.clear(STREAM), TwilioMessages.media(STREAM, "AAAA"),
                TwilioMessages.mark(STREAM, "apology"));
        session.onTwilio(TwilioMessages.parse(mark("apology")), now);
        assertThat(early.published).filteredOn(HangUpCall.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((HangUpCall) e).reason())
                        .isEqualTo("model-failed: cannot connect: Connection refused"));
    }

    @Test
    void callerAudioIsForwardedUntouchedAndModelAudioIsFollowedByMarks() throws Exception {
        confirm();
        twilio(media());
        assertThat(lastModel()).isEqualTo(protocol.appendAudio("c3", CHUNK));
        model(delta("item_1"));
        assertThat(out.twilio).containsExactly(TwilioMessages.media(STREAM, CHUNK), TwilioMessages.mark(STREAM, "m1"));
        assertThat(session.counts().framesIn()).isEqualTo(1);
        assertThat(session.counts().framesOut()).isEqualTo(1);
    }

    @Test
    void bargeInTruncatesAtThePlayedAudioAndIgnoresTheEchoesClearCauses() throws Exception {
        confirm();
        responseCreated("resp_1");
        for (int i = 0; i < 5; i++) {
            model(delta("item_1"));
        }
        twilio(mark("m1"));
        twilio(mark("m2")); // 40 ms played, 100 ms sent
        speechStarted();

        assertThat(out.modelTypes()).endsWith("response.cancel", "conversation.item.truncate");
        assertThat(lastModel()).contains("\"audio_end_ms\":40").contains("item_1");
        assertThat(out.twilio.get(out.twilio.size() - 1)).isEqualTo(TwilioMessages.clear(STREAM));
        int twilioBefore = out.twilio.size();

        // Twilio echoes the flushed marks; they prove nothing was played.
        twilio(mark("m3"));
        twilio(mark("m4"));
        model(delta("item_1")); // late audio of the interrupted item
        assertThat(out.twilio).hasSize(twilioBefore);
        model(RealtimeServerEvents.responseDone("resp_1", "cancelled"));
        assertThat(out.twilio).hasSize(twilioBefore); // nothing new played: no closing mark
        speechStarted();
        assertThat(out.count("conversation.item.truncate")).isEqualTo(1);
        assertThat(out.count("response.cancel")).isEqualTo(1);
        assertThat(session.counts().interruptions()).isEqualTo(1);

        model(RealtimeServerEvents.audioTranscriptDone("resp_1", "item_1", "Sure, I"));
        assertThat(out.published).filteredOn(TranscriptTurn.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((TranscriptTurn) e).interrupted()).isTrue());
    }

    @Test
    void anAgentThatRedactsPublishesTranscriptsWithoutCardNumbersOrPhoneNumbers() throws Exception {
        AgentDefinition definition = AgentRules.parse("""
                {"name": "careful", "instructions": "Take payments.", "redact": ["card-numbers", "phone-numbers"],
                 "analysis": {"summaryPrompt": "What was paid?"}}
                """);
        session = new CallSession(protocol, out, List.of("AAAA", "BBBB"));
        session.start(startMessage(), AgentProfile.forCall(definition, Map.of(), Map.of(), "gpt-realtime",
                name -> Optional.empty()), now);
        confirm();
        model(RealtimeServerEvents.inputTranscriptCompleted("item_c", "It's 4242 4242 4242 4242, call +14155550142"));
        model(RealtimeServerEvents.audioTranscriptDone("resp_1", "item_a", "Thanks, card 4242 4242 4242 4242 noted"));
        assertThat(out.published).filteredOn(TranscriptTurn.class::isInstance)
                .extracting(e -> ((TranscriptTurn) e).text())
                .containsExactly("It's [card number], call [phone number]", "Thanks, card [card number] noted");

        // The call ends: its transcript, redacted too, waits for post-call analysis.
        twilio("{\"event\":\"stop\",\"streamSid\":\"" + STREAM + "\",\"stop\":{}}");
        assertThat(out.published).filteredOn(CallAnalysisRequested.class::isInstance)
                .singleElement()
                .satisfies(e -> {
                    CallAnalysisRequested request = (CallAnalysisRequested) e;
                    assertThat(request.agent()).isEqualTo("careful");
                    assertThat(request.turns()).isEqualTo(2);
                    assertThat(request.transcript()).isEqualTo("caller: It's [card number], call [phone number]\n"
                            + "agent: Thanks, card [card number] noted");
                });
    }

    @Test
    void anAgentWithoutAnalysisAsksForNone() throws Exception {
        model(RealtimeServerEvents.inputTranscriptCompleted("item_c", "Hello"));
        twilio("{\"event\":\"stop\",\"streamSid\":\"" + STREAM + "\",\"stop\":{}}");
        assertThat(out.published).noneMatch(CallAnalysisRequested.class::isInstance);
    }

    @Test
    void bargeInWithTwoItemsQueuedTruncatesEachAtWhatWasHeardOfIt() throws Exception {
        confirm();
        responseCreated("resp_1");
        for (int i = 0; i < 100; i++) {
            model(delta("item_filler")); // 2000 ms
        }
        for (int i = 0; i < 50; i++) {
            model(delta("item_answer")); // 1000 ms more
        }
        twilio(mark("m89")); // the caller is 1780 ms into the filler
        speechStarted();

        List<String> truncations = out.model.stream().filter(m -> m.contains("conversation.item.truncate")).toList();
        assertThat(truncations).hasSize(2);
        assertThat(truncations.get(0)).contains("\"item_id\":\"item_filler\"").contains("\"audio_end_ms\":1780");
        assertThat(truncations.get(1)).contains("\"item_id\":\"item_answer\"").contains("\"audio_end_ms\":0");
        assertThat(out.twilio.get(out.twilio.size() - 1)).isEqualTo(TwilioMessages.clear(STREAM));
        assertThat(session.counts().interruptions()).isEqualTo(1);

        // The next answer starts a fresh span where playback stopped, and its mark proves it played.
        responseDone("resp_1");
        responseCreated("resp_2");
        model(delta("item_next"));
        twilio(mark("m151"));
        speechStarted();
        assertThat(out.model.stream().filter(m -> m.contains("item_next"))).singleElement()
                .satisfies(m -> assertThat(m).contains("\"audio_end_ms\":20"));
    }

    @Test
    void aBargeInAfterEverythingPlayedNeedsNoClear() throws Exception {
        confirm();
        responseCreated("resp_greeting");
        model(delta("item_1"));
        responseDone("resp_greeting");
        twilio(mark("m1"));
        speechStarted();
        assertThat(out.modelTypes()).doesNotContain("conversation.item.truncate", "response.cancel");
        assertThat(out.twilio).doesNotContain(TwilioMessages.clear(STREAM));
    }

    @Test
    void aBargeInWhileTheResponseIsStillRunningMutesItEvenIfNothingIsQueued() throws Exception {
        confirm();
        responseCreated("resp_1");
        model(delta("item_1"));
        twilio(mark("m1"));
        speechStarted();
        assertThat(out.modelTypes()).endsWith("response.cancel", "conversation.item.truncate");
        assertThat(lastModel()).contains("\"audio_end_ms\":20");
        assertThat(out.twilio).doesNotContain(TwilioMessages.clear(STREAM));
        int sent = out.twilio.size();
        model(delta("item_1")); // generated before the cancel reached the model
        assertThat(out.twilio).hasSize(sent);
    }

    @Test
    void anAudioDeltaWithoutAnItemIdPlaysAndBreaksNothing() throws Exception {
        confirm();
        responseCreated("resp_1");
        offSpecModel(
                "{\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_1\",\"delta\":\"" + CHUNK + "\"}");
        assertThat(out.twilio).containsExactly(TwilioMessages.media(STREAM, CHUNK), TwilioMessages.mark(STREAM, "m1"));
        speechStarted();
        assertThat(out.modelTypes()).doesNotContain("conversation.item.truncate");
        assertThat(out.twilio).endsWith(TwilioMessages.clear(STREAM));
    }

    @Test
    void withAMarkIntervalAMarkFollowsEachIntervalAndTheLastChunkOfAResponse() throws Exception {
        Recorder sparse = new Recorder();
        session = new CallSession(protocol, sparse, List.of("AAAA"),
                new SessionSettings(100, 5000, 5000, 10_000, 0));
        session.start(startMessage(), PROFILE, now); // 20 ms chunks: a mark every 5th
        session.onModel(protocol.parse(UPDATED_PCMU), now);
        session.onModel(protocol.parse(RealtimeServerEvents.responseCreated("resp_1")), now);
        for (int i = 0; i < 12; i++) {
            session.onModel(protocol.parse(delta("item_1")), now);
        }
        assertThat(sparse.twilio).filteredOn(m -> m.contains("\"event\":\"mark\""))
                .containsExactly(TwilioMessages.mark(STREAM, "m1"), TwilioMessages.mark(STREAM, "m2"));
        assertThat(sparse.twilio.get(5)).isEqualTo(TwilioMessages.mark(STREAM, "m1")); // after the 5th media
        session.onModel(protocol.parse(RealtimeServerEvents.responseDone("resp_1", "completed")), now);
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
        session = new CallSession(protocol, sparse, List.of("AAAA"),
                new SessionSettings(100, 5000, 5000, 10_000, 0));
        session.start(startMessage(), PROFILE, now);
        session.onModel(protocol.parse(UPDATED_PCMU), now);
        for (int i = 0; i < 3; i++) {
            session.onModel(protocol.parse(delta("item_1")), now);
        }
        assertThat(sparse.twilio).noneMatch(m -> m.contains("\"event\":\"mark\""));
        session.onModel(protocol.parse(RealtimeServerEvents.responseDone("resp_1", "completed")), now);
        session.onTwilio(TwilioMessages.parse(mark("m1")), now);
        session.onModel(protocol.parse(
                "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":900,\"item_id\":\"item_2\"}"), now);
        assertThat(sparse.modelTypes()).doesNotContain("conversation.item.truncate", "response.cancel");
        assertThat(sparse.twilio).doesNotContain(TwilioMessages.clear(STREAM));
    }

    @Test
    void marksThatAreNeverEchoedDoNotAccumulateWithoutBound() throws Exception {
        confirm();
        for (int i = 0; i < CallSession.MAX_PENDING_MARKS + 50; i++) {
            model(delta("item_1"));
        }
        // The newest marks are still known: echoing one proves its audio played.
        twilio(mark("m" + (CallSession.MAX_PENDING_MARKS + 50)));
        responseCreated("r");
        speechStarted();
        assertThat(lastModel()).contains("\"audio_end_ms\":" + (CallSession.MAX_PENDING_MARKS + 50) * 20);
        // The oldest were forgotten: their echo changes nothing.
        twilio(mark("m1"));
    }

    @Test
    void onlyCompletedFunctionCallsRunAndTheirOutcomeReachesTheModel() {
        confirm();
        responseDone("greeting");
        model(RealtimeServerEvents.functionCallDone("r", "i1", "c0", "end_call", "{")
                .replace("\"completed\"",
                        "\"incomplete\""));
        assertThat(out.tools).isEmpty();
        model(functionCall("c1", "send_sms", "{\"body\":\"hi\"}"));
        assertThat(out.tools).singleElement().isInstanceOfSatisfying(MessageSendRequested.class, sms -> {
            assertThat(sms.to()).isEqualTo("+14155550100");
            assertThat(sms.from()).isEqualTo("+14155550199");
            assertThat(sms.callSid()).isEqualTo("CA33333333333333333333333333333333");
        });
        session.onToolResult("c1", out.tools.get(0), null);
        assertThat(out.modelTypes()).endsWith("conversation.item.create", "response.create");
        assertThat(out.model.get(out.model.size() - 2)).contains("requested");

        responseDone("r2");
        model(functionCall("c2", "transfer_call", "{\"to\":\"bob\"}"));
        assertThat(out.tools).hasSize(1);
        assertThat(out.model.get(out.model.size() - 2)).contains("E.164");
    }

    @Test
    void aToolsResultWaitsForTheResponseThatCalledItToFinish() {
        confirm();
        responseDone("greeting");
        responseCreated("resp_tool");
        model(functionCall("c1", "send_sms", "{\"body\":\"hi\"}"));
        session.onToolResult("c1", out.tools.get(0), null); // the broker acknowledged before response.done
        assertThat(out.modelTypes()).endsWith("conversation.item.create");
        long asked = out.count("response.create");
        responseDone("resp_tool");
        assertThat(out.count("response.create")).isEqualTo(asked + 1);
        assertThat(out.modelTypes()).endsWith("response.create");
    }

    @Test
    void aResponseRefusedBecauseAnotherIsActiveIsAskedAgainWhenThatOneIsDone() {
        confirm(); // the greeting's response.create is c2
        model(RealtimeServerEvents.error("invalid_request_error", "conversation_already_has_active_response", "busy",
                null, "c2"));
        assertThat(session.failed()).isFalse();
        assertThat(out.count("response.create")).isEqualTo(1);
        responseCreated("resp_vad");
        responseDone("resp_vad");
        assertThat(out.count("response.create")).isEqualTo(2);
        assertThat(lastModel()).contains("Greet the caller"); // the same request, instructions and all
    }

    @Test
    void aKeypadDigitPressedWhileTheAgentSpeaksIsAnsweredWhenItIsDone() throws Exception {
        confirm();
        responseCreated("resp_greeting");
        model(delta("item_1"));
        twilio("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM + "\",\"dtmf\":{\"digit\":\"1\"}}");
        assertThat(out.modelTypes()).endsWith("conversation.item.create");
        assertThat(out.count("response.create")).isEqualTo(1);
        responseDone("resp_greeting");
        assertThat(out.count("response.create")).isEqualTo(2);

        responseDone("resp_digit");
        twilio("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM + "\",\"dtmf\":{\"digit\":\"2\"}}");
        assertThat(out.modelTypes()).endsWith("conversation.item.create", "response.create");
    }

    @Test
    void endCallHangsUpOnlyAfterTheGoodbyeHasPlayed() throws Exception {
        confirm();
        responseDone("greeting");
        responseCreated("resp_bye");
        for (int i = 0; i < 3; i++) {
            model(delta("item_bye"));
        }
        model(functionCall("c9", "end_call", "{}"));
        assertThat(out.tools).isEmpty();
        assertThat(lastModel()).contains("function_call_output");
        assertThat(out.timers).endsWith(CallSession.TIMER_GOODBYE);
        responseDone("resp_bye");
        assertThat(out.count("response.create")).isEqualTo(1); // only the greeting's: nothing more to say
        twilio(mark("m2"));
        assertThat(out.tools).isEmpty(); // the last 20 ms still playing
        twilio(mark("m3"));
        assertThat(out.tools).singleElement().isInstanceOf(HangUpCall.class);
        session.onTimer(CallSession.TIMER_GOODBYE, now);
        assertThat(out.tools).hasSize(1);
        session.onToolResult("c9", out.tools.get(0), null);
        assertThat(out.count("response.create")).isEqualTo(1);
    }

    @Test
    void endCallHangsUpAnywayWhenTheGoodbyesMarkNeverComesBack() throws Exception {
        confirm();
        responseCreated("resp_bye");
        model(delta("item_bye"));
        model(functionCall("c9", "end_call", "{}"));
        responseDone("resp_bye");
        assertThat(out.tools).isEmpty();
        session.onTimer(CallSession.TIMER_GOODBYE, now);
        assertThat(out.tools).singleElement().isInstanceOf(HangUpCall.class);
    }

    @Test
    void onlySessionExpiryOrARefusedSessionEndsTheModelSessionAndServerFaultsAreTolerated() {
        confirm();
        model(RealtimeServerEvents.error("invalid_request_error", "response_cancel_not_active",
                "Cancellation failed: no active response found"));
        model(RealtimeServerEvents.error("server_error", null, "hiccup"));
        assertThat(session.failed()).isFalse();
        responseDone("r_ok"); // a completed response: the server is fine again
        model(RealtimeServerEvents.error("server_error", null, "hiccup"));
        model(RealtimeServerEvents.error("server_error", null, "hiccup"));
        assertThat(session.failed()).isFalse();
        model(RealtimeServerEvents.error("invalid_request_error", "session_expired",
                "Your session hit the maximum duration of 60 minutes."));
        assertThat(session.failed()).isTrue();
        assertThat(out.twilio).contains(TwilioMessages.mark(STREAM, "apology"));
    }

    @Test
    void serverFaultsThatKeepComingEndTheModelSession() {
        confirm();
        for (int i = 0; i < ModelFailover.MAX_SERVER_ERRORS; i++) {
            model(RealtimeServerEvents.error("server_error", null, "down"));
        }
        assertThat(session.failed()).isTrue();
    }

    @Test
    void aResponseRefusedForAServerFaultIsAskedOnceMore() {
        confirm(); // greeting = c2
        model(RealtimeServerEvents.error("server_error", null, "x", null, "c2"));
        assertThat(out.count("response.create")).isEqualTo(2);
        model(RealtimeServerEvents.error("server_error", null, "x", null, "c3"));
        assertThat(out.count("response.create")).isEqualTo(2);
        assertThat(session.failed()).isFalse();
    }

    @Test
    void withTurnDetectionOffTheBridgeCommitsTheCallersTurnAndAsksForTheAnswer() throws Exception {
        Recorder own = new Recorder();
        session = new CallSession(protocol, own, List.of());
        AgentProfile off = new AgentProfile("off", "gpt-realtime", "x", "alloy", null,
                new TurnDetection("off", null, null, 200, null, null), List.of(), null, null, AgentProfile.PCMU);
        session.start(startMessage(), off, now);
        assertThat(own.model.get(0)).contains("\"turn_detection\":null");
        session.onModel(protocol.parse(UPDATED_PCMU), now);
        // The agent is speaking when the caller starts: the bridge's own detection barges in.
        session.onModel(protocol.parse(RealtimeServerEvents.responseCreated("r1")), now);
        session.onModel(protocol.parse(delta("item_1")), now);
        String loud = java.util.Base64.getEncoder().encodeToString(loudFrame());
        for (int i = 0; i < CallerTurns.FRAMES_TO_START; i++) {
            session.onTwilio(TwilioMessages.parse("{\"event\":\"media\",\"streamSid\":\"" + STREAM
                    + "\",\"media\":{\"payload\":\"" + loud + "\"}}"), now);
        }
        assertThat(own.modelTypes()).contains("response.cancel", "conversation.item.truncate");
        assertThat(own.twilio).endsWith(TwilioMessages.clear(STREAM));
        session.onModel(protocol.parse(RealtimeServerEvents.responseDone("r1", "completed")), now);
        long asked = own.count("response.create");
        for (int i = 0; i < 10; i++) { // 200 ms of silence ends the turn
            session.onTwilio(TwilioMessages.parse("{\"event\":\"media\",\"streamSid\":\"" + STREAM
                    + "\",\"media\":{\"payload\":\"" + CHUNK + "\"}}"), now);
        }
        assertThat(own.modelTypes()).endsWith("input_audio_buffer.append", "input_audio_buffer.commit",
                "response.create");
        assertThat(own.count("response.create")).isEqualTo(asked + 1);
        assertThat(own.violations).isEmpty();
    }

    static byte[] loudFrame() {
        byte[] frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = io.aicaller.bridge.audio.MuLaw.encode((short) (6000 * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
        }
        return frame;
    }

    @Test
    void aFailedModelIsReplacedByTheApologyThenTheCallIsHandedBack() throws Exception {
        confirm();
        out.twilio.clear();
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
        session.start(startMessage(), new AgentProfile("x", "m", "i", "v", null, null, List.of(), "+14155550142",
                null, null), now);
        session.onModelFailed("cannot connect", now);
        session.handBack();
        assertThat(out.published).filteredOn(TransferCall.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((TransferCall) e).to()).isEqualTo("+14155550142"));
    }

    @Test
    void theStreamEndsExactlyOnceWithItsFigures() throws Exception {
        confirm();
        twilio("{\"event\":\"media\",\"streamSid\":\"MZother\",\"media\":{\"payload\":\"AAAA\"}}");
        session.onMalformed();
        model(RealtimeServerEvents.speechStopped(10, "i"));
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
    void aPcmModelGetsTranscodedAudioAndTwilioStillGetsMuLaw() throws Exception {
        out.model.clear();
        out.twilio.clear();
        session = new CallSession(protocol, out, List.of());
        session.start(startMessage(),
                new AgentProfile("pcm", "m", "i", "v", null, null, List.of(), null, null, AgentProfile.PCM), now);
        assertThat(out.model.get(0)).contains("\"type\":\"audio/pcm\"").contains("\"rate\":24000");
        model(updated(AgentProfile.PCM, AgentProfile.PCM));
        assertThat(session.confirmed()).isTrue();
        twilio("{\"event\":\"media\",\"streamSid\":\"" + STREAM + "\",\"media\":{\"payload\":\"" + CHUNK + "\"}}");
        String append = lastModel();
        String pcm = append.substring(append.indexOf("\"audio\":\"") + 9, append.lastIndexOf('"'));
        assertThat(java.util.Base64.getDecoder().decode(pcm)).hasSize(960); // 20 ms at 24 kHz, 16 bit

        model(RealtimeServerEvents.audioDelta("resp_1", "i1", pcm));
        String media = out.twilio.get(0);
        String mulaw = media.substring(media.indexOf("\"payload\":\"") + 11, media.lastIndexOf("\"}}"));
        assertThat(java.util.Base64.getDecoder().decode(mulaw)).hasSize(160);
    }

    @Test
    void aStreamThatGoesSilentIsEndedAndClosed() throws Exception {
        assertThat(out.timers).contains(CallSession.TIMER_IDLE);
        now += 4000;
        twilio(media());
        now += 7000; // 7 s since the last frame: not yet
        session.onTimer(CallSession.TIMER_IDLE, now);
        assertThat(session.ended()).isFalse();
        assertThat(out.timers).filteredOn(CallSession.TIMER_IDLE::equals).hasSize(2);
        now += 3000;
        session.onTimer(CallSession.TIMER_IDLE, now);
        assertThat(session.ended()).isTrue();
        assertThat(out.twilioCloses).isEqualTo(1);
        assertThat(out.modelCloses).isEqualTo(1);
        assertThat(out.published).filteredOn(CallStreamEnded.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((CallStreamEnded) e).reason()).isEqualTo("twilio-silent"));
    }

    @Test
    void aPeerThatStopsReadingEndsItsStreamWithTheReason() {
        session.onTwilioBacklog(now);
        session.onTwilioBacklog(now);
        assertThat(out.twilioCloses).isEqualTo(1);
        assertThat(out.published).filteredOn(CallStreamEnded.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((CallStreamEnded) e).reason()).isEqualTo("twilio-backlog"));
    }
}
