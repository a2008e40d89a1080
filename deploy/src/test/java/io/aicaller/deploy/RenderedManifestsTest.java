package io.aicaller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code k8s/ai-caller.yaml} is the chart rendered with its default values, checked in for readers and for plain
 * {@code kubectl apply}. It must equal a fresh render; {@code -Dk8s.update=true} rewrites it.
 */
class RenderedManifestsTest {

    static final Path RENDERED = Chart.ROOT.resolve("k8s/ai-caller.yaml");
    static final String HEADER = "# GENERATED from helm/ai-caller with its default values; do not edit.\n"
            + "# Regenerate: mvn -pl deploy test -Dtest=RenderedManifestsTest -Dk8s.update=true\n"
            + "# (the same as: helm template " + Chart.RELEASE + " helm/ai-caller --namespace " + Chart.NAMESPACE
            + " --kube-version " + Chart.KUBE_VERSION + ")\n";

    @Test
    void k8sHoldsTheChartRenderedWithItsDefaults() throws IOException {
        String fresh = HEADER + Chart.render(null, Map.of());
        if (Boolean.getBoolean("k8s.update")) {
            Files.createDirectories(RENDERED.getParent());
            Files.writeString(RENDERED, fresh);
        }
        assertThat(RENDERED).exists();
        assertThat(Files.readString(RENDERED))
                .as("k8s/ai-caller.yaml is stale: regenerate it with -Dk8s.update=true")
                .isEqualTo(fresh);
        assertThat(Chart.objects(fresh)).isNotEmpty();
    }
}
