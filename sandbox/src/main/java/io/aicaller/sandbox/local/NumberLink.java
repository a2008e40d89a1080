package io.aicaller.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Points one number of a Twilio account at the local suite, through the numbers-service's API (which points it at the
 * suite's public URL), and back where it pointed before. What the number was set to is saved to a file before anything
 * changes, so a run that was killed before it could restore is undone by the next one.
 */
public final class NumberLink {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of("voiceUrl", "voiceMethod", "voiceFallbackUrl",
            "statusCallback", "smsUrl", "smsMethod");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String numbersUrl;
    private final String apiToken;
    private final Path saved;

    /**
     * @param numbersUrl The numbers-service's base URL
     * @param saved Where the number's earlier settings are kept until they are restored
     */
    public NumberLink(String numbersUrl, String apiToken, Path saved) {
        this.numbersUrl = numbersUrl;
        this.apiToken = apiToken;
        this.saved = saved;
    }

    /** Thrown with a message for the person at the terminal. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Saves the number's settings, assigns it {@code agent} (when given) and points it at the suite.
     *
     * @return The number's SID
     */
    public String point(String phoneNumber, String agent) throws Refused, IOException, InterruptedException {
        JsonNode number = find(phoneNumber);
        String sid = number.path("sid").asText();
        for (String routing : List.of("voiceApplicationSid", "trunkSid")) {
            if (!number.path(routing).isNull() && !number.path(routing).isMissingNode()) {
                throw new Refused(phoneNumber + " sends its calls to " + number.path(routing).asText()
                        + " (a " + (routing.equals("trunkSid") ? "SIP trunk" : "TwiML App")
                        + "), which Twilio uses instead of webhook URLs: choose another number, or remove that in the"
                        + " Twilio Console first");
            }
        }
        ObjectNode before = JSON.createObjectNode();
        before.put("sid", sid).put("phoneNumber", phoneNumber);
        ObjectNode settings = before.putObject("webhooks");
        SETTINGS.forEach(field -> settings.put(field, number.path(field).asText("")));
        Path partial = saved.resolveSibling(saved.getFileName() + ".partial");
        Files.createDirectories(saved.toAbsolutePath().getParent());
        Files.writeString(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(before));
        Files.move(partial, saved, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        if (agent != null) {
            HttpResponse<String> assigned = send("PATCH", "/api/numbers/" + sid,
                    JSON.createObjectNode().put("profile", agent).toString());
            if (assigned.statusCode() != 200) {
                restore();
                throw new Refused("the agent could not be assigned: " + message(assigned));
            }
        }
        HttpResponse<String> synced = send("POST", "/api/numbers/sync?sid=" + sid, null);
        if (synced.statusCode() != 200) {
            restore();
            throw new Refused("the number could not be pointed at the suite: " + message(synced));
        }
        return sid;
    }

    /** Points the saved number back where it was and forgets it; nothing to do when nothing is saved. */
    public Optional<String> restore() throws Refused, IOException, InterruptedException {
        if (!Files.exists(saved)) {
            return Optional.empty();
        }
        JsonNode before = JSON.readTree(saved.toFile());
        HttpResponse<String> restored = send("PATCH", "/api/numbers/" + before.path("sid").asText(),
                JSON.createObjectNode().set("webhooks", before.path("webhooks")).toString());
        if (restored.statusCode() != 200) {
            throw new Refused("could not restore " + before.path("phoneNumber").asText() + " (its settings are in "
                    + saved + "): " + message(restored));
        }
        Files.delete(saved);
        return Optional.of(before.path("phoneNumber").asText());
    }

    private JsonNode find(String phoneNumber) throws Refused, IOException, InterruptedException {
        List<String> owned = new ArrayList<>();
        for (int page = 0;; page++) {
            HttpResponse<String> listed = send("GET", "/api/numbers?size=50&page=" + page, null);
            if (listed.statusCode() != 200) {
                throw new Refused("the account's numbers could not be listed: " + message(listed));
            }
            JsonNode numbers = JSON.readTree(listed.body());
            for (JsonNode number : numbers) {
                if (number.path("phoneNumber").asText().equals(phoneNumber)) {
                    return number;
                }
                owned.add(mask(number.path("phoneNumber").asText()) + " (" + number.path("friendlyName").asText()
                        + ")");
            }
            if (numbers.size() < 50) {
                break;
            }
        }
        throw new Refused("the account owns no number " + phoneNumber + (owned.isEmpty() ? "; it owns none"
                : "; it owns " + String.join(", ", owned)));
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(numbersUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiToken)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error.hasNonNull("message")) {
                return response.statusCode() + " " + error.get("message").asText();
            }
        } catch (IOException e) {
            // not our error body
        }
        return response.statusCode() + " " + response.body();
    }

    /** A number as the terminal shows it: enough to recognise, not the whole (the last four digits). */
    static String mask(String number) {
        return number.length() <= 4 ? "****" : "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }
}
