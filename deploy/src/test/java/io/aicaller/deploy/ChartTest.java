package io.aicaller.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import io.aicaller.agents.AgentRules;
import io.aicaller.testkit.twilio.TwilioSigner;

class ChartTest {

    static final List<String> SERVICES = List.of("webhook-gateway", "media-bridge", "messaging-service",
            "numbers-service");

    static List<String> environments() {
        return Chart.ENVIRONMENTS;
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(Chart.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyRenderedObjectIsATypedKubernetesObjectWithNoUnknownFields(String values) {
        List<HasMetadata> objects = Chart.objects(Chart.render(values, Map.of()));
        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            assertThat(Chart.unknownFields(object)).as("unknown fields").isEmpty();
            Map<String, String> labels = object.getMetadata().getLabels();
            assertThat(labels).as("%s labels", object.getMetadata().getName())
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of",
                            "app.kubernetes.io/version", "app.kubernetes.io/managed-by");
        }
        assertThat(Chart.ofKind(objects, Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(
                        SERVICES.stream().map(s -> Chart.RELEASE + "-" + s).collect(Collectors.toList()));
        assertThat(Chart.ofKind(objects, Service.class)).hasSize(4);
        assertThat(Chart.ofKind(objects, Ingress.class)).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("environments")
    void servicesProbeTheirHealthAndRunAsNonRoot(String values) {
        for (Deployment deployment : Chart.ofKind(Chart.objects(Chart.render(values, Map.of())), Deployment.class)) {
            Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getImage()).matches("[^/]+/ai-caller/[a-z-]+:[0-9A-Za-z.\\-]+");
            assertThat(env(c, "KAFKA_BOOTSTRAP_SERVERS").getValue()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void secretsAreReferencedNeverTemplated(String values) {
        List<HasMetadata> objects = Chart.objects(Chart.render(values, Map.of()));
        assertThat(Chart.ofKind(objects, Secret.class)).isEmpty();
        for (Deployment deployment : Chart.ofKind(objects, Deployment.class)) {
            for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (var.getName().matches(".*(TOKEN|KEY|SID)$") && !var.getName().equals("MESSAGING_SERVICE_SID")) {
                    assertThat(var.getValueFrom()).as("%s of %s", var.getName(), deployment.getMetadata().getName())
                            .isNotNull();
                    assertThat(var.getValue()).isNull();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void theMediaBridgeDrainsItsCallsAndScalesOnThem(String values) throws IOException {
        List<HasMetadata> objects = Chart.objects(Chart.render(values, Map.of()));
        long maxCall = Long.parseLong(value(values, "mediaBridge.maxCallDurationSeconds", "3300"));
        Deployment bridge = named(Chart.ofKind(objects, Deployment.class), "media-bridge");
        var pod = bridge.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(preStop).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(maxCall + preStop);
        assertThat(env(c, "BRIDGE_MAX_CALL_DURATION").getValue()).isEqualTo(maxCall + "s");
        assertThat(env(c, "BRIDGE_DRAIN_GRACE").getValue()).isEqualTo(maxCall + "s");
        assertThat(env(c, "BRIDGE_TWILIO_IDLE_TIMEOUT").getValue()).matches("[0-9]+s");
        assertThat(env(c, "BRIDGE_TWILIO_MAX_BACKLOG").getValue()).matches("[0-9]+[KMG]?");
        assertThat(env(c, "QUARKUS_HTTP_IDLE_TIMEOUT").getValue()).matches("[0-9]+s");
        assertThat(env(c, "BRIDGE_MAX_UPGRADES_PER_SECOND").getValue()).matches("[0-9]+");
        assertThat(env(c, "BRIDGE_MAX_PENDING_STARTS").getValue()).matches("[0-9]+");
        assertThat(env(c, "BRIDGE_PUBLIC_URL").getValue()).startsWith("wss://");

        Ingress ingress = named(Chart.ofKind(objects, Ingress.class), "media-bridge");
        assertThat(Long.parseLong(ingress.getMetadata()
                .getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThan(maxCall);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath())
                .isEqualTo("/webhooks/twilio/media");

        boolean pdbEnabled = Boolean.parseBoolean(value(values, "mediaBridge.pdb.enabled", "true"));
        if (pdbEnabled) {
            PodDisruptionBudget pdb = named(Chart.ofKind(objects, PodDisruptionBudget.class), "media-bridge");
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(bridge.getSpec().getSelector().getMatchLabels());
        }
        boolean autoscaling = Boolean.parseBoolean(value(values, "mediaBridge.autoscaling.enabled", "true"));
        List<HorizontalPodAutoscaler> hpas = Chart.ofKind(objects, HorizontalPodAutoscaler.class)
                .stream()
                .filter(h -> h.getMetadata().getName().endsWith("media-bridge"))
                .collect(Collectors.toList());
        if (!autoscaling) {
            assertThat(hpas).isEmpty();
            assertThat(bridge.getSpec().getReplicas()).isNotNull();
            return;
        }
        HorizontalPodAutoscaler hpa = hpas.get(0);
        assertThat(bridge.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType()).containsExactly("Pods", "Resource");
        assertThat(hpa.getSpec().getMetrics().get(0).getPods().getMetric().getName()).isEqualTo("bridge_calls_active");
        assertThat(hpa.getSpec().getMetrics().get(1).getResource().getName()).isEqualTo("cpu");
        var scaleDown = hpa.getSpec().getBehavior().getScaleDown();
        assertThat(scaleDown.getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(scaleDown.getPolicies()).allSatisfy(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(1);
        });
    }

    @Test
    void profilesBecomeTheBridgesConfigFile() {
        List<HasMetadata> objects = Chart.objects(Chart.render("values-prod.yaml", Map.of()));
        ConfigMap profiles = named(Chart.ofKind(objects, ConfigMap.class), "media-bridge-profiles");
        assertThat(profiles.getData().get("profiles.properties"))
                .contains("bridge.profiles.default.voice=alloy")
                .contains("bridge.profiles.default.greeting=Hello! Thanks for calling.");
        Container c = named(Chart.ofKind(objects, Deployment.class), "media-bridge").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(c, "SMALLRYE_CONFIG_LOCATIONS").getValue()).isEqualTo("/etc/ai-caller/profiles.properties");
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/ai-caller"));
    }

    static final String AGENTS_VALUES = """
            secrets:
              agents: {existingSecret: acme-agent-secrets}
            mediaBridge:
              profiles:
                quiet: {turn-detection: "off"}
            agents:
              - name: support
                instructions: You are the support line of Acme.
                voice: marin
                builtinTools: [end_call]
                signingSecretEnv: AGENT_SUPPORT_SIGNING_KEY
                httpTools:
                  - name: lookup_order
                    description: Looks up an order
                    url: https://crm.example.com/tools/lookup-order
                    timeoutMs: 3000
                    headers: {X-Api-Key: {secretEnv: CRM_API_KEY}}
                    parameters: {type: object, properties: {order: {type: string}}, required: [order]}
            """;

    @Test
    void agentsInValuesReachTheNumbersServiceAsAFileItAccepts() throws IOException {
        Path values = Files.createTempFile("agents-values", ".yaml");
        Files.writeString(values, AGENTS_VALUES);
        List<HasMetadata> objects = Chart.objects(Chart.render(values.toAbsolutePath().toString(), Map.of()));
        ConfigMap agents = named(Chart.ofKind(objects, ConfigMap.class), "numbers-service-declared");
        JsonNode declared = new ObjectMapper().readTree(agents.getData().get("agents.json"));
        assertThat(declared).hasSize(1);
        // What the chart writes is what the numbers-service reads: the agents' own rules accept it.
        assertThat(AgentRules.parse(declared.get(0).toString())
                .httpTools()
                .get(0)
                .headers()
                .get("X-Api-Key")
                .secretEnv()).isEqualTo("CRM_API_KEY");

        Container numbers = named(Chart.ofKind(objects, Deployment.class), "numbers-service").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(numbers, "NUMBERS_AGENTS_FILE").getValue()).isEqualTo("/etc/ai-caller/agents.json");
        assertThat(env(numbers, "NUMBERS_AGENTS_BUILT_IN").getValue()).isEqualTo("default,quiet");
        assertThat(numbers.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/ai-caller"));
        Container bridge = named(Chart.ofKind(objects, Deployment.class), "media-bridge").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(bridge.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("acme-agent-secrets"));

        // Without agents: no file, no secret; a nameless agent is refused by the chart's schema.
        List<HasMetadata> plain = Chart.objects(Chart.render(null, Map.of()));
        assertThat(Chart.ofKind(plain, ConfigMap.class)).noneMatch(c -> c.getMetadata().getName().endsWith("declared"));
        Files.writeString(values, "agents:\n  - instructions: x\n");
        assertThatThrownBy(() -> Chart.render(values.toAbsolutePath().toString(), Map.of()))
                .hasMessageContaining("name");
        Files.delete(values);
    }

    @Test
    void webhooksInValuesReachTheNumbersServiceAsAFileItAcceptsWithTheirSecretsFromASecret() throws IOException {
        Path values = Files.createTempFile("webhooks-values", ".yaml");
        Files.writeString(values, """
                secrets:
                  webhooks: {existingSecret: acme-webhook-secrets}
                webhooks:
                  - id: crm
                    url: https://crm.example.com/ai-caller/events
                    events: [call.ended, call.analyzed, message.*]
                    secretEnv: CRM_WEBHOOK_SECRET
                """);
        List<HasMetadata> objects = Chart.objects(Chart.render(values.toAbsolutePath().toString(), Map.of()));
        ConfigMap declared = named(Chart.ofKind(objects, ConfigMap.class), "numbers-service-declared");
        assertThat(declared.getData()).containsOnlyKeys("webhooks.json");
        // The file holds the subscriptions as POST /api/subscriptions takes them (DeclaredSubscriptionsTest reads one).
        JsonNode crm = new ObjectMapper().readTree(declared.getData().get("webhooks.json")).get(0);
        assertThat(crm.path("id").asText()).isEqualTo("crm");
        assertThat(crm.path("events").toString()).isEqualTo("[\"call.ended\",\"call.analyzed\",\"message.*\"]");
        assertThat(crm.path("secretEnv").asText()).isEqualTo("CRM_WEBHOOK_SECRET");
        Container numbers = named(Chart.ofKind(objects, Deployment.class), "numbers-service").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(numbers, "NUMBERS_WEBHOOKS_FILE").getValue()).isEqualTo("/etc/ai-caller/webhooks.json");
        assertThat(numbers.getEnv()).noneMatch(e -> e.getName().equals("NUMBERS_AGENTS_FILE"));
        assertThat(numbers.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("acme-webhook-secrets"));
        // A subscription whose secret is not named is refused by the chart's schema.
        Files.writeString(values, "webhooks:\n  - {id: crm, url: 'https://crm.example.com/x', events: [call.ended]}\n");
        assertThatThrownBy(() -> Chart.render(values.toAbsolutePath().toString(), Map.of()))
                .hasMessageContaining("secretEnv");
        Files.delete(values);
    }

    @Test
    void withAnApiKeyTheRestOnlyServicesGetItAndNotTheAuthToken() {
        List<HasMetadata> objects = Chart.objects(Chart.render(null, Map.of("secrets.twilio.apiKeySidKey",
                "api-key-sid", "secrets.twilio.apiKeySecretKey", "api-key-secret")));
        for (String service : List.of("messaging-service", "numbers-service")) {
            Container c = named(Chart.ofKind(objects, Deployment.class), service).getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            assertThat(env(c, "TWILIO_API_KEY_SID").getValueFrom().getSecretKeyRef().getKey()).isEqualTo(
                    "api-key-sid");
            assertThat(c.getEnv()).noneMatch(e -> e.getName().equals("TWILIO_AUTH_TOKEN"));
        }
        Container gateway = named(Chart.ofKind(objects, Deployment.class), "webhook-gateway").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(gateway.getEnv()).anyMatch(e -> e.getName().equals("TWILIO_AUTH_TOKEN"));
        assertThat(gateway.getEnv()).anyMatch(e -> e.getName().equals("TWILIO_API_KEY_SECRET"));
    }

    @Test
    void publicUrlsReachTheServicesThatSignAgainstThem() {
        List<HasMetadata> objects = Chart.objects(Chart.render("values-staging.yaml", Map.of()));
        Container gateway = named(Chart.ofKind(objects, Deployment.class), "webhook-gateway").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(gateway, "GATEWAY_PUBLIC_BASE_URL").getValue()).isEqualTo("https://voice.staging.example.com");
        assertThat(env(gateway, "GATEWAY_STREAMING_MEDIA_URL").getValue())
                .isEqualTo("wss://media.staging.example.com/webhooks/twilio/media");
        assertThat(env(gateway, "GATEWAY_STREAMING_BRIDGE_HEALTH_URL").getValue())
                .isEqualTo("http://ai-caller-media-bridge:80/q/health/ready");
        assertThat(named(Chart.ofKind(objects, Ingress.class), "webhook-gateway").getSpec()
                .getRules()
                .get(0)
                .getHost()).isEqualTo("voice.staging.example.com");
    }

    @Test
    void theBridgesJvmSettingsAreTheSameInTheChartAndInItsImage() throws IOException {
        Container bridge = named(Chart.ofKind(Chart.objects(Chart.render(null, Map.of())), Deployment.class),
                "media-bridge").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> image = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Chart.ROOT.resolve("media-bridge/src/main/docker/Dockerfile.jvm"))) {
            java.util.regex.Matcher env = java.util.regex.Pattern.compile("^ENV (\\w+)=\"?(.*?)\"?$").matcher(line);
            if (env.matches()) {
                image.put(env.group(1), env.group(2));
            }
        }
        for (String name : List.of("JAVA_OPTS_APPEND", "GC_CONTAINER_OPTIONS", "MALLOC_ARENA_MAX")) {
            assertThat(env(bridge, name).getValue()).as(name).isEqualTo(image.get(name));
        }
        assertThat(env(bridge, "JAVA_OPTS_APPEND").getValue()).contains("-Xmx");
    }

    @Test
    void turnDetectionSettingsAreCheckedAsTheModelApiChecksThem() {
        Map<String, Object> off = Map.of("mediaBridge.profiles.quiet.turn-detection", "off",
                "mediaBridge.profiles.quiet.vad-silence-duration", "700ms");
        ConfigMap profiles = named(Chart.ofKind(Chart.objects(Chart.render(null, off)), ConfigMap.class),
                "media-bridge-profiles");
        assertThat(profiles.getData().get("profiles.properties"))
                .contains("bridge.profiles.quiet.turn-detection=off")
                .contains("bridge.profiles.quiet.vad-silence-duration=700ms");
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.profiles.x.turn-detection", "none")))
                .hasMessageContaining("turn-detection");
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.profiles.x.vad-eagerness", "eager")))
                .hasMessageContaining("vad-eagerness");
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.profiles.x.vad-threshold", 2)))
                .hasMessageContaining("vad-threshold");
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.profiles.x.vad-idle-timeout", "8")))
                .hasMessageContaining("vad-idle-timeout");
    }

    @Test
    void aTypoOrAWrongTypeInValuesIsRejectedByTheSchema() throws IOException {
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.replicaz", 3)))
                .hasMessageContaining("replicaz");
        assertThatThrownBy(() -> Chart.render(null, Map.of("mediaBridge.replicas", "two")))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.render(null, Map.of("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> Chart.render(null, Map.of("publicUrls.gateway", "http://voice.example.com")))
                .hasMessageContaining("gateway");
        Path typo = Files.createTempFile("values-typo", ".yaml");
        Files.writeString(typo, "mediaBridge:\n  maxCallDurationSecs: 600\n");
        try {
            assertThatThrownBy(() -> new Helm(Chart.CHART).template()
                    .withKubeVersion(Chart.KUBE_VERSION)
                    .withValuesFile(typo)
                    .call())
                    .hasMessageContaining("maxCallDurationSecs");
        } finally {
            Files.delete(typo);
        }
    }

    @Test
    void aComponentCanNameItsOwnImage() {
        List<HasMetadata> objects = Chart.objects(Chart.render(null, Map.of("mediaBridge.image.repository",
                "registry.example.com/voice/bridge", "mediaBridge.image.tag", "0.1.0-native")));
        assertThat(named(Chart.ofKind(objects, Deployment.class), "media-bridge").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()).isEqualTo("registry.example.com/voice/bridge:0.1.0-native");
        assertThat(named(Chart.ofKind(objects, Deployment.class), "webhook-gateway").getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()).isEqualTo("ghcr.io/ai-caller/webhook-gateway:0.1.0");
    }

    @Test
    void disabledComponentsRenderNothing() throws IOException {
        List<HasMetadata> objects = Chart.objects(Chart.render(null, Map.of("numbersService.enabled", false,
                "messagingService.enabled", false)));
        assertThat(Chart.ofKind(objects, Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("ai-caller-webhook-gateway", "ai-caller-media-bridge");
        Pod test = Chart.ofKind(Chart.testHooks(Map.of("numbersService.enabled", false,
                "messagingService.enabled", false)), Pod.class).get(0);
        assertThat(env(test.getSpec().getContainers().get(0), "READY_URLS").getValue())
                .doesNotContain("numbers-service")
                .contains("ai-caller-media-bridge");
    }

    @Test
    void theHelmTestSignsItsWebhookAsTwilioDoes() throws Exception {
        List<HasMetadata> objects = Chart.testHooks(Map.of());
        assertThat(objects).allSatisfy(o -> assertThat(Chart.unknownFields(o)).isEmpty());
        ConfigMap scripts = named(Chart.ofKind(objects, ConfigMap.class), "tests");
        Pod pod = Chart.ofKind(objects, Pod.class).get(0);
        assertThat(pod.getSpec().getContainers().get(0).getCommand()).containsExactly("sh", "/scripts/check.sh");
        assertThat(env(pod.getSpec().getContainers().get(0), "READY_URLS").getValue().split(" ")).hasSize(4);
        assertThat(env(pod.getSpec().getContainers().get(0), "TWILIO_AUTH_TOKEN").getValueFrom()
                .getSecretKeyRef()
                .getName()).isEqualTo("ai-caller-twilio");
        Path sign = Files.createTempFile("sign", ".sh");
        Files.writeString(sign, scripts.getData().get("sign.sh"));
        try {
            String token = "test-auth-token-0123456789abcdef";
            String url = "https://voice.example.com/webhooks/twilio/voice";
            Map<String, String> params = Map.of("CallSid", "CA" + "1".repeat(32), "CallStatus", "ringing", "From",
                    "+15005550006", "To", "+15005550006", "Direction", "inbound");
            String data = url + params.entrySet()
                    .stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + e.getValue())
                    .collect(Collectors.joining());
            Process sh = new ProcessBuilder("sh", "-c", ". \"$0\"; twilio_signature \"$1\" \"$2\"", sign.toString(),
                    token, data).redirectErrorStream(true).start();
            String signature = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(sh.waitFor()).isZero();
            assertThat(signature).isEqualTo(TwilioSigner.sign(token, url, params));
        } finally {
            Files.delete(sign);
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void theNotesPrintTheUrlsToPasteIntoTwilio(String values) throws IOException {
        String gateway = value(values, "publicUrls.gateway", null);
        String media = value(values, "publicUrls.mediaBridge", null);
        assertThat(Chart.notes(values)).contains(gateway + "/webhooks/twilio/voice", gateway
                + "/webhooks/twilio/status", gateway + "/webhooks/twilio/sms", media + "/webhooks/twilio/media",
                "helm test ai-caller");
    }

    static <T extends HasMetadata> T named(List<T> objects, String component) {
        return objects.stream()
                .filter(o -> o.getMetadata().getName().equals(Chart.RELEASE + "-" + component))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + component + " in " + objects.stream()
                        .map(o -> o.getMetadata().getName())
                        .collect(Collectors.toList())));
    }

    @Test
    void theOutboxIsAnEmptyDirByDefaultAndAPersistentVolumePerReplicaWhenAskedFor() {
        List<HasMetadata> objects = Chart.objects(Chart.render("values.yaml", Map.of()));
        Deployment gateway = Chart.ofKind(objects, Deployment.class)
                .stream()
                .filter(d -> d.getMetadata().getName().endsWith("webhook-gateway"))
                .findFirst()
                .orElseThrow();
        var pod = gateway.getSpec().getTemplate().getSpec();
        assertThat(env(pod.getContainers().get(0), "GATEWAY_OUTBOX_DIRECTORY").getValue())
                .isEqualTo("/var/lib/ai-caller/outbox");
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("outbox") && v.getEmptyDir() != null);
        assertThat(env(pod.getContainers().get(0), "GATEWAY_TRUSTED_PROXIES").getValue()).contains("10.0.0.0/8");

        List<HasMetadata> persistent = Chart.objects(Chart.render("values.yaml",
                Map.of("webhookGateway.outbox.persistent", true, "messagingService.outbox.persistent", true,
                        "messagingService.outbox.storageClassName", "fast-ssd")));
        List<StatefulSet> sets = Chart.ofKind(persistent, StatefulSet.class);
        assertThat(sets).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(Chart.RELEASE + "-webhook-gateway", Chart.RELEASE + "-messaging-service");
        assertThat(Chart.ofKind(persistent, Deployment.class)).hasSize(2);
        for (StatefulSet set : sets) {
            var claim = set.getSpec().getVolumeClaimTemplates().get(0);
            assertThat(claim.getMetadata().getName()).isEqualTo("outbox");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
            var spec = set.getSpec().getTemplate().getSpec();
            assertThat(spec.getVolumes()).noneMatch(v -> v.getName().equals("outbox"));
            assertThat(spec.getSecurityContext().getFsGroup()).isEqualTo(185L);
            assertThat(spec.getContainers().get(0).getVolumeMounts())
                    .anyMatch(
                            m -> m.getName().equals("outbox") && m.getMountPath().equals("/var/lib/ai-caller/outbox"));
            assertThat(set.getSpec().getServiceName()).isEqualTo(set.getMetadata().getName());
        }
        assertThat(sets.stream()
                .filter(s -> s.getMetadata().getName().endsWith("messaging-service"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getStorageClassName())
                .isEqualTo("fast-ssd");
        assertThat(Chart.ofKind(persistent, HorizontalPodAutoscaler.class))
                .filteredOn(h -> h.getMetadata().getName().endsWith("webhook-gateway"))
                .allMatch(h -> h.getSpec().getScaleTargetRef().getKind().equals("StatefulSet"));
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv()
                .stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    /** A value as the environment's file sets it over the defaults (Helm merges values the same way). */
    static String value(String valuesFile, String dotted, String fallback) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode defaults = yaml.readTree(Chart.CHART.resolve("values.yaml").toFile());
        JsonNode overrides = yaml.readTree(Chart.CHART.resolve(valuesFile).toFile());
        String pointer = "/" + dotted.replace('.', '/');
        JsonNode value = overrides.at(pointer).isMissingNode() ? defaults.at(pointer) : overrides.at(pointer);
        return value.isMissingNode() ? fallback : value.asText();
    }
}
