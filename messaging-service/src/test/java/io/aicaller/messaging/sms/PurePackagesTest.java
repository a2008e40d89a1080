package io.aicaller.messaging.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The SMS rules stay free of Quarkus, Vert.x and Jakarta, so it is unit-testable in milliseconds. */
class PurePackagesTest {

    @Test
    void smsClassesImportNoFramework() throws IOException {
        Path dir = Path.of("src/main/java/io/aicaller/messaging/sms");
        List<String> offending;
        try (Stream<Path> files = Files.list(dir)) {
            offending = files.flatMap(file -> {
                try {
                    return Files.readAllLines(file)
                            .stream()
                            .filter(line -> line
                                    .matches("import (static )?(io\\.quarkus|io\\.vertx|jakarta|io\\.smallrye)\\..*"))
                            .map(line -> file.getFileName() + ": " + line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(dir).isDirectory();
        assertThat(offending).isEmpty();
    }
}
