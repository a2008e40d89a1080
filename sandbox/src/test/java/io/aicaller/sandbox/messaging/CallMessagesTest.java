package io.aicaller.sandbox.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A call's messages reach its timeline whatever order the request and its events are read in. */
class CallMessagesTest {

    static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void inOrderEachEventIsPlacedOnTheCallThatAskedForTheMessage() {
        CallMessages messages = new CallMessages();
        assertThat(messages.requested("r1", "CA1", AT, "to=+1 body=\"hi\""))
                .containsExactly(new CallMessages.Line("CA1", "message.send-requested", AT, "to=+1 body=\"hi\""));
        assertThat(messages.event("message.sent", "r1", "SM1", AT, "sid=SM1")).extracting(CallMessages.Line::callSid)
                .containsExactly("CA1");
        assertThat(messages.event("message.status-changed", null, "SM1", AT, "status=delivered"))
                .extracting(CallMessages.Line::summary)
                .containsExactly("status=delivered");
        // A message no call asked for stays off every timeline.
        assertThat(messages.requested("r2", null, AT, "")).isEmpty();
        assertThat(messages.event("message.sent", "r2", "SM2", AT, "")).isEmpty();
        assertThat(messages.event("message.status-changed", null, "SM2", AT, "")).isEmpty();
    }

    @Test
    void eventsReadBeforeTheirRequestWaitForItInTheirOrder() {
        CallMessages messages = new CallMessages();
        assertThat(messages.event("message.status-changed", null, "SM1", AT, "status=sent")).isEmpty();
        assertThat(messages.event("message.sent", "r1", "SM1", AT, "sid=SM1")).isEmpty();
        List<String> placed = new ArrayList<>();
        messages.requested("r1", "CA1", AT, "to=+1").forEach(line -> placed.add(line.callSid() + " " + line.type()));
        assertThat(placed).containsExactly("CA1 message.send-requested", "CA1 message.sent",
                "CA1 message.status-changed");
        assertThat(messages.event("message.refused", "r3", null, AT, "reason=opted-out")).isEmpty();
        assertThat(messages.requested("r3", "CA2", AT, "to=+2")).extracting(CallMessages.Line::type)
                .containsExactly("message.send-requested", "message.refused");
    }

    @Test
    void whatNoCallClaimsIsForgottenAsNewerMessagesCome() {
        CallMessages messages = new CallMessages();
        for (int i = 0; i < CallMessages.CAPACITY + 10; i++) {
            messages.event("message.status-changed", null, "SM" + i, AT, "");
        }
        messages.requested("r0", "CA1", AT, "");
        // SM0's report was evicted: its acceptance places only itself.
        assertThat(messages.event("message.sent", "r0", "SM0", AT, "")).hasSize(1);
        messages.requested("r9", "CA1", AT, "");
        assertThat(messages.event("message.sent", "r9", "SM" + (CallMessages.CAPACITY + 9), AT, "")).hasSize(2);
    }
}
