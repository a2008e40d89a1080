package io.aicaller.bridge.twilio;

/** Validates standard base64 without decoding it, so audio can be forwarded as received. */
public final class Base64Check {

    private Base64Check() {
    }

    public static boolean isValid(String s) {
        int length = s.length();
        if (length == 0 || length % 4 != 0) {
            return false;
        }
        int padding = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                padding++;
                if (i < length - 2) {
                    return false;
                }
            } else if (padding > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/')) {
                return false;
            }
        }
        return padding <= 2;
    }

    /** Bytes encoded by a valid base64 string. */
    public static int decodedLength(String s) {
        int length = s.length();
        int padding = length > 0 && s.charAt(length - 1) == '=' ? (length > 1 && s.charAt(length - 2) == '=' ? 2 : 1)
                : 0;
        return length / 4 * 3 - padding;
    }
}
