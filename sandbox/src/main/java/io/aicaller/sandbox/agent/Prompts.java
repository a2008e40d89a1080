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

    private Prompts() {
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
