package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aicaller.gateway.twilio.WebhookSignatures.Verdict;
import io.aicaller.testkit.twilio.TwilioSigner;

/** The test vectors of twilio-java's RequestValidatorTest (auth token 12345), see PROTOCOLS.md 2.4. */
class WebhookSignaturesTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = Map.of(
            "Digits", "1234",
            "CallSid", "CA1234567890ABCDE",
            "To", "+18005551212",
            "Caller", "+14158675309",
            "From", "+14158675309");
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String BODY = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_SHA256 = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    private final WebhookSignatures signatures = new WebhookSignatures(List.of(TOKEN));

    @Test
    void acceptsTheReferenceSignature() {
        assertThat(signatures.verifyForm(URL, PARAMS, SIGNATURE)).isEqualTo(Verdict.VALID);
        // The independent signer in testkit agrees with the vector.
        assertThat(TwilioSigner.sign(TOKEN, URL, PARAMS)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsSignaturesMadeWithTheDefaultPortAddedOrRemoved() {
        assertThat(signatures.verifyForm(URL, PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w=")).isEqualTo(Verdict.VALID);
        assertThat(signatures.verifyForm("https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS, SIGNATURE))
                .isEqualTo(Verdict.VALID);
        assertThat(signatures.verifyForm("http://mycompany.com/myapp.php?foo=1&bar=2", PARAMS,
                "0ZXoZLH/DfblKGATFgpif+LLRf4=")).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesTamperedParametersUrlsAndTokens() {
        Map<String, String> tampered = new HashMap<>(PARAMS);
        tampered.put("Digits", "1235");
        assertThat(signatures.verifyForm(URL, tampered, SIGNATURE)).isEqualTo(Verdict.INVALID);
        assertThat(signatures.verifyForm(URL.replace("foo=1", "foo=2"), PARAMS, SIGNATURE)).isEqualTo(Verdict.INVALID);
        assertThat(signatures.verifyForm("https://evil.example.com/myapp.php?foo=1&bar=2", PARAMS, SIGNATURE))
                .isEqualTo(Verdict.INVALID);
        assertThat(new WebhookSignatures(List.of("54321")).verifyForm(URL, PARAMS, SIGNATURE))
                .isEqualTo(Verdict.INVALID);
        assertThat(signatures.verifyForm(URL, PARAMS, "not-base64!")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aMissingSignatureIsToldApartFromAWrongOne() {
        assertThat(signatures.verifyForm(URL, PARAMS, null)).isEqualTo(Verdict.MISSING);
        assertThat(signatures.verifyForm(URL, PARAMS, " ")).isEqualTo(Verdict.MISSING);
        assertThat(signatures.verifyJson(URL, BODY, null)).isEqualTo(Verdict.MISSING);
    }

    @Test
    void acceptsEveryTokenOfARotation() {
        WebhookSignatures rotating = new WebhookSignatures(List.of("new-token", TOKEN));
        assertThat(rotating.verifyForm(URL, PARAMS, SIGNATURE)).isEqualTo(Verdict.VALID);
        assertThat(rotating.verifyForm(URL, PARAMS, TwilioSigner.sign("new-token", URL, PARAMS)))
                .isEqualTo(Verdict.VALID);
        assertThatThrownBy(() -> new WebhookSignatures(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonBodiesAreBoundByTheirSha256() {
        assertThat(TwilioSigner.bodySha256(BODY)).isEqualTo(BODY_SHA256);
        String withQuery = URL + "&bodySHA256=" + BODY_SHA256;
        assertThat(signatures.verifyJson(withQuery, BODY, "a9nBmqA0ju/hNViExpshrM61xv4=")).isEqualTo(Verdict.VALID);
        String alone = "https://mycompany.com/myapp.php?bodySHA256=" + BODY_SHA256;
        assertThat(signatures.verifyJson(alone, BODY, "y77kIzt2vzLz71DgmJGsen2scGs=")).isEqualTo(Verdict.VALID);

        // A different body no longer matches the signed hash, and a URL without the hash is refused.
        assertThat(signatures.verifyJson(alone, BODY + " ", "y77kIzt2vzLz71DgmJGsen2scGs="))
                .isEqualTo(Verdict.INVALID);
        assertThat(signatures.verifyJson(URL, BODY, TwilioSigner.sign(TOKEN, URL, Map.of())))
                .isEqualTo(Verdict.INVALID);
    }
}
