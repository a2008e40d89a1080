package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void decodesTwilioForms() {
        assertThat(FormBody.parse("From=%2B14155550100&Body=Hi+there+%F0%9F%98%80&Empty=&Flag"))
                .containsEntry("From", "+14155550100")
                .containsEntry("Body", "Hi there \uD83D\uDE00")
                .containsEntry("Empty", "")
                .containsEntry("Flag", "");
        assertThat(FormBody.parse("")).isEmpty();
    }

    @Test
    void malformedEncodingIsRefused() {
        assertThatThrownBy(() -> FormBody.parse("Body=%ZZ")).isInstanceOf(IllegalArgumentException.class);
    }
}
