package io.aicaller.support.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void acceptsDialableE164Numbers() {
        assertThat(PhoneNumbers.e164Problem("+14155550100")).isEmpty();
        assertThat(PhoneNumbers.e164Problem("+442071838750")).isEmpty();
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(PhoneNumbers.e164Problem(null)).contains("is missing");
        assertThat(PhoneNumbers.e164Problem("4155550100")).get().asString().contains("E.164");
        assertThat(PhoneNumbers.e164Problem("+1 415 555 0100")).get().asString().contains("E.164");
        assertThat(PhoneNumbers.e164Problem("+1415")).get().asString().contains("not a valid");
        assertThat(PhoneNumbers.e164Problem("+999123456789")).isPresent();
    }

    @Test
    void masksAllButTheCountryPartAndTheLastDigits() {
        assertThat(PhoneNumbers.mask("+14155550100")).isEqualTo("+1415*****00").doesNotContain("55501");
        assertThat(PhoneNumbers.mask("12345")).isEqualTo("*****");
        assertThat(PhoneNumbers.mask(null)).isEqualTo("null");
    }
}
