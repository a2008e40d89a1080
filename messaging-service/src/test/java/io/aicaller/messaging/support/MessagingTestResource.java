package io.aicaller.messaging.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.testkit.TwilioFakeTestResource;

/** The real broker (the messaging topics, opt-outs compacted) and a Twilio REST fake. */
public class MessagingTestResource extends TwilioFakeTestResource {

    public static final String API_TOKEN = "messaging-api-token";
    public static final String GATEWAY = "https://gateway.test";
    public static final String DEFAULT_FROM = "+14155550199";

    @Override
    protected void configure(Map<String, String> config) {
        config.put("messaging.api-token", API_TOKEN);
        config.put("messaging.gateway-public-url", GATEWAY);
        config.put("messaging.default-from", DEFAULT_FROM);
        try {
            config.put("messaging.outbox.directory", Files.createTempDirectory("messaging-outbox").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Collection<String> topics() {
        return List.of(Topics.MESSAGES_SEND_REQUESTS, Topics.MESSAGES_EVENTS, Topics.MESSAGES_OPT_OUTS,
                Topics.dlq(Topics.MESSAGES_SEND_REQUESTS));
    }

    @Override
    protected Set<String> compactedTopics() {
        return Topics.ALL.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
    }
}
