package io.aicaller.numbers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.testkit.TwilioFakeTestResource;

/** The real broker and a Twilio REST fake. */
public class NumbersTestResource extends TwilioFakeTestResource {

    public static final String API_TOKEN = "numbers-api-token";
    public static final String GATEWAY = "https://gateway.test";

    @Override
    protected void configure(Map<String, String> config) {
        config.put("numbers.api-token", API_TOKEN);
        config.put("numbers.gateway-public-url", GATEWAY);
        config.put("numbers.agents.built-in", "default,sales,support");
        // Webhook retries in test time: a dead receiver times out in 1 s, a delivery is given up after 3 s.
        config.put("numbers.webhooks.timeout", "1s");
        config.put("numbers.webhooks.retry-initial", "200ms");
        config.put("numbers.webhooks.retry-max-interval", "1s");
        config.put("numbers.webhooks.give-up-after", "3s");
        try {
            config.put("numbers.outbox.directory", Files.createTempDirectory("numbers-outbox").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Collection<String> topics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(Topics.dlq(Topics.WEBHOOKS_PENDING));
        return topics;
    }

    @Override
    protected Set<String> compactedTopics() {
        return Topics.ALL.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
    }
}
