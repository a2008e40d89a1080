package io.aicaller.gateway.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.gateway.messaging.EventPublisher;
import io.aicaller.gateway.twilio.TwilioValues;

/** Inbound messages and delivery statuses; the messaging-service acts on the events. */
@ApplicationScoped
public class MessagingWebhookService {

    /** Twilio sends at most 10 media per MMS. */
    private static final int MAX_MEDIA = 10;

    private final EventPublisher publisher;

    MessagingWebhookService(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public CompletionStage<Void> received(TwilioWebhook webhook) {
        String messageSid = webhook.required("MessageSid");
        List<String> media = new ArrayList<>();
        Integer numMedia = webhook.intParam("NumMedia");
        for (int i = 0; numMedia != null && i < Math.min(numMedia, MAX_MEDIA); i++) {
            String url = webhook.param("MediaUrl" + i);
            if (url != null) {
                media.add(url);
            }
        }
        String body = webhook.params().getOrDefault("Body", "");
        return publisher.record(new MessageReceived(messageSid, webhook.required("From"), webhook.required("To"), body,
                media, webhook.param("OptOutType"), Instant.now(),
                TwilioValues.accountSid(webhook.param("AccountSid"))),
                webhook.idParts(messageSid));
    }

    public CompletionStage<Void> status(TwilioWebhook webhook) {
        String messageSid = webhook.required("MessageSid");
        String status = webhook.required("MessageStatus");
        return publisher.record(new MessageStatusChanged(messageSid,
                TwilioValues.listed(TwilioValues.MESSAGE_STATUSES, status), webhook.intParam("ErrorCode"),
                webhook.param("To"), webhook.timestamp(), TwilioValues.raw(TwilioValues.MESSAGE_STATUSES, status)),
                webhook.idParts(messageSid, status));
    }
}
