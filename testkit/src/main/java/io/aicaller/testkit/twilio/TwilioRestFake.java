package io.aicaller.testkit.twilio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful stand-in for the Twilio REST API (2010-04-01) on a loopback port: same paths, form fields, JSON shapes,
 * SID formats and error bodies, so twilio-java parses what it answers. It records every request and can be scripted to
 * answer errors (e.g. a 429 before a 201).
 *
 * <p>
 * Calls: create, fetch, update (status completed/canceled, url, twiml). AvailablePhoneNumbers: Local, TollFree,
 * Mobile with AreaCode, Contains, Voice/Sms/MmsEnabled and PageSize filters. IncomingPhoneNumbers: create, list,
 * fetch, update, delete. Messages: create (To, From or MessagingServiceSid, Body, MediaUrl, StatusCallback), fetch;
 * recipients marked with {@link #optOut(String)} are refused with 21610 as Twilio refuses those who replied STOP.
 */
public final class TwilioRestFake implements AutoCloseable {

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern CALLS = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Calls\\.json");
    private static final Pattern CALL = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Calls/(CA[0-9a-fA-F]{32})\\.json");

    private final ObjectMapper json = new ObjectMapper();
    private final String accountSid;
    private final String authToken;
    private final Map<String, String> apiKeys = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> servedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Deque<ScriptedError> errors = new ArrayDeque<>();
    private final Map<String, ObjectNode> calls = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> incomingNumbers = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, ObjectNode> messages = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, ObjectNode> recordings = new ConcurrentHashMap<>();
    private static final Pattern RECORDING = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Recordings/(RE[0-9a-fA-F]{32})\\.json");
    private final java.util.Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final List<java.util.function.Consumer<ObjectNode>> messageListeners = new CopyOnWriteArrayList<>();
    private static final Pattern MESSAGES = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\\.json");
    private static final Pattern MESSAGE = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages/((?:SM|MM)[0-9a-fA-F]{32})\\.json");
    private static final Pattern AVAILABLE = Pattern.compile(
            "/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/AvailablePhoneNumbers/([A-Z]{2})/(Local|TollFree|Mobile)\\.json");
    private static final Pattern INCOMING = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/IncomingPhoneNumbers\\.json");
    private static final Pattern INCOMING_ONE = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/IncomingPhoneNumbers/(PN[0-9a-fA-F]{32})\\.json");

    private record ScriptedError(String method, Predicate<String> path, int status, int code, String message) {
    }

    private final List<java.util.function.Consumer<ObjectNode>> callCreatedListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<CallUpdate>> callUpdateListeners = new CopyOnWriteArrayList<>();

    /** An accepted update of a call: the new status, URL or TwiML (null when not changed). */
    public record CallUpdate(ObjectNode call, String status, String url, String twiml) {
    }

    private TwilioRestFake(String accountSid, String authToken, InetSocketAddress address) throws IOException {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.server = HttpServer.create(address, 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "twilio-rest-fake");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Starts the fake; requests must authenticate with this account SID and auth token. */
    public static TwilioRestFake start(String accountSid, String authToken) {
        try {
            return new TwilioRestFake(accountSid, authToken,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the fake on a fixed address, e.g. for the sandbox. */
    public static TwilioRestFake start(String accountSid, String authToken, String host, int port) {
        try {
            return new TwilioRestFake(accountSid, authToken, new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called with one line per request served: method, path, status, and whether the error was injected. */
    public void onServed(java.util.function.Consumer<String> listener) {
        servedListeners.add(listener);
    }

    /** Called with each call created through the API (after it is stored), e.g. to simulate it. */
    public void onCallCreated(java.util.function.Consumer<ObjectNode> listener) {
        callCreatedListeners.add(listener);
    }

    /** Called with each accepted call update, e.g. to hang up or redirect a simulated call. */
    public void onCallUpdated(java.util.function.Consumer<CallUpdate> listener) {
        callUpdateListeners.add(listener);
    }

    /** Sets a call's status as the network would (ringing, in-progress, completed, ...). */
    /**
     * Keeps a finished recording of a call, shaped as Twilio's Recording resource, and returns it; fetch and delete
     * it through {@code /Recordings/{sid}.json}.
     */
    public ObjectNode addRecording(String callSid, int durationSeconds, int channels, String source) {
        String sid = TwilioRequests.sid("RE");
        String now = RFC_2822.format(Instant.now());
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Recordings/" + sid + ".json";
        ObjectNode recording = json.createObjectNode();
        recording.put("sid", sid)
                .put("account_sid", accountSid)
                .put("call_sid", callSid)
                .putNull("conference_sid")
                .put("api_version", "2010-04-01")
                .put("date_created", now)
                .put("date_updated", now)
                .put("start_time", RFC_2822.format(Instant.now().minusSeconds(durationSeconds)))
                .put("duration", String.valueOf(durationSeconds))
                .put("status", "completed")
                .put("channels", channels)
                .put("source", source)
                .putNull("price")
                .put("price_unit", "USD")
                .putNull("error_code")
                .putNull("encryption_details")
                .put("uri", uri)
                .put("media_url", baseUrl() + uri.replace(".json", ""));
        recording.putObject("subresource_uris");
        recordings.put(sid, recording);
        return recording;
    }

    public ObjectNode recording(String recordingSid) {
        return recordings.get(recordingSid);
    }

    public void setCallStatus(String callSid, String status) {
        ObjectNode call = calls.get(callSid);
        if (call != null) {
            call.put("status", status);
            call.put("date_updated", RFC_2822.format(Instant.now()));
            if (List.of("completed", "canceled", "failed", "busy", "no-answer").contains(status)) {
                call.put("end_time", RFC_2822.format(Instant.now()));
            }
        }
    }

    /** Base URL to hand to the client under test in place of {@code https://api.twilio.com}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(String method, String pathSuffix) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix))
                .collect(Collectors.toList());
    }

    /**
     * Parameters sent that Twilio's spec does not define for the request, or required ones left out, since the
     * fake started: a service that sends them works against this fake and not against Twilio.
     */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    private void check(String operation, Map<String, List<String>> form) {
        violations.addAll(TwilioForms.violations(operation, form));
    }

    public void clearRequests() {
        requests.clear();
    }

    /**
     * Answers the next {@code times} requests of {@code method} whose path ends with {@code pathSuffix} with a
     * Twilio-shaped error, before serving normally again.
     */
    public synchronized void failNext(String method, String pathSuffix, int times, int httpStatus, int code,
            String message) {
        for (int i = 0; i < times; i++) {
            errors.add(new ScriptedError(method, p -> p.endsWith(pathSuffix), httpStatus, code, message));
        }
    }

    /** Forgets errors scripted with {@link #failNext} that have not been served yet. */
    public synchronized void clearScriptedErrors() {
        errors.clear();
    }

    /** A call that exists at Twilio, e.g. an inbound one, so it can be fetched and updated. */
    public ObjectNode addCall(String callSid, String from, String to, String status, String direction) {
        ObjectNode call = newCall(callSid, from, to, status, direction);
        calls.put(callSid, call);
        return call;
    }

    public ObjectNode call(String callSid) {
        return calls.get(callSid);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> form = parseForm(body);
            requests.add(new RecordedRequest(method, path, query, form, Map.copyOf(exchange.getRequestHeaders())));

            if (!authorized(exchange)) {
                error(exchange, 401, 20003, "Authentication Error - invalid username");
                return;
            }
            ScriptedError scripted = nextError(method, path);
            if (scripted != null) {
                error(exchange, scripted.status(), scripted.code(), scripted.message());
                served(method + " " + path + " -> " + scripted.status() + " (injected error " + scripted.code() + ")");
                return;
            }
            route(exchange, method, path, parseForm(exchange.getRequestURI().getRawQuery()), form);
            served(method + " " + path + " -> " + exchange.getResponseCode());
        } catch (RuntimeException e) {
            error(exchange, 500, 20500, "Fake failure: " + e);
        }
    }

    private void served(String line) {
        servedListeners.forEach(listener -> listener.accept(line));
    }

    private void route(HttpExchange exchange, String method, String path, Map<String, List<String>> query,
            Map<String, List<String>> form) throws IOException {
        Matcher m;
        if ((m = AVAILABLE.matcher(path)).matches() && method.equals("GET")) {
            available(exchange, m.group(2), m.group(3), query, path);
        } else if ((m = INCOMING.matcher(path)).matches() && method.equals("POST")) {
            check(TwilioForms.CREATE_NUMBER, form);
            buyNumber(exchange, form);
        } else if ((m = INCOMING.matcher(path)).matches() && method.equals("GET")) {
            listNumbers(exchange, query, path);
        } else if ((m = INCOMING_ONE.matcher(path)).matches()) {
            ObjectNode number = incomingNumbers.get(m.group(2));
            if (number == null) {
                notFound(exchange, path);
            } else if (method.equals("GET")) {
                respond(exchange, 200, number);
            } else if (method.equals("POST")) {
                check(TwilioForms.UPDATE_NUMBER, form);
                updateNumber(number, form);
                respond(exchange, 200, number);
            } else if (method.equals("DELETE")) {
                incomingNumbers.remove(m.group(2));
                exchange.sendResponseHeaders(204, -1);
            } else {
                notFound(exchange, path);
            }
        } else if ((m = RECORDING.matcher(path)).matches()) {
            ObjectNode recording = recordings.get(m.group(2));
            if (recording == null) {
                notFound(exchange, path);
            } else if (method.equals("GET")) {
                respond(exchange, 200, recording);
            } else if (method.equals("DELETE")) {
                recordings.remove(m.group(2));
                exchange.sendResponseHeaders(204, -1);
            } else {
                notFound(exchange, path);
            }
        } else if ((m = MESSAGES.matcher(path)).matches() && method.equals("POST")) {
            check(TwilioForms.CREATE_MESSAGE, form);
            createMessage(exchange, form);
        } else if ((m = MESSAGE.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode message = messages.get(m.group(2));
            if (message == null) {
                notFound(exchange, path);
            } else {
                respond(exchange, 200, message);
            }
        } else if ((m = CALLS.matcher(path)).matches() && method.equals("POST")) {
            check(TwilioForms.CREATE_CALL, form);
            createCall(exchange, m.group(1), form);
        } else if ((m = CALL.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode call = calls.get(m.group(2));
            if (call == null) {
                notFound(exchange, path);
            } else {
                respond(exchange, 200, call);
            }
        } else if ((m = CALL.matcher(path)).matches() && method.equals("POST")) {
            check(TwilioForms.UPDATE_CALL, form);
            updateCall(exchange, m.group(2), form, path);
        } else {
            notFound(exchange, path);
        }
    }

    private void createCall(HttpExchange exchange, String account, Map<String, List<String>> form) throws IOException {
        String to = first(form, "To");
        String from = first(form, "From");
        if (to == null || from == null) {
            error(exchange, 400, 21201, "No 'To' number is specified");
            return;
        }
        if (first(form, "Url") == null && first(form, "Twiml") == null && first(form, "ApplicationSid") == null) {
            error(exchange, 400, 21205, "Url parameter is required");
            return;
        }
        if (!to.matches("\\+[1-9][0-9]{6,14}")) {
            error(exchange, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
            return;
        }
        ObjectNode call = newCall(TwilioRequests.sid("CA"), from, to, "queued", "outbound-api");
        for (String field : List.of("Url", "Twiml", "StatusCallback", "StatusCallbackMethod", "MachineDetection",
                "Record", "RecordingStatusCallback", "RecordingChannels")) {
            String value = first(form, field);
            if (value != null) {
                call.put("fake_" + field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT), value);
            }
        }
        call.set("fake_status_callback_event", json.valueToTree(form.getOrDefault("StatusCallbackEvent", List.of())));
        call.set("fake_recording_status_callback_event",
                json.valueToTree(form.getOrDefault("RecordingStatusCallbackEvent", List.of())));
        calls.put(call.get("sid").asText(), call);
        respond(exchange, 201, call);
        callCreatedListeners.forEach(listener -> listener.accept(call));
    }

    private void updateCall(HttpExchange exchange, String callSid, Map<String, List<String>> form, String path)
            throws IOException {
        ObjectNode call = calls.get(callSid);
        if (call == null) {
            notFound(exchange, path);
            return;
        }
        String current = call.get("status").asText();
        boolean ended = List.of("completed", "canceled", "failed", "busy", "no-answer").contains(current);
        String status = first(form, "Status");
        if (ended && (status != null || first(form, "Url") != null || first(form, "Twiml") != null)) {
            // Twilio answers an update of a finished call as if the call did not exist.
            error(exchange, 404, 20404, "The requested resource " + path + " was not found");
            return;
        }
        if (status != null) {
            if (status.equals("canceled") && !List.of("queued", "ringing").contains(current)) {
                error(exchange, 400, 21220, "Call is not in a cancelable state");
                return;
            }
            call.put("status", status);
            call.put("end_time", RFC_2822.format(Instant.now()));
        }
        String url = first(form, "Url");
        if (url != null) {
            call.put("fake_url", url);
        }
        String twiml = first(form, "Twiml");
        if (twiml != null) {
            call.put("fake_twiml", twiml);
        }
        call.put("date_updated", RFC_2822.format(Instant.now()));
        respond(exchange, 200, call);
        CallUpdate update = new CallUpdate(call, status, url, twiml);
        callUpdateListeners.forEach(listener -> listener.accept(update));
    }

    /** The recipient replied STOP at Twilio: sends to it are refused with 21610 until {@link #optIn(String)}. */
    public void optOut(String number) {
        optedOut.add(number);
    }

    public void optIn(String number) {
        optedOut.remove(number);
    }

    /** Messages created so far, oldest first. */
    public List<ObjectNode> messages() {
        return messages.values()
                .stream()
                .sorted(java.util.Comparator.comparing((ObjectNode n) -> n.get("fake_created_nanos").asLong()))
                .collect(Collectors.toList());
    }

    public ObjectNode message(String messageSid) {
        return messages.get(messageSid);
    }

    /** Sets a message's status as a delivery report would (e.g. sent, delivered, undelivered with a code). */
    public ObjectNode setMessageStatus(String messageSid, String status, Integer errorCode) {
        ObjectNode message = messages.get(messageSid);
        message.put("status", status);
        if (errorCode != null) {
            message.put("error_code", errorCode);
        }
        message.put("date_updated", RFC_2822.format(Instant.now()));
        return message;
    }

    /** Called with each created message (after it is stored), e.g. to send its status callbacks. */
    public void onMessageCreated(java.util.function.Consumer<ObjectNode> listener) {
        messageListeners.add(listener);
    }

    private void createMessage(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        String to = first(form, "To");
        String from = first(form, "From");
        String service = first(form, "MessagingServiceSid");
        String body = first(form, "Body");
        List<String> media = form.getOrDefault("MediaUrl", List.of());
        if (to == null) {
            error(exchange, 400, 21604, "A 'To' phone number is required.");
            return;
        }
        if (from == null && service == null) {
            error(exchange, 400, 21603, "A 'From' phone number is required.");
            return;
        }
        if (!to.matches("\\+[1-9][0-9]{6,14}")) {
            error(exchange, 400, 21211, "Invalid 'To' Phone Number: " + to);
            return;
        }
        if ((body == null || body.isEmpty()) && media.isEmpty()
                || body != null && body.codePointCount(0, body.length()) > 1600) {
            error(exchange, 400, 14103, "Invalid Body");
            return;
        }
        if (optedOut.contains(to)) {
            error(exchange, 400, 21610, "Attempt to send to unsubscribed recipient");
            return;
        }
        String now = RFC_2822.format(Instant.now());
        String sid = TwilioRequests.sid(media.isEmpty() ? "SM" : "MM");
        ObjectNode message = json.createObjectNode();
        message.put("sid", sid);
        message.put("to", to);
        if (from == null) {
            message.putNull("from");
        } else {
            message.put("from", from);
        }
        message.put("messaging_service_sid", service);
        message.put("body", body == null ? "" : body);
        message.put("num_media", String.valueOf(media.size()));
        message.putNull("num_segments");
        message.put("status", service == null ? "queued" : "accepted");
        message.put("direction", "outbound-api");
        message.putNull("error_code");
        message.putNull("error_message");
        message.put("date_created", now);
        message.put("date_updated", now);
        message.putNull("date_sent");
        message.putNull("price");
        message.put("price_unit", "USD");
        message.put("api_version", "2010-04-01");
        message.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        message.putObject("subresource_uris");
        message.put("fake_status_callback", first(form, "StatusCallback"));
        message.set("fake_media_urls", json.valueToTree(media));
        message.put("fake_created_nanos", System.nanoTime());
        message.put("account_sid", accountSid);
        messages.put(sid, message);
        respond(exchange, 201, message);
        messageListeners.forEach(listener -> listener.accept(message));
    }

    /** A number this account owns, as if bought earlier. */
    public ObjectNode addIncomingNumber(String phoneNumber) {
        ObjectNode number = newIncomingNumber(phoneNumber);
        incomingNumbers.put(number.get("sid").asText(), number);
        return number;
    }

    public ObjectNode incomingNumber(String sid) {
        return incomingNumbers.get(sid);
    }

    public List<ObjectNode> incomingNumbers() {
        return List.copyOf(incomingNumbers.values());
    }

    private void available(HttpExchange exchange, String country, String type, Map<String, List<String>> query,
            String path) throws IOException {
        String areaCode = first(query, "AreaCode");
        String contains = first(query, "Contains");
        int pageSize = first(query, "PageSize") == null ? 50 : Integer.parseInt(first(query, "PageSize"));
        boolean tollFree = type.equals("TollFree");
        var numbers = json.createArrayNode();
        for (int i = 0; i < 60 && numbers.size() < pageSize; i++) {
            String prefix = tollFree ? "800" : areaCode != null ? areaCode : "415";
            String number = "+1" + prefix + "555" + String.format("%04d", 100 + i);
            if (contains != null && !number.contains(contains.replace("*", ""))) {
                continue;
            }
            ObjectNode n = numbers.addObject();
            n.put("friendly_name", "(" + prefix + ") 555-" + String.format("%04d", 100 + i));
            n.put("phone_number", number);
            n.put("lata", "722");
            n.put("locality", tollFree ? null : "San Francisco");
            n.put("rate_center", "SNFC CNTRL");
            n.put("latitude", "37.77");
            n.put("longitude", "-122.41");
            n.put("region", tollFree ? null : "CA");
            n.put("postal_code", "94103");
            n.put("iso_country", country);
            n.put("address_requirements", "none");
            n.put("beta", false);
            n.putObject("capabilities")
                    .put("voice", true)
                    .put("SMS", !type.equals("Mobile") || i % 2 == 0)
                    .put("MMS", i % 3 != 0)
                    .put("fax", false);
        }
        ObjectNode page = json.createObjectNode();
        page.set("available_phone_numbers", numbers);
        page.put("uri", path);
        respond(exchange, 200, page);
    }

    private void buyNumber(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        String phoneNumber = first(form, "PhoneNumber");
        if (phoneNumber == null || !phoneNumber.matches("\\+[1-9][0-9]{6,14}")) {
            error(exchange, 400, 21421, "PhoneNumber is invalid");
            return;
        }
        if (incomingNumbers.values().stream().anyMatch(n -> n.get("phone_number").asText().equals(phoneNumber))) {
            error(exchange, 400, 21422, "PhoneNumber is not available");
            return;
        }
        ObjectNode number = newIncomingNumber(phoneNumber);
        updateNumber(number, form);
        incomingNumbers.put(number.get("sid").asText(), number);
        respond(exchange, 201, number);
    }

    private void listNumbers(HttpExchange exchange, Map<String, List<String>> query, String path) throws IOException {
        int pageSize = first(query, "PageSize") == null ? 50 : Integer.parseInt(first(query, "PageSize"));
        int pageNumber = first(query, "Page") == null ? 0 : Integer.parseInt(first(query, "Page"));
        List<ObjectNode> all = List.copyOf(incomingNumbers.values());
        var records = json.createArrayNode();
        for (int i = pageNumber * pageSize; i < Math.min(all.size(), (pageNumber + 1) * pageSize); i++) {
            records.add(all.get(i));
        }
        ObjectNode page = json.createObjectNode();
        page.set("incoming_phone_numbers", records);
        page.put("uri", path + "?PageSize=" + pageSize + "&Page=" + pageNumber);
        page.put("first_page_uri", path + "?PageSize=" + pageSize + "&Page=0");
        page.put("page", pageNumber);
        page.put("page_size", pageSize);
        if ((pageNumber + 1) * pageSize < all.size()) {
            page.put("next_page_uri", path + "?PageSize=" + pageSize + "&Page=" + (pageNumber + 1));
        } else {
            page.putNull("next_page_uri");
        }
        respond(exchange, 200, page);
    }

    private static final List<String> NUMBER_FIELDS = List.of("FriendlyName", "VoiceUrl", "VoiceMethod",
            "VoiceFallbackUrl", "VoiceFallbackMethod", "StatusCallback", "StatusCallbackMethod", "SmsUrl", "SmsMethod",
            "SmsFallbackUrl", "SmsFallbackMethod", "VoiceApplicationSid", "SmsApplicationSid", "TrunkSid");

    private static void updateNumber(ObjectNode number, Map<String, List<String>> form) {
        for (String field : NUMBER_FIELDS) {
            String value = first(form, field);
            if (value != null) {
                number.put(field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT), value);
            }
        }
        number.put("date_updated", RFC_2822.format(Instant.now()));
    }

    private ObjectNode newIncomingNumber(String phoneNumber) {
        String now = RFC_2822.format(Instant.now());
        String sid = TwilioRequests.sid("PN");
        ObjectNode number = json.createObjectNode();
        number.put("sid", sid);
        number.put("account_sid", accountSid);
        number.put("friendly_name", phoneNumber);
        number.put("phone_number", phoneNumber);
        number.put("voice_url", "");
        number.put("voice_method", "POST");
        number.put("voice_fallback_url", "");
        number.put("voice_fallback_method", "POST");
        number.put("status_callback", "");
        number.put("status_callback_method", "POST");
        number.put("sms_url", "");
        number.put("sms_method", "POST");
        number.put("sms_fallback_url", "");
        number.put("sms_fallback_method", "POST");
        number.putNull("voice_application_sid");
        number.putNull("sms_application_sid");
        number.putNull("trunk_sid");
        number.put("date_created", now);
        number.put("date_updated", now);
        number.putObject("capabilities").put("voice", true).put("sms", true).put("mms", true).put("fax", false);
        number.put("status", "in-use");
        number.put("api_version", "2010-04-01");
        number.put("uri", "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/" + sid + ".json");
        return number;
    }

    private ObjectNode newCall(String callSid, String from, String to, String status, String direction) {
        String now = RFC_2822.format(Instant.now());
        ObjectNode call = json.createObjectNode();
        call.put("sid", callSid);
        call.put("date_created", now);
        call.put("date_updated", now);
        call.putNull("parent_call_sid");
        call.put("account_sid", accountSid);
        call.put("to", to);
        call.put("to_formatted", to);
        call.put("from", from);
        call.put("from_formatted", from);
        call.putNull("phone_number_sid");
        call.put("status", status);
        call.put("start_time", now);
        call.putNull("end_time");
        call.putNull("duration");
        call.putNull("price");
        call.put("price_unit", "USD");
        call.put("direction", direction);
        call.putNull("answered_by");
        call.put("api_version", "2010-04-01");
        call.putNull("forwarded_from");
        call.putNull("group_sid");
        call.putNull("caller_name");
        call.put("queue_time", "0");
        call.putNull("trunk_sid");
        call.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Calls/" + callSid + ".json");
        call.putObject("subresource_uris");
        return call;
    }

    /** The account's auth token, or one of its API keys (key SID and secret), as Twilio accepts either. */
    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic(accountSid, authToken).equals(header)) {
            return true;
        }
        return apiKeys.entrySet().stream().anyMatch(key -> basic(key.getKey(), key.getValue()).equals(header));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An API key of the account ({@code SK...} and its secret): requests may authenticate with it. */
    public void addApiKey(String keySid, String secret) {
        apiKeys.put(keySid, secret);
    }

    private synchronized ScriptedError nextError(String method, String path) {
        for (var it = errors.iterator(); it.hasNext();) {
            ScriptedError error = it.next();
            if (error.method().equals(method) && error.path().test(path)) {
                it.remove();
                return error;
            }
        }
        return null;
    }

    private void notFound(HttpExchange exchange, String path) throws IOException {
        error(exchange, 404, 20404, "The requested resource " + path + " was not found");
    }

    private void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        respond(exchange, status, body);
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

}
