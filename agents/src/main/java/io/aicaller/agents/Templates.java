package io.aicaller.agents;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{variable}}} placeholders in an agent's instructions and greeting. */
public final class Templates {

    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    /** Filled by the bridge on every call, whatever the definition says. */
    public static final Set<String> BUILT_IN = Set.of("from", "to", "direction", "agent");

    private Templates() {
    }

    /** The names the text uses, in order of first use; a malformed name is returned as written. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Fills the placeholders; one without a value becomes empty rather than reaching the model as braces. */
    public static String render(String text, Map<String, String> values) {
        if (text == null || text.indexOf("{{") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
