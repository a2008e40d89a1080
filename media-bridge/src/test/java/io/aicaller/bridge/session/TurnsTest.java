package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;

/** Whose turn it is, on its own: what goes to the model and to Twilio when the caller or the agent takes it. */
class TurnsTest {

    final CallSessionTest.Recorder out = new CallSessionTest.Recorder();
    final ModelRequests requests = new ModelRequests(new OpenAiRealtimeProtocol(), out);
    final CallFigures figures = new CallFigures();
    final AgentAudio agentAudio = new AgentAudio(out, figures, 100, 0);
    final Turns turns = new Turns(requests, agentAudio, figures);

    {
        agentAudio.start(CallSessionTest.STREAM, null);
    }

    @AfterEach
    void sentOnlyWhatOpenAisSchemaDefines() {
        assertThat(out.violations).isEmpty();
    }

    @Test
    void onlyOneResponseIsAskedForAtATime() {
        turns.want("Greet the caller.");
        turns.ask();
        turns.keypad("5");
        turns.ask(); // the greeting still runs: the keypad's answer waits
        assertThat(out.modelTypes()).containsExactly("response.create", "conversation.item.create");
        turns.responseDone();
        turns.ask();
        assertThat(out.modelTypes()).containsExactly("response.create", "conversation.item.create", "response.create");
        assertThat(out.model.get(1)).contains("keypad key 5");
    }

    @Test
    void theCallerTakesTheTurnFromASpeakingAgent() {
        turns.want(null);
        turns.ask();
        turns.responseCreated();
        agentAudio.play(new ModelEvent.AudioDelta("resp_1", "item_1", 0, CallSessionTest.CHUNK), 1_000);
        turns.keypad("1"); // wanted while the agent speaks: stale once the caller speaks
        assertThat(turns.agentDone()).isFalse();

        turns.callerStarted(1_010);

        assertThat(out.modelTypes()).containsExactly("response.create", "conversation.item.create", "response.cancel",
                "conversation.item.truncate");
        assertThat(out.twilio).last().asString().contains("\"event\":\"clear\"");
        turns.responseDone();
        turns.ask();
        assertThat(out.modelTypes()).containsExactly("response.create", "conversation.item.create", "response.cancel",
                "conversation.item.truncate");
        assertThat(turns.agentDone()).isTrue();
    }

    @Test
    void callerSpeechOverSilenceCancelsNothing() {
        turns.callerStarted(1_000);
        assertThat(out.model).isEmpty();
        assertThat(out.twilio).isEmpty();
    }

    @Test
    void aTurnTheBridgeDetectedIsCommittedAndAnswered() {
        turns.callerFinished(2_000);
        turns.ask();
        assertThat(out.modelTypes()).containsExactly("input_audio_buffer.commit", "response.create");
    }

    @Test
    void aResponseRefusedBecauseAnotherRunsIsAskedAgainAfterIt() {
        turns.want("Say goodbye.");
        turns.ask();
        turns.responseRefused("conversation_already_has_active_response", false, "Say goodbye.");
        turns.ask();
        assertThat(out.modelTypes()).containsExactly("response.create");
        turns.responseDone();
        turns.ask();
        assertThat(out.modelTypes()).containsExactly("response.create", "response.create");
        assertThat(out.model.get(1)).contains("Say goodbye.");
    }
}
