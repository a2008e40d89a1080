package io.aicaller.sandbox.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class CallerAudioTest {

    @Test
    void aMulawWavRoundTrips() {
        byte[] samples = {(byte) 0xFF, 0x00, 0x7F, (byte) 0x80, 0x12};
        byte[] wav = CallerAudio.toWav(samples);
        assertThat(wav).hasSize(44 + samples.length);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getShort(20)).isEqualTo((short) 7);
        assertThat(CallerAudio.fromWav(wav)).containsExactly(samples);
    }

    @Test
    void aPcmWavIsRefusedWithHowToConvertIt() {
        byte[] wav = CallerAudio.toWav(new byte[]{1, 2});
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 1);
        assertThatThrownBy(() -> CallerAudio.fromWav(wav)).hasMessageContaining("sox");
        assertThatThrownBy(() -> CallerAudio.fromWav(new byte[]{1, 2, 3})).hasMessageContaining("RIFF");
    }

    @Test
    void theBundledCallerPromptIsAudio() {
        byte[] caller = CallerAudio.load("caller");
        assertThat(caller.length).isGreaterThan(8000);
    }
}
