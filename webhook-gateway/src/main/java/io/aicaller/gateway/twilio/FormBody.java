package io.aicaller.gateway.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses an {@code application/x-www-form-urlencoded} body into the name-to-value map Twilio signs. */
public final class FormBody {

    private FormBody() {
    }

    /**
     * @throws IllegalArgumentException when the body is not valid form encoding
     */
    public static Map<String, String> parse(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            // Twilio's form webhooks do not repeat names; the first value is the one its SDK validators see.
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
