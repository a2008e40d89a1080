package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.aicaller.sandbox.local.LocalSuite;
import io.aicaller.sandbox.local.SuitePorts;

/**
 * The packaged suite the integration tests share (starting one takes most of a minute), given to a test class's
 * {@code LocalSuite} parameters: free ports, logs under {@code sandbox/target/it-logs}, reachable through its front
 * door at a public URL as in the real-number mode, so every simulated call's media stream goes through the door.
 * Started by the first class that asks, stopped when the test run ends; classes run alphabetically, so the
 * end-to-end checks run before the fault test stops the broker and kills services. After each test the emulated
 * Twilio API is asked what the services sent it that Twilio's spec does not define: any such request fails the test,
 * since it would work here and not against Twilio.
 */
final class PackagedSuite implements ParameterResolver, AfterEachCallback {

    /** The one suite, closed with the test run's root context. */
    private record Shared(LocalSuite suite) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            suite.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalSuite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(PackagedSuite.class, key -> new Shared(start()), Shared.class)
                .suite();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Shared shared = context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .get(PackagedSuite.class, Shared.class);
        if (shared == null) {
            return;
        }
        HttpResponse<String> answer = SuiteJson.fetch(shared.suite().url("sandbox") + "/sandbox/twilio/violations");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(SuiteJson.JSON.readTree(answer.body())).as("sent to Twilio outside its spec").isEmpty();
    }

    private static LocalSuite start() {
        Path root = Path.of(System.getProperty("aicaller.root", "..")).toAbsolutePath().normalize();
        SuitePorts ports = SuitePorts.free();
        LocalSuite suite = new LocalSuite(root, ports, root.resolve("sandbox/target/it-logs"), null)
                .withPublicUrl("http://127.0.0.1:" + ports.frontDoor());
        try {
            suite.start();
        } catch (Exception e) {
            suite.close();
            throw new AssertionError("The suite did not start:\n" + suite.tails(30), e);
        }
        return suite;
    }
}
