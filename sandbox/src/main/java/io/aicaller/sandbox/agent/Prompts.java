package io.aicaller.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bundled mu-law prompts ({@code prompts/*.ulaw}; see the README beside them for how they were made). */
public final class Prompts {

    public static final List<String> AGENT = List.of("greeting", "answer", "sms-sent", "transfer", "goodbye");
    public static final String CALLER = "caller";

    /** What each agent prompt says, as the demo agent writes it in transcripts (see the README beside them). */
    public static final Map<String, String> TEXTS = Map.of(
            "greeting", "Hello, this is the ai-caller demo agent. Press 1 and I will text you, press 0 to reach a"
                    + " person, or press the hash key to hang up.",
            "answer", "I heard you. I am the offline demo agent; set an OpenAI key to talk to a real model.",
            "sms-sent", "Done. I have sent you a text message.",
            "transfer", "Sure, transferring you to a person now.",
            "goodbye", "Thank you for calling. Goodbye.");

    private Prompts() {
    }

    /** The bundled prompt recorded with exactly this text, or null. */
    public static String named(String text) {
        return TEXTS.entrySet()
                .stream()
                .filter(e -> e.getValue().equals(text))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    public static byte[] load(String name) {
        try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name + ".ulaw")) {
            if (in == null) {
                throw new IllegalArgumentException("No bundled prompt " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, byte[]> agent() {
        Map<String, byte[]> prompts = new LinkedHashMap<>();
        AGENT.forEach(name -> prompts.put(name, load(name)));
        return prompts;
    }
}
