package io.aicaller.numbers.config;

import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Mobile;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.TollFree;
import com.twilio.type.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.InvalidAgent;
import io.aicaller.agents.TurnDetection;
import io.aicaller.events.NumberConfigured;
import io.aicaller.events.NumberPurchased;
import io.aicaller.events.NumberReleased;
import io.aicaller.numbers.client.NumbersClient;
import io.aicaller.numbers.service.NumbersService;
import io.aicaller.numbers.webhooks.DeliveryFailure;
import io.aicaller.numbers.webhooks.PendingDelivery;
import io.aicaller.numbers.webhooks.Subscription;
import io.aicaller.numbers.webhooks.SubscriptionView;

/**
 * What a native image must keep for reflection: the twilio-java resources the SDK reads with Jackson, and the event
 * records read from Kafka, the agent definitions (read from the topic and the API) the outcomes a keyed request replays, and the webhook records. A test checks this list against the sources.
 */
@RegisterForReflection(registerFullHierarchy = true, targets = {IncomingPhoneNumber.class, Local.class,
        Mobile.class, TollFree.class, PhoneNumber.class, PhoneNumberCapabilities.class, NumberPurchased.class,
        NumberConfigured.class, NumberReleased.class, AgentDefinition.class, AgentDefinition.HttpTool.class,
        AgentDefinition.Header.class, AgentDefinition.McpServer.class, AgentDefinition.CallStartWebhook.class,
        AgentDefinition.Recording.class, AgentDefinition.Analysis.class,
        TurnDetection.class, InvalidAgent.Problem.class, NumbersService.PurchasePlan.class,
        NumbersService.NumberView.class, NumbersClient.Webhooks.class, Subscription.class,
        SubscriptionView.class, PendingDelivery.class, DeliveryFailure.class})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
