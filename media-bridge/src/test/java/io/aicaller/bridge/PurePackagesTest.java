package io.aicaller.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Protocol, audio and session logic stay free of Quarkus, Vert.x and Jakarta: testable in milliseconds. */
class PurePackagesTest {

    @Test
    void pureLogicImportsNoFramework() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Stream.of("twilio", "model", "session", "audio")
                .map(p -> Path.of("src/main/java/io/aicaller/bridge", p))
                .flatMap(PurePackagesTest::list)) {
            offending = files.flatMap(file -> {
                try {
                    return Files.readAllLines(file)
                            .stream()
                            .filter(l -> l
                                    .matches("import (static )?(io\\.quarkus|io\\.vertx|jakarta|io\\.smallrye)\\..*"))
                            .map(l -> file.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(offending).isEmpty();
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
