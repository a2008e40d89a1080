package io.aicaller.deploy;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The chart under test, rendered with the real Helm (its Go library) and read into typed Kubernetes models. */
final class Chart {

    static final Path ROOT = Path.of(System.getProperty("aicaller.root", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/ai-caller");
    static final List<String> ENVIRONMENTS = List.of("values.yaml", "values-dev.yaml", "values-staging.yaml",
            "values-prod.yaml");
    static final String RELEASE = "ai-caller";
    static final String NAMESPACE = "ai-caller";
    /** The oldest Kubernetes the chart supports (preStop sleep needs 1.30). */
    static final String KUBE_VERSION = "1.30.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    static String render(String valuesFile, Map<String, Object> sets) {
        return render(CHART, valuesFile, sets);
    }

    static String render(Path chart, String valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null && !valuesFile.equals("values.yaml")) {
            template.withValuesFile(chart.resolve(valuesFile));
        }
        sets.forEach(template::set);
        return template.call();
    }

    /**
     * The {@code helm test} objects: Helm's template leaves hooks out of its output, so they are rendered from a copy
     * of the chart whose test hook annotation is renamed ({@code helm.sh/hook} becomes {@code rendered.test/hook}).
     */
    static List<HasMetadata> testHooks(Map<String, Object> sets) throws java.io.IOException {
        Path copy = java.nio.file.Files.createTempDirectory("chart");
        try (var files = java.nio.file.Files.walk(CHART)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    String text = java.nio.file.Files.readString(file);
                    java.nio.file.Files.writeString(target,
                            file.toString().contains("templates/tests/")
                                    ? text.replace("helm.sh/hook", "rendered.test/hook")
                                    : text);
                }
            }
        }
        try {
            return objects(render(copy, null, sets)).stream()
                    .filter(o -> o.getMetadata().getAnnotations() != null
                            && "test".equals(o.getMetadata().getAnnotations().get("rendered.test/hook")))
                    .collect(Collectors.toList());
        } finally {
            try (var files = java.nio.file.Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** NOTES.txt as an install prints it (a client-only dry run). */
    static String notes(String valuesFile) {
        var install = new Helm(CHART).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .clientOnly()
                .dryRun();
        if (valuesFile != null && !valuesFile.equals("values.yaml")) {
            install.withValuesFile(CHART.resolve(valuesFile));
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** Each rendered document as its typed model; a kind the models do not know is an error. */
    static List<HasMetadata> objects(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            HasMetadata object = SERIALIZATION.unmarshal(document, HasMetadata.class);
            if (object instanceof GenericKubernetesResource generic) {
                throw new AssertionError("No typed model for " + generic.getApiVersion() + " " + generic.getKind());
            }
            objects.add(object);
        }
        return objects;
    }

    /** Fields the typed models did not recognise (a typo'd or misplaced key), as paths. */
    static List<String> unknownFields(HasMetadata object) {
        List<String> unknown = new ArrayList<>();
        walk(object, object.getKind() + "/" + object.getMetadata().getName(), unknown,
                java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                walk(field, path + "." + decapitalize(getter.getName().substring(3)), unknown, seen);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }
}
