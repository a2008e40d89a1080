package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final byte[] KEY = "whsec_test_key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"tool\":\"lookup_order\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAnIndependentHmacOfTimestampDotBody() {
        // Computed with Python's hmac module: hmac.new(key, b'1764633600.' + body, hashlib.sha256).hexdigest()
        assertThat(RequestSignature.sign(KEY, 1764633600L, BODY))
                .isEqualTo("a8230d6ca903fd9bebe28e46dde4716d7e15025e8a9077a4d714dbbbb9d19a5a");
    }

    @Test
    void verifyRefusesOtherBodiesKeysAndOldTimestamps() {
        String signature = RequestSignature.sign(KEY, 1764633600L, BODY);
        assertThat(RequestSignature.verify(KEY, "1764633600", BODY, signature, 1764633700L, 300)).isTrue();
        assertThat(RequestSignature.verify(KEY, "1764633600", BODY, signature, 1764634000L, 300)).isFalse();
        assertThat(RequestSignature.verify(KEY, "1764633601", BODY, signature, 1764633700L, 300)).isFalse();
        assertThat(RequestSignature.verify("other".getBytes(StandardCharsets.UTF_8), "1764633600", BODY, signature,
                1764633700L, 300)).isFalse();
        assertThat(RequestSignature.verify(KEY, "soon", BODY, signature, 1764633700L, 300)).isFalse();
    }
}
