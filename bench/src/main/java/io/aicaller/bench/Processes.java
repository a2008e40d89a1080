package io.aicaller.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starting and measuring the processes under test: CPU pinning, readiness, CPU time and RSS from /proc. */
final class Processes {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private Processes() {
    }

    /** Starts {@code command}, pinned to {@code cpu} with taskset when available and cpu >= 0. */
    static Process start(List<String> command, int cpu, Map<String, String> env, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (cpu >= 0 && new File("/usr/bin/taskset").canExecute()) {
            full.add("/usr/bin/taskset");
            full.add("-c");
            full.add(String.valueOf(cpu));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    /**
     * Starts a packaged Quarkus service on CPU 0 (the core the generator leaves alone), with quiet logs, the given
     * system properties and environment, plus any JVM options in the environment variable {@code optsVariable}
     * (e.g. a JFR recording), and waits until it is ready.
     */
    static Process startService(Path jar, int httpPort, String optsVariable, List<String> properties,
            Map<String, String> env, Path log) throws Exception {
        // SERVICE_JAVA: another JDK's java for the service (e.g. a JDK 25 with an AOT cache); the bench's own else.
        String java = System.getenv().getOrDefault("SERVICE_JAVA", javaBin());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        String extra = System.getenv().getOrDefault(optsVariable, "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.log.level=WARN");
        command.add("-Dquarkus.log.console.json.enabled=false");
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = start(command, 0, env, log);
        awaitHttp200("http://127.0.0.1:" + httpPort + "/q/health/ready", Duration.ofSeconds(60), process);
        return process;
    }

    /**
     * Starts a Kafka broker (KRaft) in a JVM of its own on {@code cpu}, with {@code topics} created, and waits until
     * it is ready: its GC pauses are then its own, as a real broker's are, not the load generator's.
     */
    static Process startBroker(int port, Path dataDir, int cpu, Path log, String... topics) throws Exception {
        Process broker = start(List.of(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.aicaller.testkit.KafkaBroker", String.valueOf(port), dataDir.toString(), String.join(",", topics)),
                cpu, Map.of(), log);
        awaitLog(log, "Kafka broker ready", Duration.ofSeconds(60), broker);
        return broker;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void awaitHttp200(String url, Duration timeout, Process process) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Process exited with " + process.exitValue() + " before " + url);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " not ready within " + timeout);
    }

    static void awaitLog(Path log, String text, Duration timeout, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Process exited early; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("'" + text + "' not seen in " + log);
    }

    /** User + system CPU time of a process so far, in milliseconds (Linux only; -1 elsewhere). */
    static long cpuMillis(long pid) {
        return kernelMillis(pid, true);
    }

    /**
     * System (kernel) CPU time of a process so far, in milliseconds, or with {@code andUser} user + system (Linux only;
     * -1 elsewhere). On loopback the kernel time includes delivering what the process writes to its peer.
     */
    static long kernelMillis(long pid, boolean andUser) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = (andUser ? Long.parseLong(fields[11]) : 0) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Java heap in use right after a full collection, in KiB, read with the JDK's jcmd (-1 if unavailable). Counts
     * the young and old generations (or G1's heap), not metaspace.
     */
    static long heapAfterGcKib(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
            Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String out = new String(info.getInputStream().readAllBytes());
            info.waitFor();
            long used = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile(
                            "(?m)^\\s*(?:def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)"
                                    + ".*?used (\\d+)K")
                    .matcher(out);
            while (m.find()) {
                used += Long.parseLong(m.group(1));
            }
            return used == 0 ? -1 : used;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB (Linux only; -1 elsewhere). */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
