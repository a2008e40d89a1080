package io.aicaller.sandbox.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local run's real-number mode, as asked on the command line ({@code --twilio-number}, {@code --public-url},
 * {@code --agent}) with the account's credentials from the environment ({@code TWILIO_ACCOUNT_SID},
 * {@code TWILIO_AUTH_TOKEN}, optionally an API key, and {@code TWILIO_API_BASE_URL} for a Twilio-compatible API).
 */
public record RealNumber(String phoneNumber, String publicUrl, String agent, TwilioAccount account) {

    /**
     * The mode asked for, or null when neither option is given.
     *
     * @throws IllegalArgumentException Naming everything that is missing or wrong
     */
    public static RealNumber from(List<String> arguments, Map<String, String> env) {
        Optional<String> number = LocalRun.option(arguments, "--twilio-number");
        Optional<String> url = LocalRun.option(arguments, "--public-url");
        if (number.isEmpty() && url.isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        if (number.isEmpty() || !number.get().matches("\\+[1-9][0-9]{6,14}")) {
            problems.add("--twilio-number: the account's number to call, in E.164 form (+14155550123)");
        }
        if (url.isEmpty() || !publicUrlProblem(url.get()).isEmpty()) {
            problems.add("--public-url: " + url.map(RealNumber::publicUrlProblem)
                    .filter(p -> !p.isEmpty())
                    .orElse("the tunnel's public https URL (e.g. https://<name>.ngrok-free.app)"));
        }
        String sid = env.getOrDefault("TWILIO_ACCOUNT_SID", "");
        if (!sid.matches("AC[0-9a-fA-F]{32}")) {
            problems.add("TWILIO_ACCOUNT_SID: the account SID (AC followed by 32 hex digits) from the Twilio Console");
        }
        String token = env.getOrDefault("TWILIO_AUTH_TOKEN", "");
        if (token.isBlank()) {
            problems.add("TWILIO_AUTH_TOKEN: the account's auth token (Twilio signs its webhooks with it)");
        }
        String keySid = env.get("TWILIO_API_KEY_SID");
        String keySecret = env.get("TWILIO_API_KEY_SECRET");
        if ((keySid == null) != (keySecret == null)) {
            problems.add("TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET: set both or neither");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The real-number mode needs:\n  " + String.join("\n  ", problems));
        }
        String agent = LocalRun.option(arguments, "--agent").orElse(null);
        return new RealNumber(number.get(), url.get(), agent, new TwilioAccount(sid, token, keySid, keySecret,
                env.get("TWILIO_API_BASE_URL")));
    }

    /**
     * What is wrong with a public URL, or empty: Twilio reaches it from the internet, and opens media streams only
     * over TLS, so it is https (plain http only to this machine's loopback, which is how the mode is tested).
     */
    static String publicUrlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "not a URL: " + url;
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null) {
            return "give the tunnel's base URL, without a path (got " + url + ")";
        }
        boolean loopback = uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost");
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            return "must be https (Twilio opens media streams only over TLS; got " + url + ")";
        }
        return "";
    }
}
