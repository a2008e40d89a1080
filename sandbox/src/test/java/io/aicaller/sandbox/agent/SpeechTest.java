package io.aicaller.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Speech needs Debian's espeak-ng and sox; without them the demo agent uses its recordings and this test skips. */
class SpeechTest {

    @Test
    void synthesisesTextAsEightKilohertzMuLaw() {
        Speech speech = new Speech();
        assumeTrue(speech.available(), "espeak-ng and sox are not installed");
        byte[] audio = speech.say("Hello, this is a test; $(rm -rf /) is only text.");
        // 8000 bytes a second: the sentence takes a few seconds, not milliseconds and not minutes.
        assertThat(audio.length).isBetween(8000, 80_000);
        int loud = 0;
        for (byte b : audio) {
            if ((~b & 0x7F) > 40) {
                loud++;
            }
        }
        assertThat(loud).as("samples well above silence").isGreaterThan(audio.length / 10);
        assertThat(speech.say("Hello, this is a test; $(rm -rf /) is only text.")).isSameAs(audio);
    }
}
