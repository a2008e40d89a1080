package io.aicaller.support.phone;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** E.164 validation and masking for logs. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * The reason {@code number} is not a dialable E.164 number, or empty when it is one. E.164 means a leading
     * {@code +}, the country code and the subscriber number, with no spaces or punctuation.
     */
    public static Optional<String> e164Problem(String number) {
        if (number == null || number.isBlank()) {
            return Optional.of("is missing");
        }
        if (!number.matches("\\+[1-9][0-9]{1,14}")) {
            return Optional.of("must be in E.164 format, e.g. +14155550100 (got " + mask(number) + ")");
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(number, null);
            if (!UTIL.isValidNumber(parsed)) {
                return Optional.of("is not a valid phone number (" + mask(number) + ")");
            }
            return Optional.empty();
        } catch (NumberParseException e) {
            return Optional.of("is not a phone number (" + mask(number) + ")");
        }
    }

    /** Keeps the country part and the last two digits: {@code +1415*****00}. Non-numbers are masked whole. */
    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        if (number.length() <= 6) {
            return "*".repeat(number.length());
        }
        int keepStart = Math.min(5, number.length() - 4);
        return number.substring(0, keepStart) + "*".repeat(number.length() - keepStart - 2)
                + number.substring(number.length() - 2);
    }
}
