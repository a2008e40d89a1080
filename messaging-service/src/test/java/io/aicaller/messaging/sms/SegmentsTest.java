package io.aicaller.messaging.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.aicaller.messaging.sms.Segments.Encoding;

class SegmentsTest {

    @Test
    void plainTextIsGsm7UpTo160InOnePart() {
        assertThat(Segments.of("Hello, your table is ready.")).isEqualTo(new Segments(Encoding.GSM_7, 1, 27));
        assertThat(Segments.of("a".repeat(160))).isEqualTo(new Segments(Encoding.GSM_7, 1, 160));
        assertThat(Segments.of("a".repeat(161))).isEqualTo(new Segments(Encoding.GSM_7, 2, 161));
    }

    @Test
    void concatenatedGsm7PartsHold153() {
        assertThat(Segments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(Segments.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(Segments.of("a".repeat(459)).segments()).isEqualTo(3);
        assertThat(Segments.of("a".repeat(1530)).segments()).isEqualTo(10);
    }

    @Test
    void extensionCharactersCountDouble() {
        for (char c : "{}[]~^|€\\".toCharArray()) {
            assertThat(Segments.of(String.valueOf(c))).as("%s", c).isEqualTo(new Segments(Encoding.GSM_7, 1, 2));
        }
        assertThat(Segments.of("{}[]~^|€")).isEqualTo(new Segments(Encoding.GSM_7, 1, 16));
        // 80 euro signs are exactly 160 septets: one part; one more character makes it two.
        assertThat(Segments.of("€".repeat(80))).isEqualTo(new Segments(Encoding.GSM_7, 1, 160));
        assertThat(Segments.of("€".repeat(80) + "a")).isEqualTo(new Segments(Encoding.GSM_7, 2, 161));
    }

    @Test
    void anEscapeSequenceIsNeverSplitAcrossParts() {
        // 152 septets then '€' (2): 154 septets fit 153 per part only if the escape moves to the second part.
        Segments split = Segments.of("a".repeat(152) + "€" + "a".repeat(10));
        assertThat(split.units()).isEqualTo(164);
        assertThat(split.segments()).isEqualTo(2);
        // 152 + '€' + 153 more: the '€' opens part two, which then overflows into a third.
        assertThat(Segments.of("a".repeat(152) + "€" + "a".repeat(152)).segments()).isEqualTo(3);
        assertThat(Segments.of("a".repeat(153) + "€" + "a".repeat(151)).segments()).isEqualTo(2);
    }

    @Test
    void the153And154Boundary() {
        assertThat(Segments.of("a".repeat(153)).segments()).isEqualTo(1);
        assertThat(Segments.of("a".repeat(154)).segments()).isEqualTo(1);
        assertThat(Segments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(Segments.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void greekCapitalsOfTheGsmAlphabetStayGsm7() {
        assertThat(Segments.of("ΔΦΓΛΩΠΨΣΘΞ")).isEqualTo(new Segments(Encoding.GSM_7, 1, 10));
        // Capital alpha looks like 'A' but is not in the GSM alphabet.
        assertThat(Segments.of("ΑΒΓ").encoding()).isEqualTo(Encoding.UCS_2);
    }

    @Test
    void anyOtherCharacterMakesTheWholeBodyUcs2() {
        assertThat(Segments.of("Café ç")).isEqualTo(new Segments(Encoding.UCS_2, 1, 6));
        assertThat(Segments.of("a".repeat(70) + "ç").segments()).isEqualTo(2);
        assertThat(Segments.of("ç".repeat(70))).isEqualTo(new Segments(Encoding.UCS_2, 1, 70));
        assertThat(Segments.of("ç".repeat(71))).isEqualTo(new Segments(Encoding.UCS_2, 2, 71));
        assertThat(Segments.of("ç".repeat(134)).segments()).isEqualTo(2);
        assertThat(Segments.of("ç".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void emojiTakeTwoUnitsAndAreNeverSplit() {
        assertThat(Segments.of("👍")).isEqualTo(new Segments(Encoding.UCS_2, 1, 2));
        assertThat(Segments.of("👍".repeat(35))).isEqualTo(new Segments(Encoding.UCS_2, 1, 70));
        assertThat(Segments.of("👍".repeat(36))).isEqualTo(new Segments(Encoding.UCS_2, 2, 72));
        // 66 units then an emoji: the pair would straddle 67, so it opens part two.
        assertThat(Segments.of("ç".repeat(66) + "👍" + "ç".repeat(66)).segments()).isEqualTo(3);
        assertThat(Segments.of("ç".repeat(67) + "👍" + "ç".repeat(65)).segments()).isEqualTo(2);
    }

    @Test
    void emptyBodiesTakeNoSegments() {
        assertThat(Segments.of("")).isEqualTo(new Segments(Encoding.GSM_7, 0, 0));
        assertThat(Segments.of(null).segments()).isZero();
    }

    @Test
    void newlinesAndTheRestOfTheBasicAlphabetAreOneSeptet() {
        assertThat(Segments.of("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà"))
                .extracting(Segments::encoding)
                .isEqualTo(Encoding.GSM_7);
        assertThat(Segments.of("line one\nline two").units()).isEqualTo(17);
    }
}
