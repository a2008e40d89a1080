package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TwimlTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void connectStreamCarriesTheParametersAndNoQueryString() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", "+14155550100");
        params.put("profile", "sales & <support>");
        params.put("absent", null);
        String xml = Twiml.connectStream("wss://media.example.com/webhooks/twilio/media",
                "https://voice.example.com/webhooks/twilio/stream-status", params);

        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("Response");
        Element stream = (Element) doc.getElementsByTagName("Stream").item(0);
        assertThat(stream.getParentNode().getNodeName()).isEqualTo("Connect");
        assertThat(stream.getAttribute("url")).isEqualTo("wss://media.example.com/webhooks/twilio/media");
        assertThat(stream.getAttribute("statusCallback")).endsWith("/webhooks/twilio/stream-status");
        NodeList parameters = stream.getElementsByTagName("Parameter");
        assertThat(parameters.getLength()).isEqualTo(2);
        assertThat(((Element) parameters.item(1)).getAttribute("value")).isEqualTo("sales & <support>");
        assertThat(xml.getBytes(StandardCharsets.UTF_8).length).isLessThan(Twiml.MAX_BYTES);
    }

    @Test
    void anAgentsDisclosureIsSaidAndItsRecordingStartedBeforeTheStream() throws Exception {
        Twiml.Preamble preamble = new Twiml.Preamble("This call is recorded & I am an AI assistant.",
                "https://voice.example.com/webhooks/twilio/recording-status");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", "+14155550100");
        String xml = Twiml.connectStream("wss://m.example.com/media", "https://g.example.com/s", params, preamble);
        assertThat(xml).isEqualTo(Twiml.renderConnectStream("wss://m.example.com/media", "https://g.example.com/s",
                params, preamble));

        Element response = parse(xml).getDocumentElement();
        NodeList verbs = response.getChildNodes();
        assertThat(verbs.item(0).getNodeName()).isEqualTo("Say");
        assertThat(verbs.item(0).getTextContent()).isEqualTo("This call is recorded & I am an AI assistant.");
        assertThat(verbs.item(1).getNodeName()).isEqualTo("Start");
        Element recording = (Element) ((Element) verbs.item(1)).getElementsByTagName("Recording").item(0);
        assertThat(recording.getAttribute("recordingStatusCallback"))
                .isEqualTo("https://voice.example.com/webhooks/twilio/recording-status");
        assertThat(recording.getAttribute("recordingStatusCallbackEvent")).isEqualTo("in-progress completed absent");
        assertThat(recording.getAttribute("channels")).isEqualTo("dual");
        assertThat(recording.getAttribute("track")).isEqualTo("both");
        assertThat(verbs.item(2).getNodeName()).isEqualTo("Connect");

        // Without a preamble the document is the plain stream, not a cached one with the preamble.
        assertThat(Twiml.connectStream("wss://m.example.com/media", "https://g.example.com/s", params))
                .doesNotContain("<Say>", "<Start>");
    }

    @Test
    void theTemplatedStreamAnswerIsWhatTwilioJavaRendersForEveryValue() {
        String[] tricky = {"plain", "a & b", "<tag>", "quote \" and ' apostrophe", "emoji \uD83D\uDE00", "",
                "__aicaller_value_0__", "+14155550100", "tab\tnew\nline\rreturn"};
        for (String value : tricky) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("from", value);
            params.put("to", "+14155550199");
            params.put("profile", value + "-x");
            assertThat(Twiml.connectStream("wss://m.example.com/media", "https://g.example.com/s", params))
                    .as(value)
                    .isEqualTo(Twiml.renderConnectStream("wss://m.example.com/media", "https://g.example.com/s",
                            params));
        }
    }

    @Test
    void gatherSaysThePromptAndPostsSpeechBack() throws Exception {
        Document doc = parse(Twiml.gatherSpeech("How can I help?", "https://v.example.com/webhooks/twilio/gather",
                "en-GB"));
        Element gather = (Element) doc.getElementsByTagName("Gather").item(0);
        assertThat(gather.getAttribute("input")).isEqualTo("speech");
        assertThat(gather.getAttribute("action")).isEqualTo("https://v.example.com/webhooks/twilio/gather");
        assertThat(gather.getAttribute("language")).isEqualTo("en-GB");
        assertThat(gather.getElementsByTagName("Say").item(0).getTextContent()).isEqualTo("How can I help?");
        assertThat(Twiml.language("xx-YY")).isEqualTo(com.twilio.twiml.voice.Gather.Language.EN_US);
    }

    @Test
    void errorAnswersApologiseAndHangUp() throws Exception {
        Document doc = parse(Twiml.sayAndHangUp("Sorry."));
        assertThat(doc.getDocumentElement().getChildNodes().getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("Hangup").getLength()).isEqualTo(1);
        assertThat(parse(Twiml.dial("+14155550123")).getElementsByTagName("Dial").item(0).getTextContent())
                .isEqualTo("+14155550123");
        Document empty = parse(Twiml.emptyMessagingResponse());
        assertThat(empty.getDocumentElement().getTagName()).isEqualTo("Response");
        assertThat(empty.getDocumentElement().getChildNodes().getLength()).isZero();
    }
}
