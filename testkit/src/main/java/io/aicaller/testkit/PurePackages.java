package io.aicaller.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The architecture rule for pure packages (protocols, audio, SMS rules): no Quarkus, Vert.x, Jakarta or SmallRye. */
public final class PurePackages {

    private PurePackages() {
    }

    /** The framework imports of the Java files directly in {@code dir}, as "File.java: import ..." lines. */
    public static List<String> frameworkImports(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("No package directory " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(file -> {
                try {
                    return Files.readAllLines(file)
                            .stream()
                            .filter(line -> line
                                    .matches("import (static )?(io\\.quarkus|io\\.vertx|jakarta|io\\.smallrye)\\..*"))
                            .map(line -> file.getFileName() + ": " + line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
