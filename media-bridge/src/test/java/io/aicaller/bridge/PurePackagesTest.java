package io.aicaller.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aicaller.testkit.PurePackages;

/** Protocol, audio and session logic stay free of Quarkus, Vert.x and Jakarta: testable in milliseconds. */
class PurePackagesTest {

    @ParameterizedTest
    @ValueSource(strings = {"twilio", "model", "session", "audio"})
    void pureLogicImportsNoFramework(String pkg) {
        assertThat(PurePackages.frameworkImports(Path.of("src/main/java/io/aicaller/bridge", pkg))).isEmpty();
    }
}
