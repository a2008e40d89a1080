package io.aicaller.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.aicaller.events.EventType;
import io.aicaller.testkit.NativeRegistrationsContract;

/**
 * The media path parses JSON with Jackson's streaming API; only the agent definitions are bound by reflection, and
 * they are registered.
 */
class NativeRegistrationsTest extends NativeRegistrationsContract {

    NativeRegistrationsTest() {
        super(NativeRegistrations.class, EventType.recordClasses());
    }

    @Test
    void nothingNativeHostileOnTheMediaPath() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("javax.sound");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).as("javax.sound is not supported in native images").isEmpty();
        }
    }
}
