package io.aicaller.agents;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes personal data out of text before it leaves the suite (transcripts in events): card numbers (13-19 digits
 * passing the Luhn check, with or without spaces or dashes), e-mail addresses (written, or spoken as "name at example
 * dot com"), and phone numbers (E.164, North American and grouped international forms). Each is replaced by a label
 * saying what was there. Pure and thread-safe.
 */
public final class Redaction {

    public static final String CARD_NUMBERS = "card-numbers";
    public static final String EMAIL_ADDRESSES = "email-addresses";
    public static final String PHONE_NUMBERS = "phone-numbers";
    public static final List<String> KINDS = List.of(CARD_NUMBERS, EMAIL_ADDRESSES, PHONE_NUMBERS);
    public static final Redaction NONE = new Redaction(List.of());

    private static final Pattern CARD = Pattern.compile("(?<![\\d])\\d(?:[ -]?\\d){12,18}(?![\\d])");
    private static final Pattern EMAIL = Pattern
            .compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern SPOKEN_EMAIL = Pattern.compile(
            "\\b[A-Za-z0-9._-]+(?: (?:dot|underscore) [A-Za-z0-9-]+)* at [A-Za-z0-9-]+(?: dot [A-Za-z0-9-]+)+\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PHONE = Pattern.compile(String.join("|",
            "(?<![\\w+])\\+\\d{7,15}(?![\\d])",
            "(?<![\\w+])\\+\\d{1,3}(?:[ .-]\\(?\\d{1,4}\\)?){2,5}(?![\\d])",
            "(?<![\\w])(?:1[ .-]?)?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}(?![\\d])"));

    private final Set<String> kinds;

    private Redaction(List<String> kinds) {
        this.kinds = Set.copyOf(kinds);
    }

    /** @param kinds any of {@link #KINDS}; others are refused by {@link AgentRules} before they get here */
    public static Redaction of(List<String> kinds) {
        return kinds == null || kinds.isEmpty() ? NONE : new Redaction(kinds);
    }

    public boolean isActive() {
        return !kinds.isEmpty();
    }

    public String apply(String text) {
        if (text == null || kinds.isEmpty()) {
            return text;
        }
        String out = text;
        if (kinds.contains(CARD_NUMBERS)) {
            out = replaceCards(out);
        }
        if (kinds.contains(EMAIL_ADDRESSES)) {
            out = EMAIL.matcher(out).replaceAll("[email address]");
            out = SPOKEN_EMAIL.matcher(out).replaceAll("[email address]");
        }
        if (kinds.contains(PHONE_NUMBERS)) {
            out = PHONE.matcher(out).replaceAll("[phone number]");
        }
        return out;
    }

    private static String replaceCards(String text) {
        Matcher m = CARD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            m.appendReplacement(out, luhn(digits) ? "[card number]" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
