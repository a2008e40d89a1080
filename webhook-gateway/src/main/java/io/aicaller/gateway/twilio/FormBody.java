package io.aicaller.gateway.twilio;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses an {@code application/x-www-form-urlencoded} body into the name-to-value map Twilio signs. Decodes as
 * {@link java.net.URLDecoder} does with UTF-8 ({@code +} is a space, runs of {@code %XX} are UTF-8 bytes), in one pass
 * per component and without copying a component that has nothing to decode: every webhook goes through here.
 */
public final class FormBody {

    private FormBody() {
    }

    /**
     * @throws IllegalArgumentException when the body is not valid form encoding
     */
    public static Map<String, String> parse(String body) {
        Map<String, String> params = new LinkedHashMap<>(32);
        if (body == null || body.isEmpty()) {
            return params;
        }
        int start = 0;
        int length = body.length();
        while (start <= length) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = body.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(body, start, end);
                    value = "";
                } else {
                    name = decode(body, start, eq);
                    value = decode(body, eq + 1, end);
                }
                // Twilio's form webhooks do not repeat names; the first value is the one its SDK validators see.
                params.putIfAbsent(name, value);
            }
            start = end + 1;
        }
        return params;
    }

    static String decode(String s, int from, int to) {
        int first = from;
        while (first < to && s.charAt(first) != '%' && s.charAt(first) != '+') {
            first++;
        }
        if (first == to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from).append(s, from, first);
        byte[] bytes = null;
        int i = first;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '+') {
                out.append(' ');
                i++;
            } else if (c == '%') {
                if (bytes == null) {
                    bytes = new byte[(to - i) / 3];
                }
                int n = 0;
                while (i < to && s.charAt(i) == '%') {
                    if (i + 2 >= to) {
                        throw new IllegalArgumentException("Incomplete escape at the end of a form value");
                    }
                    int high = Character.digit(s.charAt(i + 1), 16);
                    int low = Character.digit(s.charAt(i + 2), 16);
                    if (high < 0 || low < 0) {
                        throw new IllegalArgumentException("Illegal escape in a form value");
                    }
                    bytes[n++] = (byte) ((high << 4) | low);
                    i += 3;
                }
                out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
