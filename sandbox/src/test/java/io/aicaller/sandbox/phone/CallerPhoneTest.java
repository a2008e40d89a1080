package io.aicaller.sandbox.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The browser phone's handset and a call's live feed. */
class CallerPhoneTest {

    static final CallerPhone.Speaker MUTE = new CallerPhone.Speaker() {
        @Override
        public void play(byte[] mulaw) {
        }

        @Override
        public void clear() {
        }

        @Override
        public void ended(String status) {
        }
    };

    @Test
    void theMicrophoneIsKeptIn20MsFramesAndASecondAtMost() {
        CallerPhone phone = new CallerPhone(MUTE);
        phone.speak(new byte[400]);
        assertThat(phone.nextFrame()).hasSize(160);
        assertThat(phone.nextFrame()).hasSize(160);
        assertThat(phone.nextFrame()).hasSize(80);
        assertThat(phone.nextFrame()).isNull();
        // Two seconds arrive at once (a stalled tab): the oldest second is dropped, the caller stays live.
        byte[] twoSeconds = new byte[16_000];
        twoSeconds[0] = 1;
        twoSeconds[15_999] = 2;
        phone.speak(twoSeconds);
        byte[] first = phone.nextFrame();
        assertThat(first[0]).isZero();
        int frames = 1;
        byte[] last = first;
        for (byte[] f = phone.nextFrame(); f != null; f = phone.nextFrame()) {
            last = f;
            frames++;
        }
        assertThat(frames).isEqualTo(50);
        assertThat(last[159]).isEqualTo((byte) 2);
    }

    @Test
    void onlyKeypadKeysArePressed() {
        CallerPhone phone = new CallerPhone(MUTE);
        for (String key : List.of("1", "x", "#", "12", "*")) {
            phone.press(key);
        }
        assertThat(List.of(phone.nextKey(), phone.nextKey(), phone.nextKey())).containsExactly("1", "#", "*");
        assertThat(phone.nextKey()).isNull();
        assertThat(phone.hungUp()).isFalse();
        phone.hangUp();
        assertThat(phone.hungUp()).isTrue();
    }

    @Test
    void aLateFollowerGetsWhatCameBeforeThenWhatFollows() {
        CallFeed feed = new CallFeed();
        feed.publish(new CallFeed.Item("log", Instant.EPOCH, null, "rings"));
        List<String> seen = new ArrayList<>();
        Runnable stop = feed.follow(item -> seen.add(item.summary()));
        feed.publish(new CallFeed.Item("transcript", Instant.EPOCH, "transcript.turn", "agent: Hello"));
        stop.run();
        feed.publish(new CallFeed.Item("ended", Instant.EPOCH, "completed", "call completed"));
        assertThat(seen).containsExactly("rings", "agent: Hello");
    }
}
