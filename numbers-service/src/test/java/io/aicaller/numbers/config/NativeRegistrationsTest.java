package io.aicaller.numbers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.aicaller.events.EventType;

/** Every class the code hands to Jackson (twilio-java's or ours) is kept for reflection in a native image. */
class NativeRegistrationsTest {

    @Test
    void everyClassReadOrWrittenByReflectionIsRegistered() {
        var events = Arrays.stream(EventType.values()).map(EventType::recordClass).collect(Collectors.toList());
        assertThat(io.aicaller.testkit.NativeRegistrations.missing(Path.of("src/main/java"), NativeRegistrations.class,
                events))
                .as("add these to the @RegisterForReflection targets")
                .isEmpty();
    }
}
