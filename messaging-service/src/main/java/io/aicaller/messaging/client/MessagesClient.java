package io.aicaller.messaging.client;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;

import io.smallrye.faulttolerance.api.ExponentialBackoff;

import io.aicaller.support.twilio.TwilioClients;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * Twilio's Messages resource through twilio-java. Blocking: worker threads only. 429 and 5xx (Twilio did not process
 * the request) are retried with exponential backoff and jitter; any other refusal, 21610 included, is final.
 */
@ApplicationScoped
public class MessagesClient {

    /** What to send; exactly one of {@code from} and {@code messagingServiceSid} is set. */
    public record Outgoing(String to, String from, String messagingServiceSid, String body, List<URI> mediaUrls,
            URI statusCallback) {
    }

    private final TwilioRestClient client;

    MessagesClient(TwilioRestClient client) {
        this.client = client;
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Message send(Outgoing message) {
        return TwilioClients.call(() -> {
            PhoneNumber to = new PhoneNumber(message.to());
            MessageCreator creator;
            if (message.body() != null) {
                creator = message.from() != null
                        ? Message.creator(to, new PhoneNumber(message.from()), message.body())
                        : Message.creator(to, message.messagingServiceSid(), message.body());
                if (!message.mediaUrls().isEmpty()) {
                    creator.setMediaUrl(message.mediaUrls());
                }
            } else {
                creator = message.from() != null
                        ? Message.creator(to, new PhoneNumber(message.from()), message.mediaUrls())
                        : Message.creator(to, message.messagingServiceSid(), message.mediaUrls());
            }
            if (message.statusCallback() != null) {
                creator.setStatusCallback(message.statusCallback());
            }
            return creator.create(client);
        });
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Message fetch(String messageSid) {
        return TwilioClients.call(() -> Message.fetcher(messageSid).fetch(client));
    }
}
