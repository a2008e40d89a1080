package io.aicaller.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway says about itself over a phase, from two scrapes of its Prometheus endpoint: bytes it allocated
 * (what drives its GC), its GC pauses, and its own answer times (from arrival to answer, without the generator's or
 * the network's share), so a latency figure can be told apart from the measuring machine's.
 */
final class GatewayMetrics {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final Pattern LE = Pattern.compile("le=\"([0-9.eE+-]+|\\+Inf)\"");

    private final Map<String, Double> values;

    private GatewayMetrics(Map<String, Double> values) {
        this.values = values;
    }

    static GatewayMetrics scrape(HttpClient client, String target) {
        try {
            String text = client.send(HttpRequest.newBuilder(URI.create(target + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> values = new HashMap<>();
            Matcher m = SAMPLE.matcher(text);
            while (m.find()) {
                values.merge(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)),
                        Double::sum);
            }
            return new GatewayMetrics(values);
        } catch (Exception e) {
            return new GatewayMetrics(Map.of());
        }
    }

    private double sum(String name, String labelPart) {
        return values.entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith(name) && e.getKey().contains(labelPart))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** One line of what changed between {@code before} and this scrape, for {@code webhooks} answered. */
    String since(GatewayMetrics before, long webhooks, String type) {
        double allocated = sum("jvm_gc_memory_allocated_bytes_total", "")
                - before.sum("jvm_gc_memory_allocated_bytes_total", "");
        double pauses = sum("jvm_gc_pause_seconds_count", "") - before.sum("jvm_gc_pause_seconds_count", "");
        double paused = sum("jvm_gc_pause_seconds_sum", "") - before.sum("jvm_gc_pause_seconds_sum", "");
        StringBuilder line = new StringBuilder(String.format(
                "gateway self  %.1f KiB allocated per webhook; %d GC pauses, %.0f ms paused in all", allocated / 1024
                        / Math.max(1, webhooks),
                Math.round(pauses), paused * 1000));
        // Its own answer times: the share answered within each bucket's bound over the phase.
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String bucket = "gateway_webhook_answer_seconds_bucket";
        values.forEach((key, value) -> {
            if (key.startsWith(bucket + "{") && key.contains("type=\"" + type + "\"")) {
                Matcher le = LE.matcher(key);
                if (le.find() && !le.group(1).equals("+Inf")) {
                    buckets.put(Double.parseDouble(le.group(1)), value - before.values.getOrDefault(key, 0.0));
                }
            }
        });
        double count = sum("gateway_webhook_answer_seconds_count", "type=\"" + type + "\"")
                - before.sum("gateway_webhook_answer_seconds_count", "type=\"" + type + "\"");
        if (count > 0 && !buckets.isEmpty()) {
            line.append("; answered within");
            for (double bound : new double[]{0.005, 0.01, 0.02, 0.05}) {
                Double within = buckets.get(bound);
                if (within != null) {
                    line.append(String.format(" %.0f ms: %.2f %%,", bound * 1000, 100 * within / count));
                }
            }
            line.setLength(line.length() - 1);
            line.append(" (its own clock)");
        }
        return line.toString();
    }
}
