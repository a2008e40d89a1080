package io.aicaller.bridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TwilioMessagesTest {

    @Test
    void parsesTheRecordedStart() throws Exception {
        TwilioMessage message = TwilioMessages
                .parse(Files.readString(Path.of("src/test/resources/recorded/twilio-start.json")));
        assertThat(message).isInstanceOfSatisfying(TwilioMessage.Start.class, start -> {
            assertThat(start.streamSid()).isEqualTo("MZ11111111111111111111111111111111");
            assertThat(start.callSid()).isEqualTo("CA33333333333333333333333333333333");
            assertThat(start.customParameters()).containsEntry("profile", "support");
            assertThat(start.sampleRate()).isEqualTo(8000);
            assertThat(start.tracks()).containsExactly("inbound");
        });
    }

    @Test
    void numbersMayBeStringsOrNumbers() throws Exception {
        TwilioMessage asStrings = TwilioMessages
                .parse("{\"event\":\"media\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ1\","
                        + "\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"5\",\"payload\":\"AAAA\"}}");
        TwilioMessage asNumbers = TwilioMessages
                .parse("{\"event\":\"media\",\"sequenceNumber\":4,\"streamSid\":\"MZ1\","
                        + "\"media\":{\"track\":\"inbound\",\"chunk\":2,\"timestamp\":5,\"payload\":\"AAAA\"}}");
        assertThat(asStrings).isEqualTo(asNumbers).isEqualTo(new TwilioMessage.Media("MZ1", "inbound", 2, 5, "AAAA"));
    }

    @Test
    void marksDtmfStopAndUnknownEvents() throws Exception {
        assertThat(TwilioMessages.parse("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}"))
                .isEqualTo(new TwilioMessage.Mark("MZ1", "m1"));
        assertThat(TwilioMessages.parse(
                "{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"#\"}}"))
                .isEqualTo(new TwilioMessage.Dtmf("MZ1", "#"));
        assertThat(TwilioMessages.parse("{\"event\":\"stop\",\"streamSid\":\"MZ1\",\"stop\":{\"callSid\":\"CA1\"}}"))
                .isEqualTo(new TwilioMessage.Stop("MZ1", "CA1"));
        assertThat(TwilioMessages.parse("{\"event\":\"future\"}")).isEqualTo(new TwilioMessage.Unknown("future"));
    }

    @Test
    void markBodiesAreReadInAnyFieldOrderAndUnknownFieldsAreSkipped() throws Exception {
        assertThat(TwilioMessages.parse("{\"mark\":{\"extra\":{\"a\":[1,{\"name\":\"no\"}]},\"name\":\"m2\"},"
                + "\"sequenceNumber\":7,\"event\":\"mark\",\"streamSid\":\"MZ1\"}"))
                .isEqualTo(new TwilioMessage.Mark("MZ1", "m2"));
        assertThat(TwilioMessages.parse("{\"event\":\"stop\",\"streamSid\":\"MZ1\"}"))
                .isEqualTo(new TwilioMessage.Stop("MZ1", null));
    }

    @Test
    void malformedMessagesAreRefused() {
        for (String bad : new String[]{"{not json", "[]", "{}", "{\"event\":\"media\"}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"@@@@\"}}",
                "{\"event\":\"media\",\"media\":{\"chunk\":\"x\",\"payload\":\"AAAA\"}}",
                "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"12\"}}", "{\"event\":\"start\",\"start\":{}}",
                "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\\\",\\\"x\\\":\\\"1\",\"callSid\":"
                        + "\"CA33333333333333333333333333333333\"}}",
                "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ11111111111111111111111111111111\",\"callSid\":"
                        + "\"CA3333333333333333333333333333333g\"}}",
                "{\"event\":\"start\"}", "{\"event\":\"mark\",\"streamSid\":\"MZ1\"}",
                "{\"event\":\"mark\",\"mark\":\"m1\"}",
                "{\"event\":\"mark\",\"mark\":{\"name\":{\"n\":1}}}", "{\"event\":\"mark\",\"dtmf\":{\"name\":\"m1\"}}",
                "{\"event\":\"dtmf\",\"mark\":{\"digit\":\"1\"}}",
                "{\"event\":\"mark\",\"mark\":{\"name\":\"m1\"},}"}) {
            assertThatThrownBy(() -> TwilioMessages.parse(bad)).as(bad).isInstanceOf(MalformedMessage.class);
        }
    }

    @Test
    void writesTwilioShapedMessages() {
        assertThat(TwilioMessages.media("MZ1", "AAAA"))
                .isEqualTo("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AAAA\"}}");
        assertThat(TwilioMessages.mark("MZ1", "m7"))
                .isEqualTo("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m7\"}}");
        assertThat(TwilioMessages.clear("MZ1")).isEqualTo("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");
    }

    @Test
    void base64IsCheckedWithoutDecoding() {
        assertThat(Base64Check.isValid("AAAA")).isTrue();
        assertThat(Base64Check.isValid("AA==")).isTrue();
        assertThat(Base64Check.isValid("AAA=")).isTrue();
        assertThat(Base64Check.isValid("A===")).isFalse();
        assertThat(Base64Check.isValid("AA=A")).isFalse();
        assertThat(Base64Check.isValid("AAA")).isFalse();
        assertThat(Base64Check.isValid("AA-_")).isFalse();
        assertThat(Base64Check.isValid("")).isFalse();
        assertThat(Base64Check.decodedLength("AAAA")).isEqualTo(3);
        assertThat(Base64Check.decodedLength("AA==")).isEqualTo(1);
        assertThat(Base64Check.decodedLength("AAA=")).isEqualTo(2);
    }
}
