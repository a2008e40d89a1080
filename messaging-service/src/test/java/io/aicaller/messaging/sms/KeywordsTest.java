package io.aicaller.messaging.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aicaller.messaging.sms.Keywords.Meaning;

class KeywordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop\n", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT", "revoke",
            "OptOut"})
    void stopFamilyOptsOut(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Meaning.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "yes", " unstop "})
    void startFamilyOptsIn(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Meaning.OPT_IN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "info"})
    void helpIsRecognisedButActsOnNothing(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Meaning.HELP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP PLEASE", "please stop", "stopp", "S T O P", "", "Yes please", "STOP."})
    void onlyASingleKeywordCounts(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Meaning.NONE);
    }

    @org.junit.jupiter.api.Test
    void nullIsAnOrdinaryMessage() {
        assertThat(Keywords.of(null)).isEqualTo(Meaning.NONE);
        assertThat(Keywords.normalized("  stop ")).isEqualTo("STOP");
    }
}
