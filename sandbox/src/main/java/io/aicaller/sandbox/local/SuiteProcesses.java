package io.aicaller.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The processes of a local suite, by name, each with its log in one directory: started, awaited, killed, started
 * again with the same command and environment, and stopped. A process started again replaces its entry and appends
 * to its log.
 */
final class SuiteProcesses {

    private final Path logs;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, ProcessBuilder> launches = new LinkedHashMap<>();
    private final Map<String, Path> logFiles = new LinkedHashMap<>();

    SuiteProcesses(Path logs) {
        this.logs = logs;
    }

    /** The JVM this runs on, for the processes it starts. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    boolean launched(String name) {
        return launches.containsKey(name);
    }

    Path launch(String name, List<String> command, Map<String, String> env) throws IOException {
        Path log = logs.resolve(name + ".log");
        if (!launches.containsKey(name)) {
            Files.deleteIfExists(log);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        launches.put(name, builder);
        processes.put(name, builder.start());
        logFiles.put(name, log);
        return log;
    }

    /** Starts a killed or stopped process again with the same command and environment. */
    void relaunch(String name) throws IOException {
        processes.put(name, launches.get(name).start());
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure would: no shutdown hook runs. */
    void kill(String name) throws InterruptedException {
        Process process = processes.get(name);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after a grace. */
    void stop(String name) {
        Process process = processes.get(name);
        if (process != null) {
            process.destroy();
            waitFor(process);
        }
    }

    /** Stops every process but {@code last} (together, each with its grace), then {@code last}. */
    void stopAllThen(String last) {
        List<Process> others = processes.entrySet()
                .stream()
                .filter(e -> !e.getKey().equals(last))
                .map(Map.Entry::getValue)
                .toList();
        others.forEach(Process::destroy);
        others.forEach(SuiteProcesses::waitFor);
        stop(last);
    }

    /** Waits until {@code healthUrl} answers 200; fails early when the process exits. */
    void awaitReady(String name, String healthUrl, Duration timeout) throws Exception {
        Process process = processes.get(name);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                        + logFiles.get(name));
            }
            try {
                // Bounded: something else on the port may accept and never answer.
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(healthUrl))
                        .timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logFiles.get(name));
    }

    /** Waits for {@code text} to appear in the process's log more often than {@code before} times. */
    void awaitLog(String name, String text, int before, Duration timeout) throws Exception {
        Path log = logFiles.get(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (occurrences(name, text) > before) {
                return;
            }
            if (!processes.get(name).isAlive()) {
                throw new IllegalStateException("Exited early; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("'" + text + "' not seen in " + log);
    }

    /** How often {@code text} is in the process's log (0 before it started: an earlier run's log is replaced). */
    int occurrences(String name, String text) throws IOException {
        Path log = logs.resolve(name + ".log");
        return launched(name) && Files.exists(log)
                ? Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length - 1
                : 0;
    }

    Map<String, Path> logFiles() {
        return Map.copyOf(logFiles);
    }

    /** The last lines of every log, for a failure report. */
    String tails(int lines) {
        return logFiles.entrySet().stream().map(e -> {
            try {
                List<String> all = Files.readAllLines(e.getValue());
                return "== " + e.getKey() + "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines),
                        all.size()));
            } catch (IOException ex) {
                return "== " + e.getKey() + ": " + ex;
            }
        }).collect(Collectors.joining("\n"));
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
