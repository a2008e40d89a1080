package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RedactionTest {

    @Test
    void theCorpusIsRedactedAsExpected() throws IOException {
        JsonNode corpus;
        try (InputStream in = RedactionTest.class.getResourceAsStream("redaction-corpus.json")) {
            corpus = new ObjectMapper().readTree(in);
        }
        Redaction all = Redaction.of(Redaction.KINDS);
        assertThat(corpus.get("cases").size()).isGreaterThan(15);
        for (JsonNode c : corpus.get("cases")) {
            assertThat(all.apply(c.get("text").asText())).as(c.get("text").asText())
                    .isEqualTo(c.get("expected").asText());
        }
    }

    @Test
    void onlyTheKindsAskedForAreRedacted() {
        String text = "Card 4242 4242 4242 4242, mail a@b.io, phone +14155550142";
        assertThat(Redaction.of(java.util.List.of(Redaction.EMAIL_ADDRESSES)).apply(text))
                .isEqualTo("Card 4242 4242 4242 4242, mail [email address], phone +14155550142");
        assertThat(Redaction.NONE.apply(text)).isEqualTo(text);
        assertThat(Redaction.NONE.isActive()).isFalse();
        assertThat(Redaction.luhn("4242424242424242")).isTrue();
        assertThat(Redaction.luhn("4242424242424241")).isFalse();
    }
}
