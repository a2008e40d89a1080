package io.aicaller.messaging.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class SendRulesTest {

    static final String TO = "+14155550100";
    static final String FROM = "+14155550199";

    static String reason(String to, String from, String service, String body, List<String> media) {
        return SendRules.check(to, from, service, body, media).map(SendRules.Problem::reason).orElse("ok");
    }

    @Test
    void aValidSmsOrMmsPasses() {
        assertThat(reason(TO, FROM, null, "hi", List.of())).isEqualTo("ok");
        assertThat(reason(TO, null, "MG" + "a".repeat(32), "hi", null)).isEqualTo("ok");
        assertThat(reason(TO, FROM, null, null, List.of("https://cdn.example.com/a.jpg"))).isEqualTo("ok");
        assertThat(reason(TO, "ACME", null, "hi", List.of())).isEqualTo("ok");
        assertThat(reason(TO, FROM, null, "x".repeat(1600), List.of())).isEqualTo("ok");
        assertThat(reason(TO, FROM, null, "👍".repeat(1600), List.of())).isEqualTo("ok");
    }

    @Test
    void refusesBadNumbers() {
        assertThat(reason("4155550100", FROM, null, "hi", null)).isEqualTo("invalid-number");
        assertThat(reason("+1415", FROM, null, "hi", null)).isEqualTo("invalid-number");
        assertThat(reason(null, FROM, null, "hi", null)).isEqualTo("invalid-number");
        assertThat(reason(TO, "+1", null, "hi", null)).isEqualTo("invalid-sender");
        assertThat(reason(TO, "this sender is too long", null, "hi", null)).isEqualTo("invalid-sender");
        assertThat(reason(TO, null, "MG123", "hi", null)).isEqualTo("invalid-sender");
        assertThat(reason(TO, null, null, "hi", null)).isEqualTo("no-sender");
    }

    @Test
    void refusesEmptyAndOversizeBodies() {
        assertThat(reason(TO, FROM, null, "", List.of())).isEqualTo("invalid-body");
        assertThat(reason(TO, FROM, null, "   ", null)).isEqualTo("invalid-body");
        assertThat(SendRules.check(TO, FROM, null, "x".repeat(1601), null).orElseThrow().message())
                .contains("1601")
                .contains("1600");
    }

    @Test
    void refusesTooManyOrInsecureMediaUrls() {
        List<String> eleven = Collections.nCopies(11, "https://cdn.example.com/a.jpg");
        assertThat(reason(TO, FROM, null, "hi", eleven)).isEqualTo("invalid-media");
        assertThat(reason(TO, FROM, null, "hi", eleven.subList(0, 10))).isEqualTo("ok");
        assertThat(SendRules.check(TO, FROM, null, "hi", List.of("http://cdn.example.com/a.jpg"))
                .orElseThrow()
                .message()).contains("https");
        assertThat(reason(TO, FROM, null, "hi", List.of("not a url"))).isEqualTo("invalid-media");
        assertThat(reason(TO, FROM, null, "hi", List.of("https:///a.jpg"))).isEqualTo("invalid-media");
    }
}
