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

    @Test
    void decodesEveryComponentAsTheJdksDecoderDoes() {
        java.util.Random random = new java.util.Random(19);
        String[] pieces = {"a", "Z", "0", "+", "%2B", "%20", "%F0%9F%98%80", "%C3%A9", "%e2%82%ac", "-", "_", ".", "*",
                "%3D", "%26", "%25", "é", "%FF", "%C3"};
        for (int n = 0; n < 2000; n++) {
            StringBuilder value = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            String encoded = value.toString();
            assertThat(FormBody.parse("Name" + n + "=" + encoded))
                    .as(encoded)
                    .containsEntry("Name" + n,
                            java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(FormBody.parse("&&A=1&&B=2&")).containsExactly(java.util.Map.entry("A", "1"),
                java.util.Map.entry("B", "2"));
        assertThat(FormBody.parse("A=1&A=2")).containsEntry("A", "1");
        assertThat(FormBody.parse("Url=https%3A%2F%2Fx.test%2Fa%3Fb%3Dc%26d%3De")).containsEntry("Url",
                "https://x.test/a?b=c&d=e");
        for (String malformed : new String[]{"Body=%", "Body=%2", "Body=abc%G1", "Body=%%41"}) {
            assertThatThrownBy(() -> FormBody.parse(malformed)).as(malformed)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> java.net.URLDecoder.decode(malformed.substring(5),
                    java.nio.charset.StandardCharsets.UTF_8)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
