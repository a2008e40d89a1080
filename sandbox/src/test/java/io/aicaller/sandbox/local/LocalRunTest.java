package io.aicaller.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What `./run-local --call` calls a working call, how a taken port is reported, what the real-number mode needs. */
class LocalRunTest {

    static final String WORKING = """
            call: CA1
            status: completed
            ended: true
            agent audio heard: 5320 ms, clears: 1

            transcript (calls.transcripts.v1):
              agent: Hello, this is the ai-caller demo agent.
            """;

    @Test
    void aCompletedCallWithASilentAgentIsAFailure() {
        assertThat(LocalRun.failure(WORKING)).isNull();
        assertThat(LocalRun.failure(WORKING.replace("completed", "failed"))).contains("did not complete");
        assertThat(LocalRun.failure(WORKING.replace("5320 ms", "0 ms"))).contains("heard nothing");
        assertThat(LocalRun.failure(WORKING.replace("  agent: Hello, this is the ai-caller demo agent.\n", "")))
                .contains("nothing the agent said");
    }

    @Test
    void aTakenPortIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SuitePorts free = SuitePorts.free();
            SuitePorts ports = new SuitePorts(free.kafka(), free.twilioApi(), taken.getLocalPort(),
                    free.bridge(), free.messaging(), free.numbers(), free.sandbox(), free.frontDoor());
            Path logs = Files.createTempDirectory("local-run");
            try (LocalSuite suite = new LocalSuite(Path.of("."), ports, logs, null)) {
                assertThatThrownBy(suite::start).hasMessageStartingWith("port " + taken.getLocalPort()
                        + " (webhook-gateway) is in use");
            }
        }
    }

    static final Map<String, String> ACCOUNT = Map.of("TWILIO_ACCOUNT_SID", "AC" + "a".repeat(32),
            "TWILIO_AUTH_TOKEN", "token");

    @Test
    void theRealNumberModeNamesEverythingItLacksAtOnce() {
        assertThat(RealNumber.from(List.of("--call"), Map.of())).isNull();
        assertThatThrownBy(() -> RealNumber.from(List.of("--twilio-number", "4155550123"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--twilio-number: the account's number")
                .hasMessageContaining("--public-url: the tunnel's public https URL")
                .hasMessageContaining("TWILIO_ACCOUNT_SID")
                .hasMessageContaining("TWILIO_AUTH_TOKEN");
        assertThatThrownBy(() -> RealNumber.from(List.of("--twilio-number", "+14155550123", "--public-url",
                "http://abc.ngrok-free.app"), ACCOUNT)).hasMessageContaining("must be https");
        assertThatThrownBy(() -> RealNumber.from(List.of("--twilio-number", "+14155550123", "--public-url",
                "https://abc.ngrok-free.app/webhooks"), ACCOUNT)).hasMessageContaining("without a path");
        Map<String, String> halfKey = new HashMap<>(ACCOUNT);
        halfKey.put("TWILIO_API_KEY_SID", "SK" + "1".repeat(32));
        assertThatThrownBy(() -> RealNumber.from(List.of("--twilio-number", "+14155550123", "--public-url",
                "https://abc.ngrok-free.app"), halfKey)).hasMessageContaining("set both or neither");

        RealNumber real = RealNumber.from(List.of("--twilio-number", "+14155550123", "--public-url",
                "https://abc.ngrok-free.app/", "--agent", "concierge"), ACCOUNT);
        assertThat(real.phoneNumber()).isEqualTo("+14155550123");
        assertThat(real.agent()).isEqualTo("concierge");
        assertThat(real.account().apiBaseUrl()).isNull(); // the real api.twilio.com
        assertThat(real.account().hasApiKey()).isFalse();
        // Plain http only to loopback: how the mode is tested against the emulated API.
        assertThat(RealNumber.publicUrlProblem("http://127.0.0.1:8088")).isEmpty();
    }
}
