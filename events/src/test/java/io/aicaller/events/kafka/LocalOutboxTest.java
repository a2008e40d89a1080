package io.aicaller.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aicaller.events.CallStatusChanged;
import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;

class LocalOutboxTest {

    @TempDir
    Path dir;

    static CloudEvent<CallStatusChanged> event(int n) {
        return CloudEvent.of("/webhook-gateway", new CallStatusChanged("CA" + "0".repeat(31) + n, "ringing", n, null,
                null, Instant.parse("2026-12-02T10:00:00Z")), Instant.parse("2026-12-02T10:00:0" + n + "Z"),
                "CA", String.valueOf(n));
    }

    @Test
    void whatWasKeptSurvivesARestartInOrderWithItsIdsAndWhatWasPublishedDoesNot() {
        LocalOutbox outbox = new LocalOutbox(dir, 1 << 20);
        for (int i = 1; i <= 3; i++) {
            outbox.append(event(i), null);
        }
        outbox.published(); // the first went out before the "crash"

        LocalOutbox restarted = new LocalOutbox(dir, 1 << 20);
        assertThat(restarted.size()).isEqualTo(2);
        CloudEvent<? extends Event> head = restarted.head().event();
        assertThat(head.id()).isEqualTo(event(2).id());
        assertThat(head.data()).isEqualTo(event(2).data());
        assertThat(head.time()).isEqualTo(event(2).time());
        restarted.published();
        restarted.published();
        assertThat(restarted.isEmpty()).isTrue();
        assertThat(new LocalOutbox(dir, 1 << 20).isEmpty()).isTrue();
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndAFullOutboxRefuses() throws Exception {
        LocalOutbox outbox = new LocalOutbox(dir, 1 << 20);
        outbox.append(event(1), null);
        Files.writeString(dir.resolve("events.log"), "{\"id\":\"half", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        LocalOutbox recovered = new LocalOutbox(dir, 1 << 20);
        assertThat(recovered.size()).isEqualTo(1);
        recovered.append(event(2), null); // after the cut line, appends start on a line of their own
        assertThat(new LocalOutbox(dir, 1 << 20).size()).isEqualTo(2);

        LocalOutbox small = new LocalOutbox(dir.resolve("small"), LocalOutbox.encode(event(1)).length() + 10);
        small.append(event(1), null);
        assertThatThrownBy(() -> small.append(event(2), null)).isInstanceOf(LocalOutbox.Full.class);
    }
}
