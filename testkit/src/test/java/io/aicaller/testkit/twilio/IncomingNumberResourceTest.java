package io.aicaller.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The emulated IncomingPhoneNumber resource uses only the fields Twilio's OpenAPI gives it. */
class IncomingNumberResourceTest {

    /**
     * The properties of {@code api.v2010.account.incoming_phone_number} in twilio_api_v2010.json (twilio-oai 2.6.7,
     * the commit named in twilio-enums.json).
     */
    static final List<String> SPEC_PROPERTIES = List.of("account_sid", "address_sid", "address_requirements",
            "api_version", "beta", "capabilities", "date_created", "date_updated", "friendly_name", "identity_sid",
            "phone_number", "origin", "sid", "sms_application_sid", "sms_fallback_method", "sms_fallback_url",
            "sms_method", "sms_url", "status_callback", "status_callback_method", "trunk_sid", "uri",
            "voice_receive_mode", "voice_application_sid", "voice_caller_id_lookup", "voice_fallback_method",
            "voice_fallback_url", "voice_method", "voice_url", "emergency_status", "emergency_address_sid",
            "emergency_address_status", "bundle_sid", "status", "type");

    @Test
    void anOwnedNumberHasOnlyTheSpecsFieldsWithTheRoutingOnesAmongThem() {
        TwilioRestFake twilio = TwilioRestFake.start("AC" + "0".repeat(32), "token");
        try {
            ObjectNode number = twilio.addIncomingNumber("+14155550123");
            List<String> fields = new ArrayList<>();
            number.fieldNames().forEachRemaining(fields::add);
            assertThat(SPEC_PROPERTIES).containsAll(fields);
            assertThat(fields).contains("voice_url", "voice_method", "sms_url", "voice_application_sid",
                    "sms_application_sid", "trunk_sid", "status_callback");
            assertThat(number.get("sid").asText()).matches("PN[0-9a-f]{32}");
        } finally {
            twilio.close();
        }
    }
}
