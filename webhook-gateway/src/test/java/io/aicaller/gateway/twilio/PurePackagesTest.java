package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.aicaller.testkit.PurePackages;

/** The protocol logic stays free of Quarkus, Vert.x and Jakarta, so it is unit-testable in milliseconds. */
class PurePackagesTest {

    @Test
    void twilioProtocolClassesImportNoFramework() {
        assertThat(PurePackages.frameworkImports(Path.of("src/main/java/io/aicaller/gateway/twilio"))).isEmpty();
    }
}
