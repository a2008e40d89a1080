package io.aicaller.messaging.sms;

/**
 * How many SMS parts a body is billed as. GSM-7 when every character is in the GSM 03.38 default alphabet or its
 * extension table (extension characters take two septets: escape plus the character); otherwise UCS-2, counted in
 * UTF-16 code units. One part holds 160 septets or 70 units; a concatenated message loses room to its header, 153 or
 * 67 per part, and never splits an escape sequence or a surrogate pair across parts.
 *
 * @param encoding GSM-7 or UCS-2
 * @param segments Parts the body is sent (and billed) as; 0 for an empty body
 * @param units Septets (GSM-7) or UTF-16 code units (UCS-2) the body takes
 */
public record Segments(Encoding encoding, int segments, int units) {

    public enum Encoding {
        GSM_7("GSM-7", 160, 153),
        UCS_2("UCS-2", 70, 67);

        private final String wireName;
        private final int single;
        private final int concatenated;

        Encoding(String wireName, int single, int concatenated) {
            this.wireName = wireName;
            this.single = single;
            this.concatenated = concatenated;
        }

        /** The name on events and in the API: {@code GSM-7} or {@code UCS-2}. */
        public String wireName() {
            return wireName;
        }
    }

    // The GSM 03.38 default alphabet, in table order (0x1B, the escape, excluded).
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // The extension table reached through the escape: two septets each.
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private static final boolean[] IN_BASIC = table(BASIC);
    private static final boolean[] IN_EXTENSION = table(EXTENSION);

    public static Segments of(String body) {
        if (body == null || body.isEmpty()) {
            return new Segments(Encoding.GSM_7, 0, 0);
        }
        int septets = gsmSeptets(body);
        if (septets >= 0) {
            return new Segments(Encoding.GSM_7, parts(body, Encoding.GSM_7, septets), septets);
        }
        return new Segments(Encoding.UCS_2, parts(body, Encoding.UCS_2, body.length()), body.length());
    }

    /** Septets of {@code body} in GSM-7, or -1 when a character has no GSM-7 form. */
    private static int gsmSeptets(String body) {
        int septets = 0;
        for (int i = 0; i < body.length(); i++) {
            int width = gsmWidth(body.charAt(i));
            if (width < 0) {
                return -1;
            }
            septets += width;
        }
        return septets;
    }

    private static int gsmWidth(char c) {
        if (c < IN_BASIC.length && IN_BASIC[c]) {
            return 1;
        }
        return c < IN_EXTENSION.length && IN_EXTENSION[c] ? 2 : -1;
    }

    private static int parts(String body, Encoding encoding, int units) {
        if (units <= encoding.single) {
            return 1;
        }
        // Pack greedily so an escape sequence or a surrogate pair that would straddle a boundary starts the next part.
        int parts = 1;
        int used = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            int width;
            if (encoding == Encoding.GSM_7) {
                width = gsmWidth(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < body.length()
                    && Character.isLowSurrogate(body.charAt(i + 1))) {
                width = 2;
                i++;
            } else {
                width = 1;
            }
            if (used + width > encoding.concatenated) {
                parts++;
                used = 0;
            }
            used += width;
        }
        return parts;
    }

    private static boolean[] table(String characters) {
        int max = characters.chars().max().orElse(0);
        boolean[] table = new boolean[max + 1];
        characters.chars().forEach(c -> table[c] = true);
        return table;
    }
}
