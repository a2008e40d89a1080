package io.aicaller.bridge.websocket;

import static io.aicaller.bridge.websocket.MediaStreamTest.TIMEOUT;
import static io.aicaller.bridge.websocket.MediaStreamTest.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
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
import io.aicaller.events.EventType;
import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.MediaStreamsCaller;

/**
 * No model to reach at all: the connection is refused by the kernel on the spot, inside the call's own event loop,
 * before the call's session exists. The caller still hears the apology and the call is handed back.
 */
@QuarkusTest
@TestProfile(UnreachableModelTest.NoModel.class)
@WithTestResource(BridgeTestResource.class)
class UnreachableModelTest {

    /** Nothing listens on this port. */
    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openai.realtime-url", "ws://127.0.0.1:" + FreePorts.next() + "/v1/realtime");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    @Test
    void theCallerHearsTheApologyAndTheCallIsHandedBack() {
        try (MediaStreamsCaller caller = BridgeFakes.call(base)) {
            caller.start(params(caller, "support"));
            caller.await(c -> c.received("mark")
                    .stream()
                    .anyMatch(m -> m.path("mark").path("name").asText().equals("apology")), TIMEOUT, "apology");
            assertThat(caller.received("media").size()).isGreaterThan(100);
            ReceivedEvent command = fakes.command(caller.callSid());
            assertThat(command.type()).isEqualTo(EventType.CALL_HANG_UP.ceType());
            assertThat(command.json().path("reason").asText()).startsWith("model-failed: cannot connect");
        }
    }
}
