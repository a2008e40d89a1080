package io.aicaller.messaging.config;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageRefused;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.MessageSent;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.events.OptOutChanged;

/**
 * What a native image must keep for reflection: the twilio-java resources the SDK reads with Jackson, and the event
 * records read from Kafka. A test checks this list against the sources.
 */
@RegisterForReflection(registerFullHierarchy = true, targets = {Message.class, PhoneNumber.class,
        MessageSendRequested.class, MessageReceived.class, MessageSent.class, MessageStatusChanged.class,
        MessageRefused.class, OptOutChanged.class})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
