package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CallStatusesTest {

    private static final List<String> PROGRESS = List.of("queued", "initiated", "ringing", "in-progress", "completed");

    @RepeatedTest(20)
    void shuffledCallbacksEndInTheFurthestStatusAndNeverGoBack(org.junit.jupiter.api.RepetitionInfo repetition) {
        List<String> shuffled = new ArrayList<>(PROGRESS);
        Collections.shuffle(shuffled, new Random(repetition.getCurrentRepetition()));
        String state = null;
        for (String status : shuffled) {
            String next = CallStatuses.advance(state, status);
            assertThat(CallStatuses.rank(next)).isGreaterThanOrEqualTo(CallStatuses.rank(state));
            state = next;
        }
        assertThat(state).isEqualTo("completed");
    }

    @Test
    void aFinalStatusIsNeverLeft() {
        assertThat(CallStatuses.advance("busy", "completed")).isEqualTo("busy");
        assertThat(CallStatuses.advance("no-answer", "ringing")).isEqualTo("no-answer");
        assertThat(CallStatuses.advance("ringing", "canceled")).isEqualTo("canceled");
        assertThat(CallStatuses.isFinal("failed")).isTrue();
        assertThat(CallStatuses.isFinal("in-progress")).isFalse();
    }

    @Test
    void unknownStatusesDoNotOverrideKnownOnes() {
        assertThat(CallStatuses.advance("ringing", "something-new")).isEqualTo("ringing");
        assertThat(CallStatuses.advance(null, "ringing")).isEqualTo("ringing");
    }
}
