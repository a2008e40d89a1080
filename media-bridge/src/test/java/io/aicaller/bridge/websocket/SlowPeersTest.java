package io.aicaller.bridge.websocket;

import static io.aicaller.bridge.websocket.MediaStreamTest.TIMEOUT;
import static io.aicaller.bridge.websocket.MediaStreamTest.frame;
import static io.aicaller.bridge.websocket.MediaStreamTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;

/**
 * Peers that hold resources without playing their part: a caller that stops reading, a stream that goes silent, a
 * client that never finishes its HTTP request. Short limits here so the tests run in seconds; the defaults are in
 * {@code BridgeConfig} and the README.
 */
@QuarkusTest
@TestProfile(SlowPeersTest.ShortLimits.class)
@WithTestResource(BridgeTestResource.class)
class SlowPeersTest {

    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.twilio-max-backlog", "256K", "bridge.twilio-idle-timeout", "2s",
                    "quarkus.http.idle-timeout", "3s", "bridge.max-pending-starts", "3");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    MediaStreamsCaller call() {
        return BridgeFakes.call(base);
    }

    @Test
    void aCallerThatStopsReadingIsEndedInsteadOfBufferedAndItsNeighbourKeepsItsAudio() throws Exception {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller stuck = call(); MediaStreamsCaller neighbour = call()) {
            stuck.start(params(stuck, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            neighbour.start(params(neighbour, "quiet"));
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");
            stuck.media(frame(0x21));
            stuck.await(c -> c.received("media").size() == 1, TIMEOUT, "echo before it stops reading");

            stuck.stopReading();
            // 40 MB of model audio for a peer that reads nothing: far beyond the socket buffers and the bound.
            String chunk = Base64.getEncoder().encodeToString(new byte[8000]);
            model.startReply("resp_flood", "item_flood", 0);
            for (int i = 0; i < 4000 && !model.closedByBridge(); i++) {
                model.audioDelta("resp_flood", "item_flood", chunk);
                stuck.media(frame(0x22)); // it still talks, so it is not silent
                if (i % 100 == 0) {
                    neighbour.media(frame(0x30 + i / 100));
                }
            }
            ReceivedEvent ended = fakes.streamEnded(stuck.callSid());
            assertThat(ended.json().path("reason").asText()).isEqualTo("twilio-backlog");
            model.await(FakeModelSession::closedByBridge, TIMEOUT, "the model session closed");

            neighbour.media(frame(0x7A));
            neighbour.await(c -> c.received("media")
                    .stream()
                    .anyMatch(m -> m.path("media")
                            .path("payload")
                            .asText()
                            .equals(
                                    Base64.getEncoder().encodeToString(frame(0x7A)))),
                    TIMEOUT, "the neighbour still served");
        }
    }

    @Test
    void aStreamThatGoesSilentAfterStartIsEnded() {
        try (MediaStreamsCaller silent = call()) {
            silent.start(params(silent, "quiet"));
            silent.media(frame(0x21));
            silent.awaitClosed(TIMEOUT);
            assertThat(fakes.streamEnded(silent.callSid()).json().path("reason").asText()).isEqualTo("twilio-silent");
        }
    }

    @Test
    void aRequestThatIsNeverFinishedIsDropped() throws Exception {
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = slow.getOutputStream();
            out.write(("GET " + MediaStreamTest.PATH + " HTTP/1.1\r\nHost: bridge\r\nUpgrade: websocket\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            InputStream in = slow.getInputStream();
            assertThat(in.read()).as("the bridge closes the half-sent request").isEqualTo(-1);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(TIMEOUT.toMillis());
        }
    }

    @Test
    void signedStreamsThatNeverStartCannotPileUp() {
        MediaStreamsCaller first = call();
        MediaStreamsCaller second = call();
        MediaStreamsCaller third = call();
        try {
            assertThatThrownBy(this::call).isInstanceOfSatisfying(MediaStreamsCaller.UpgradeRefused.class,
                    e -> assertThat(e.status()).isEqualTo(503));
            first.start(params(first, "quiet")); // one of them starts: room for one more
            first.media(frame(0x31));
            first.await(c -> c.received("media").size() == 1, TIMEOUT, "the started call served");
            try (MediaStreamsCaller fourth = call()) {
                assertThat(fourth.isClosed()).isFalse();
            }
        } finally {
            first.close();
            second.close();
            third.close();
        }
    }

}
