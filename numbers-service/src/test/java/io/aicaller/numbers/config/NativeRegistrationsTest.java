package io.aicaller.numbers.config;

import io.aicaller.events.EventType;
import io.aicaller.testkit.NativeRegistrationsContract;

/** Every class the code hands to Jackson (twilio-java's or ours) is kept for reflection in a native image. */
class NativeRegistrationsTest extends NativeRegistrationsContract {

    NativeRegistrationsTest() {
        super(NativeRegistrations.class, EventType.recordClasses());
    }
}
