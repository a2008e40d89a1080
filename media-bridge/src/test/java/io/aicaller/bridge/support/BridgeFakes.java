package io.aicaller.bridge.support;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeRealtimeServer;
import io.aicaller.testkit.media.MediaStreamsCaller;

/** What a bridge test talks to besides the bridge: the fake model and the broker. */
public final class BridgeFakes {

    public static final String AUTH_TOKEN = "bridge-test-auth-token";
    public static final String PUBLIC_URL = "wss://bridge.test";
    public static final String OPENAI_KEY = "test-openai-key";
    public static final String FALLBACK_NUMBER = "+14155550142";
    public static final String PATH = "/webhooks/twilio/media";
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** The agents' signing key and a tool's API key, as environment variables from a Secret would give them. */
    public static final String SIGNING_KEY_ENV = "TEST_AGENT_SIGNING_KEY";
    public static final String SIGNING_KEY = "agent-signing-key-for-tests";
    public static final String CRM_KEY_ENV = "TEST_CRM_API_KEY";
    public static final String CRM_KEY = "crm-key-for-tests";

    public final FakeRealtimeServer model = FakeRealtimeServer.start();
    public final String bootstrapServers;

    BridgeFakes(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A Media Stream to the bridge under test, its upgrade signed as Twilio would. */
    public static MediaStreamsCaller call(URL base) {
        return MediaStreamsCaller.connect("ws://" + base.getHost() + ":" + base.getPort() + PATH, PUBLIC_URL + PATH,
                AUTH_TOKEN);
    }

    /**
     * Writes an agent to {@code agents.definitions.v1} as the numbers-service does: checked by the agents' rules,
     * stamped with {@code version}, keyed by name.
     */
    public AgentDefinition putAgent(String json, long version) {
        AgentDefinition agent = AgentRules.parse(json).stored(version, Instant.now());
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.AGENTS_DEFINITIONS, agent.name(),
                    AgentRules.toJson(agent));
            record.headers().add("ce_type", AgentCatalog.DEFINED.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return agent;
    }

    /** The call's lifecycle events of one type. */
    public List<ReceivedEvent> lifecycle(String callSid, EventType type, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, Topics.CALLS_LIFECYCLE)) {
            return reader.await(count, TIMEOUT, e -> callSid.equals(e.subject()) && type.ceType().equals(e.type()));
        }
    }

    /** The first command published for a call (hang-up, transfer). */
    public ReceivedEvent command(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, Topics.CALLS_COMMANDS)) {
            return reader.await(1, TIMEOUT, e -> callSid.equals(e.subject())).get(0);
        }
    }

    /** The call's {@code call.stream-ended}. */
    public ReceivedEvent streamEnded(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, Topics.CALLS_LIFECYCLE)) {
            return reader.await(1, TIMEOUT, e -> callSid.equals(e.subject())
                    && EventType.CALL_STREAM_ENDED.ceType().equals(e.type())).get(0);
        }
    }
}
