package io.aicaller.sandbox.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Text to mu-law for the demo agent, offline, the way the bundled prompts were made: Debian's {@code espeak-ng}
 * speaks, {@code sox} converts to 8 kHz mu-law. Without them (or when they fail) it returns null and the demo agent
 * falls back to a bundled prompt. Results are cached: an agent says its greeting on every call.
 */
public final class Speech {

    private static final Logger LOG = Logger.getLogger(Speech.class);
    private static final int MAX_CACHED = 64;
    private static final int MAX_CHARS = 600;

    private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private final boolean available;

    public Speech() {
        this.available = runs("espeak-ng", "--version") && runs("sox", "--version");
        if (!available) {
            LOG.info("espeak-ng or sox not found: the demo agent speaks its bundled prompts only");
        }
    }

    public boolean available() {
        return available;
    }

    /** The text spoken as raw 8 kHz mu-law, or null if it cannot be synthesised here. */
    public synchronized byte[] say(String text) {
        if (!available || text == null || text.isBlank()) {
            return null;
        }
        String spoken = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        byte[] cached = cache.get(spoken);
        if (cached != null) {
            return cached;
        }
        Path wav = null;
        Path raw = null;
        try {
            wav = Files.createTempFile("demo-agent", ".wav");
            raw = Files.createTempFile("demo-agent", ".ulaw");
            // Arguments, not a shell: the text is the agent's, and never interpreted.
            if (!run(List.of("espeak-ng", "-v", "en-us", "-s", "170", "-w", wav.toString(), "--", spoken))
                    || !run(List.of("sox", wav.toString(), "-r", "8000", "-c", "1", "-e", "mu-law", "-t", "raw",
                            raw.toString()))) {
                return null;
            }
            byte[] audio = Files.readAllBytes(raw);
            if (audio.length == 0) {
                return null;
            }
            cache.put(spoken, audio);
            return audio;
        } catch (IOException e) {
            LOG.debugf("Could not synthesise speech: %s", e.toString());
            return null;
        } finally {
            delete(wav);
            delete(raw);
        }
    }

    private static boolean runs(String... command) {
        try {
            return run(List.of(command));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
