package io.aicaller.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service must register for reflection in a native image, read from its sources, against what its
 * {@code @RegisterForReflection} class registers: twilio-java resources, types and TwiML it imports (the SDK reads and
 * writes them with Jackson), and every class the code hands to an ObjectMapper ({@code readValue(.., X.class)}; a
 * {@code recordClass()} lookup needs every event record).
 */
public final class NativeRegistrationCheck {

    private static final Pattern TWILIO_IMPORT = Pattern
            .compile("(?m)^import (com\\.twilio\\.(?:rest|type|twiml)\\.[\\w.]+);");
    private static final Pattern READ_VALUE = Pattern.compile("readValue\\([^;]*?,\\s*(\\w+)\\.class\\)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import ([\\w.]+);");
    private static final Set<String> BUILDER_SUFFIXES = Set.of("Creator", "Fetcher", "Updater", "Reader", "Deleter");

    private NativeRegistrationCheck() {
    }

    /** What the module's {@code src/main/java} needs registered that {@code registration} does not register. */
    public static Set<String> missingFromMainSources(Class<?> registration,
            Collection<? extends Class<?>> eventRecords) {
        return missing(Path.of("src/main/java"), registration, eventRecords);
    }

    /** Classes the sources under {@code sourceRoot} need registered that {@code registration} does not register. */
    public static Set<String> missing(Path sourceRoot, Class<?> registration,
            Collection<? extends Class<?>> eventRecords) {
        Set<String> registered = registered(registration);
        Set<String> missing = new TreeSet<>();
        for (String needed : needed(sourceRoot, eventRecords)) {
            if (!registered.contains(needed)) {
                missing.add(needed);
            }
        }
        return missing;
    }

    static Set<String> needed(Path sourceRoot, Collection<? extends Class<?>> eventRecords) {
        Set<String> needed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String source = Files.readString(file);
                Matcher twilio = TWILIO_IMPORT.matcher(source);
                while (twilio.find()) {
                    String name = twilio.group(1);
                    if (BUILDER_SUFFIXES.stream().noneMatch(name::endsWith)) {
                        needed.add(name);
                    }
                }
                Matcher read = READ_VALUE.matcher(source);
                while (read.find()) {
                    needed.add(qualify(read.group(1), source, file));
                }
                if (source.contains("recordClass()")) {
                    eventRecords.forEach(c -> needed.add(c.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return needed;
    }

    private static String qualify(String simpleName, String source, Path file) {
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            if (imports.group(1).endsWith("." + simpleName)) {
                return imports.group(1);
            }
        }
        try {
            return Class.forName("java.lang." + simpleName).getName();
        } catch (ClassNotFoundException e) {
            // not java.lang: a class of the file's own package
        }
        Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
        String prefix = pkg.find() ? pkg.group(1) + "." : "";
        String top = file.getFileName().toString().replaceFirst("\\.java$", "");
        if (!top.equals(simpleName)
                && Pattern.compile("\\b(record|class|enum|interface)\\s+" + simpleName + "\\b")
                        .matcher(source)
                        .find()) {
            return prefix + top + "." + simpleName; // a type nested in this file
        }
        if (Files.exists(file.resolveSibling(simpleName + ".java"))) {
            return prefix + simpleName; // a type of the same package
        }
        return prefix + simpleName + " (in " + file.getFileName() + ")";
    }

    /** The targets and class names of {@code @RegisterForReflection} on a class, read without depending on Quarkus. */
    static Set<String> registered(Class<?> registration) {
        Set<String> names = new TreeSet<>();
        for (Annotation annotation : registration.getAnnotations()) {
            if (!annotation.annotationType().getSimpleName().equals("RegisterForReflection")) {
                continue;
            }
            try {
                Class<?>[] targets = (Class<?>[]) annotation.annotationType().getMethod("targets").invoke(annotation);
                String[] classNames = (String[]) annotation.annotationType()
                        .getMethod("classNames")
                        .invoke(annotation);
                Arrays.stream(targets).forEach(c -> names.add(c.getName().replace('$', '.')));
                names.addAll(Arrays.asList(classNames));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }
}
