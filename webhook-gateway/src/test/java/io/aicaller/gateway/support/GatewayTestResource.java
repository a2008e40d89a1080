package io.aicaller.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.testkit.KafkaTestResource;
import io.aicaller.testkit.SharedKafka;

/** The real broker with every topic, a Twilio REST fake, a chat model fake and a bridge health fake. */
public class GatewayTestResource extends KafkaTestResource {

    private GatewayFakes fakes;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        fakes = new GatewayFakes(config.get("kafka.bootstrap.servers"), SharedKafka.embeddedBroker());
        config.put("twilio.account-sid", fakes.twilio.accountSid());
        config.put("twilio.auth-token", GatewayFakes.AUTH_TOKEN);
        config.put("twilio.previous-auth-tokens", GatewayFakes.PREVIOUS_AUTH_TOKEN);
        config.put("twilio.api-base-url", fakes.twilio.baseUrl());
        config.put("quarkus.rest-client.chat.url", fakes.chat.url(""));
        config.put("gateway.analysis.base-url", fakes.analysisModel.url(""));
        config.put("gateway.analysis.initial-backoff", "100ms");
        config.put("gateway.streaming.bridge-health-url", fakes.bridgeHealth.url("/q/health/ready"));
        config.put("gateway.public-base-url", GatewayFakes.PUBLIC_BASE_URL);
        config.put("gateway.recordings.sweep-interval", "500ms");
        // The tests' own requests come from loopback; throttling tests name their source in X-Forwarded-For.
        config.put("gateway.trusted-proxies", "127.0.0.0/8,::1");
        config.put("gateway.api.token", GatewayFakes.API_TOKEN);
        try {
            config.put("gateway.outbox.directory", Files.createTempDirectory("gateway-outbox").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    protected Collection<String> topics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(Topics.dlq(Topics.CALLS_COMMANDS));
        topics.add(Topics.dlq(Topics.CALLS_ANALYSIS_REQUESTS));
        return topics;
    }

    @Override
    protected Set<String> compactedTopics() {
        return Topics.ALL.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fakes, new TestInjector.AnnotatedAndMatchesType(InjectFakes.class,
                GatewayFakes.class));
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.close();
        }
    }
}
