package io.aicaller.testkit.twilio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The form parameters Twilio's own OpenAPI spec defines for the requests the fake serves ({@code twilio-forms.json}
 * beside this class: the request bodies of {@code twilio_api_v2010.json}'s paths), so what the services send
 * through twilio-java is held to Twilio's definition, not only to what the fake happens to read.
 */
public final class TwilioForms {

    /** Operation keys, as in the spec: method and path template. */
    public static final String CREATE_CALL = "POST /2010-04-01/Accounts/{AccountSid}/Calls.json";
    public static final String UPDATE_CALL = "POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json";
    public static final String CREATE_MESSAGE = "POST /2010-04-01/Accounts/{AccountSid}/Messages.json";
    public static final String CREATE_NUMBER = "POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json";
    public static final String UPDATE_NUMBER = "POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json";

    private static final JsonNode FORMS = SpecJson.load("twilio-forms.json");

    private TwilioForms() {
    }

    /** What in {@code form} the spec does not allow for {@code operation}: unknown parameters, missing required ones. */
    public static List<String> violations(String operation, Map<String, List<String>> form) {
        JsonNode spec = FORMS.get(operation);
        if (spec == null) {
            throw new IllegalArgumentException("No form for " + operation + " in twilio-forms.json");
        }
        List<String> allowed = SpecJson.texts(spec.get("properties"));
        List<String> violations = new ArrayList<>();
        for (String name : form.keySet()) {
            if (!allowed.contains(name)) {
                violations.add(operation + ": " + name + " is not one of its parameters");
            }
        }
        for (String name : SpecJson.texts(spec.get("required"))) {
            if (!form.containsKey(name)) {
                violations.add(operation + ": the required " + name + " is missing");
            }
        }
        return violations;
    }
}
