package io.aicaller.sandbox.phone;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The TwiML verbs the simulated phone follows, parsed from a webhook's answer. Pure: no I/O. */
public final class Twiml {

    public sealed interface Verb
            permits Say, Play, Pause, Gather, Stream, StartRecording, Dial, Redirect, Hangup, Reject,
            Other {
    }

    public record Say(String text) implements Verb {
    }

    public record Play(String url) implements Verb {
    }

    public record Pause(int seconds) implements Verb {
    }

    /** {@code <Gather>}: its nested Say/Play/Pause play first; then the input goes to {@code action}. */
    public record Gather(String action, String input, int timeoutSeconds, List<Verb> nested) implements Verb {
    }

    /** {@code <Connect><Stream>}: a bidirectional Media Stream. */
    public record Stream(String url, Map<String, String> parameters, String statusCallback) implements Verb {
    }

    /** {@code <Start><Recording>}: the call is recorded from here on and reported to {@code statusCallback}. */
    public record StartRecording(String statusCallback, List<String> events, int channels) implements Verb {
    }

    public record Dial(String number, String action) implements Verb {
    }

    public record Redirect(String url) implements Verb {
    }

    public record Hangup() implements Verb {
    }

    public record Reject(String reason) implements Verb {
    }

    /** A verb the phone does not act on (e.g. {@code <Record>}); kept so the call log shows it. */
    public record Other(String name) implements Verb {
    }

    /** The document is not TwiML Twilio would run (error 12100 / 12102). */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private Twiml() {
    }

    public static List<Verb> parse(String xml) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            root = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new Invalid("not XML (12100): " + e.getMessage());
        }
        if (!root.getTagName().equals("Response")) {
            throw new Invalid("root element is <" + root.getTagName() + ">, not <Response> (12102)");
        }
        return verbs(root);
    }

    private static List<Verb> verbs(Element parent) {
        List<Verb> verbs = new ArrayList<>();
        for (Element e : children(parent)) {
            verbs.add(verb(e));
        }
        return verbs;
    }

    private static Verb verb(Element e) {
        switch (e.getTagName()) {
            case "Say":
                return new Say(e.getTextContent().strip());
            case "Play":
                return new Play(e.getTextContent().strip());
            case "Pause":
                return new Pause(intAttribute(e, "length", 1));
            case "Gather":
                return new Gather(e.getAttribute("action"), attribute(e, "input", "dtmf"),
                        intAttribute(e, "timeout", 5), verbs(e));
            case "Connect":
                for (Element child : children(e)) {
                    if (child.getTagName().equals("Stream")) {
                        Map<String, String> parameters = new LinkedHashMap<>();
                        for (Element p : children(child)) {
                            if (p.getTagName().equals("Parameter")) {
                                parameters.put(p.getAttribute("name"), p.getAttribute("value"));
                            }
                        }
                        return new Stream(child.getAttribute("url"), parameters, child.getAttribute("statusCallback"));
                    }
                }
                return new Other("Connect");
            case "Start":
                for (Element child : children(e)) {
                    if (child.getTagName().equals("Recording")) {
                        String events = attribute(child, "recordingStatusCallbackEvent", "completed");
                        return new StartRecording(child.getAttribute("recordingStatusCallback"),
                                List.of(events.split("\\s+")),
                                "dual".equals(child.getAttribute("channels")) ? 2 : 1);
                    }
                }
                return new Other("Start");
            case "Dial":
                List<Element> nouns = children(e);
                String number = nouns.isEmpty() ? e.getTextContent().strip() : nouns.get(0).getTextContent().strip();
                return new Dial(number, e.getAttribute("action"));
            case "Redirect":
                return new Redirect(e.getTextContent().strip());
            case "Hangup":
                return new Hangup();
            case "Reject":
                return new Reject(attribute(e, "reason", "rejected"));
            default:
                return new Other(e.getTagName());
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    private static String attribute(Element e, String name, String fallback) {
        String value = e.getAttribute(name);
        return value.isEmpty() ? fallback : value;
    }

    private static int intAttribute(Element e, String name, int fallback) {
        try {
            return Integer.parseInt(attribute(e, name, String.valueOf(fallback)));
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
