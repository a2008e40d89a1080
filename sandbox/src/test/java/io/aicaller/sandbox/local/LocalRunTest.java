package io.aicaller.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What `./run-local --call` calls a working call, and how a taken port is reported. */
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
            LocalSuite.Ports free = LocalSuite.Ports.free();
            LocalSuite.Ports ports = new LocalSuite.Ports(free.kafka(), free.twilioApi(), taken.getLocalPort(),
                    free.bridge(), free.messaging(), free.numbers(), free.sandbox());
            Path logs = Files.createTempDirectory("local-run");
            try (LocalSuite suite = new LocalSuite(Path.of("."), ports, logs, null)) {
                assertThatThrownBy(suite::start).hasMessageStartingWith("port " + taken.getLocalPort()
                        + " (webhook-gateway) is in use");
            }
        }
    }
}
