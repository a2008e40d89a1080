package io.aicaller.sandbox.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TwimlTest {

    @Test
    void readsTheVerbsTheGatewayAnswersWith() {
        List<Twiml.Verb> verbs = Twiml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Connect>
                    <Stream url="wss://media.example.com/webhooks/twilio/media"
                            statusCallback="https://voice.example.com/webhooks/twilio/stream-status">
                      <Parameter name="callSid" value="CA1"/>
                      <Parameter name="profile" value="support"/>
                    </Stream>
                  </Connect>
                  <Say>Goodbye</Say>
                  <Hangup/>
                </Response>""");
        assertThat(verbs).containsExactly(
                new Twiml.Stream("wss://media.example.com/webhooks/twilio/media",
                        Map.of("callSid", "CA1", "profile", "support"),
                        "https://voice.example.com/webhooks/twilio/stream-status"),
                new Twiml.Say("Goodbye"), new Twiml.Hangup());
    }

    @Test
    void gatherKeepsItsPromptsAndDialItsNumber() {
        List<Twiml.Verb> verbs = Twiml.parse("<Response><Gather input=\"speech\" action=\"/webhooks/twilio/gather\" "
                + "timeout=\"3\"><Say>How can I help?</Say></Gather><Pause length=\"2\"/>"
                + "<Dial action=\"/after\"><Number>+14155550111</Number></Dial><Redirect>/again</Redirect>"
                + "<Record/></Response>");
        assertThat(verbs).containsExactly(
                new Twiml.Gather("/webhooks/twilio/gather", "speech", 3, List.of(new Twiml.Say("How can I help?"))),
                new Twiml.Pause(2), new Twiml.Dial("+14155550111", "/after"), new Twiml.Redirect("/again"),
                new Twiml.Other("Record"));
        assertThat(Twiml.parse("<Response><Dial>+14155550111</Dial></Response>"))
                .containsExactly(new Twiml.Dial("+14155550111", ""));
    }

    @Test
    void refusesWhatTwilioWouldNotRun() {
        assertThatThrownBy(() -> Twiml.parse("not xml")).isInstanceOf(Twiml.Invalid.class)
                .hasMessageContaining(
                        "12100");
        assertThatThrownBy(() -> Twiml.parse("<Reply/>")).isInstanceOf(Twiml.Invalid.class)
                .hasMessageContaining(
                        "12102");
        assertThatThrownBy(() -> Twiml.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Say>&e;</Say></Response>")).isInstanceOf(Twiml.Invalid.class);
    }
}
