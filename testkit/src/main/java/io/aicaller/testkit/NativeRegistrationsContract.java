package io.aicaller.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The native-image registration test every service runs, written once: a service's test extends it with its
 * {@code @RegisterForReflection} class and the event records, and inherits the check of its own {@code src/main/java}
 * (see {@link NativeRegistrationCheck}).
 */
public abstract class NativeRegistrationsContract {

    private final Class<?> registration;
    private final List<Class<?>> eventRecords;

    /**
     * @param registration the service's {@code @RegisterForReflection} class; {@code Object.class} for a service that
     *        must need none
     */
    protected NativeRegistrationsContract(Class<?> registration, Collection<? extends Class<?>> eventRecords) {
        this.registration = registration;
        this.eventRecords = List.copyOf(eventRecords);
    }

    @Test
    void everyClassReadOrWrittenByReflectionIsRegistered() {
        assertThat(NativeRegistrationCheck.missingFromMainSources(registration, eventRecords))
                .as("add these to the @RegisterForReflection targets of " + registration.getName())
                .isEmpty();
    }
}
