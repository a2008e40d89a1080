package io.aicaller.messaging.sms;

import java.util.Locale;
import java.util.Set;

/**
 * The carrier-standard keywords of an inbound message: the whole body, trimmed and in any case, must be one keyword
 * ("STOP PLEASE" is not an opt-out), as Twilio matches them.
 */
public final class Keywords {

    public enum Meaning {
        /** STOP and its family: no more messages to this number. */
        OPT_OUT,
        /** START, YES, UNSTOP: messages again. */
        OPT_IN,
        /** HELP, INFO: Twilio answers those itself; nothing of ours reacts. */
        HELP,
        /** An ordinary message. */
        NONE
    }

    private static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT");
    private static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
    private static final Set<String> HELP = Set.of("HELP", "INFO");

    private Keywords() {
    }

    public static Meaning of(String body) {
        if (body == null) {
            return Meaning.NONE;
        }
        String word = body.strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT.contains(word)) {
            return Meaning.OPT_OUT;
        }
        if (OPT_IN.contains(word)) {
            return Meaning.OPT_IN;
        }
        return HELP.contains(word) ? Meaning.HELP : Meaning.NONE;
    }

    /** The keyword as recorded on an opt-out change: the trimmed, upper-cased body. */
    public static String normalized(String body) {
        return body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
    }
}
