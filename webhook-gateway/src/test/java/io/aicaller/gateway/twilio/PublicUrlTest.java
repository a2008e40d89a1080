package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublicUrlTest {

    private static final PublicUrl.Origin VIA_PROXY = new PublicUrl.Origin("http", "10.0.0.7:8080", "10.0.0.2",
            "https", "voice.example.com, internal.example");

    @Test
    void theConfiguredBaseUrlWinsOverEverythingTheRequestSays() {
        assertThat(PublicUrl.of(Optional.of("https://voice.example.com/"), VIA_PROXY, Set.of("10.0.0.2")::contains,
                "/webhooks/twilio/voice?x=1")).isEqualTo("https://voice.example.com/webhooks/twilio/voice?x=1");
    }

    @Test
    void forwardedHeadersCountOnlyFromTrustedProxies() {
        assertThat(PublicUrl.of(Optional.empty(), VIA_PROXY, Set.of("10.0.0.2")::contains, "/p"))
                .isEqualTo("https://voice.example.com/p");
        assertThat(PublicUrl.of(Optional.empty(), VIA_PROXY, Set.of("10.0.0.3")::contains, "/p"))
                .isEqualTo("http://10.0.0.7:8080/p");
        assertThat(PublicUrl.of(Optional.empty(), VIA_PROXY, a -> false, "/p")).isEqualTo("http://10.0.0.7:8080/p");
    }

    @Test
    void webSocketUrlsMirrorTheirHttpScheme() {
        assertThat(PublicUrl.asWebSocket("https://media.example.com/x")).isEqualTo("wss://media.example.com/x");
        assertThat(PublicUrl.asWebSocket("http://localhost:8081")).isEqualTo("ws://localhost:8081");
    }
}
