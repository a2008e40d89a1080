package io.aicaller.messaging.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.aicaller.testkit.PurePackages;

/** The SMS rules stay free of Quarkus, Vert.x and Jakarta, so it is unit-testable in milliseconds. */
class PurePackagesTest {

    @Test
    void smsClassesImportNoFramework() {
        assertThat(PurePackages.frameworkImports(Path.of("src/main/java/io/aicaller/messaging/sms"))).isEmpty();
    }
}
