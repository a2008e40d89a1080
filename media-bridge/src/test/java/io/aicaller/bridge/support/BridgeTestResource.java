package io.aicaller.bridge.support;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.testkit.KafkaTestResource;

/** The real broker with every topic and a fake realtime model server. */
public class BridgeTestResource extends KafkaTestResource {

    private BridgeFakes fakes;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        fakes = new BridgeFakes(config.get("kafka.bootstrap.servers"));
        config.put("openai.realtime-url", fakes.model.url());
        config.put("openai.api-key", BridgeFakes.OPENAI_KEY);
        config.put("twilio.auth-token", BridgeFakes.AUTH_TOKEN);
        config.put("bridge.public-url", BridgeFakes.PUBLIC_URL);
        config.put("bridge.profiles.handback.fallback-number", BridgeFakes.FALLBACK_NUMBER);
        config.put(BridgeFakes.SIGNING_KEY_ENV, BridgeFakes.SIGNING_KEY);
        config.put(BridgeFakes.CRM_KEY_ENV, BridgeFakes.CRM_KEY);
        return config;
    }

    @Override
    protected Collection<String> topics() {
        return Topics.ALL;
    }

    @Override
    protected Set<String> compactedTopics() {
        return Topics.ALL.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fakes,
                new TestInjector.AnnotatedAndMatchesType(InjectBridgeFakes.class, BridgeFakes.class));
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.model.close();
        }
    }
}
