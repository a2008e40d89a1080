package io.aicaller.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.aicaller.events.EventType;
import io.aicaller.testkit.NativeRegistrationCheck;

/** Every class the code hands to Jackson (twilio-java's or ours) is kept for reflection in a native image. */
class NativeRegistrationsTest {

    @Test
    void everyClassReadOrWrittenByReflectionIsRegistered() {
        assertThat(NativeRegistrationCheck.missingFromMainSources(NativeRegistrations.class, EventType.recordClasses()))
                .as("add these to the @RegisterForReflection targets")
                .isEmpty();
    }
}
