package io.aicaller.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.aicaller.events.EventType;
import io.aicaller.testkit.NativeRegistrationCheck;

/** The bridge parses JSON with Jackson's streaming API only: nothing needs reflection; this fails if that changes. */
class NativeRegistrationsTest {

    @Test
    void everyClassReadOrWrittenByReflectionIsRegistered() {
        assertThat(NativeRegistrationCheck.missingFromMainSources(Object.class, EventType.recordClasses()))
                .as("add these to the @RegisterForReflection targets")
                .isEmpty();
    }

    @Test
    void nothingNativeHostileOnTheMediaPath() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(Path.of("src/main/java"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return java.nio.file.Files.readString(f).contains("javax.sound");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).as("javax.sound is not supported in native images").isEmpty();
        }
    }
}
