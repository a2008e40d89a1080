package io.aicaller.numbers.service;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;

import io.aicaller.events.NumberConfigured;
import io.aicaller.events.NumberPurchased;
import io.aicaller.events.NumberReleased;
import io.aicaller.numbers.client.NumbersClient;
import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.messaging.NumbersPublisher;
import io.aicaller.numbers.messaging.ProfileAssignments;
import io.aicaller.support.phone.PhoneNumbers;

/** Searching, buying, configuring and releasing numbers. Blocking (twilio-java): worker threads only. */
@ApplicationScoped
public class NumbersService {

    private static final Logger LOG = Logger.getLogger(NumbersService.class);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> TYPES = Set.of("local", "toll-free", "mobile");
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 50;

    /** Refused before Twilio is called; answered 400 (or the given status). */
    public static class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * An owned number. With a {@code voiceApplicationSid} or {@code trunkSid} Twilio routes its calls there and
     * ignores the voice URLs (likewise {@code smsApplicationSid} for messages).
     */
    public record NumberView(String sid, String phoneNumber, String friendlyName, String profile, String voiceUrl,
            String voiceMethod, String voiceFallbackUrl, String statusCallback, String smsUrl, String smsMethod,
            String voiceApplicationSid, String smsApplicationSid, String trunkSid, boolean pointsAtGateway) {
    }

    /**
     * Webhook settings given explicitly, to point a number somewhere other than this deployment's gateway (back to
     * where it pointed before, for instance). All six are set: a missing or empty URL clears that setting, a missing
     * method is POST.
     */
    public record WebhookSettings(String voiceUrl, String voiceMethod, String voiceFallbackUrl, String statusCallback,
            String smsUrl, String smsMethod) {
    }

    public record PurchasePlan(boolean dryRun, boolean purchaseEnabled, String phoneNumber, String profile,
            NumbersClient.Webhooks webhooks, NumberView number) {
    }

    public record SyncReport(List<NumberView> changed, List<NumberView> unchanged) {
    }

    private final NumbersClient twilio;
    private final NumbersPublisher publisher;
    private final ProfileAssignments assignments;
    private final NumbersConfig config;
    private final AgentsService agents;

    NumbersService(NumbersClient twilio, NumbersPublisher publisher, ProfileAssignments assignments,
            NumbersConfig config, AgentsService agents) {
        this.twilio = twilio;
        this.publisher = publisher;
        this.assignments = assignments;
        this.config = config;
        this.agents = agents;
    }

    public List<NumbersClient.Available> search(String country, String type, String areaCode, String contains,
            Boolean voice, Boolean sms, Boolean mms, Integer limit) {
        String iso = country == null ? "US" : country.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(iso)) {
            throw new Refused(400, "country must be an ISO 3166 alpha-2 code such as US (got " + country + ")");
        }
        String kind = type == null ? "local" : type;
        if (!TYPES.contains(kind)) {
            throw new Refused(400, "type must be local, toll-free or mobile");
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new Refused(400, "limit must be between 1 and " + MAX_LIMIT);
        }
        if (areaCode != null && !areaCode.matches("[0-9]{3}")) {
            throw new Refused(400, "areaCode must be three digits");
        }
        if (contains != null && !contains.matches("[0-9A-Za-z*]{1,16}")) {
            throw new Refused(400, "contains must be 1-16 digits, letters or *");
        }
        return twilio.search(new NumbersClient.Search(iso, kind, areaCode == null ? null : Integer.valueOf(areaCode),
                contains, voice, sms, mms, size));
    }

    public PurchasePlan buy(String phoneNumber, String profile, String friendlyName, boolean dryRun) {
        requireE164(phoneNumber);
        String assigned = profileName(profile);
        NumbersClient.Webhooks webhooks = webhooks();
        if (dryRun) {
            return new PurchasePlan(true, config.purchase().enabled(), phoneNumber, assigned, webhooks, null);
        }
        if (!config.purchase().enabled()) {
            throw new Refused(403, "buying numbers is disabled (numbers.purchase.enabled=false)");
        }
        int owned = twilio.owned().size();
        if (owned >= config.purchase().maxOwned()) {
            throw new Refused(409, "the account already owns " + owned + " numbers (numbers.purchase.max-owned="
                    + config.purchase().maxOwned() + ")");
        }
        IncomingPhoneNumber bought = twilio.buy(phoneNumber, friendlyName, webhooks);
        LOG.infof("Bought %s as %s for profile %s", PhoneNumbers.mask(phoneNumber), bought.getSid(), assigned);
        assignments.assign(bought.getSid(), assigned);
        publisher.publish(new NumberPurchased(bought.getSid(), phoneNumber, bought.getFriendlyName(), assigned,
                Instant.now()), bought.getSid(), "purchased");
        publishConfigured(bought, assigned);
        return new PurchasePlan(false, true, phoneNumber, assigned, webhooks, view(bought));
    }

    public List<NumberView> list(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_LIMIT) {
            throw new Refused(400, "page must be >= 0 and size between 1 and " + MAX_LIMIT);
        }
        List<IncomingPhoneNumber> owned = twilio.owned();
        List<NumberView> views = new ArrayList<>();
        for (int i = page * size; i < Math.min(owned.size(), (page + 1) * size); i++) {
            views.add(view(owned.get(i)));
        }
        return views;
    }

    public NumberView get(String sid) {
        return view(twilio.fetch(requireSid(sid)));
    }

    public NumberView update(String sid, String profile, String friendlyName, WebhookSettings settings) {
        requireSid(sid);
        String assigned = profile == null ? null : profileName(profile);
        NumbersClient.Webhooks webhooks = settings == null ? null : webhooks(settings);
        IncomingPhoneNumber number = friendlyName != null || webhooks != null
                ? twilio.update(sid, friendlyName, webhooks)
                : twilio.fetch(sid);
        if (assigned != null) {
            assignments.assign(sid, assigned);
        }
        if (assigned != null || webhooks != null) {
            publishConfigured(number, assignments.profile(sid).orElse(config.defaultProfile()));
        }
        if (webhooks != null) {
            LOG.infof("Pointed %s (%s) at %s", PhoneNumbers.mask(String.valueOf(number.getPhoneNumber())), sid,
                    webhooks.voiceUrl().toString().isEmpty() ? "no voice URL" : webhooks.voiceUrl().getHost());
        }
        return view(number);
    }

    public NumberView release(String sid, String confirm) {
        IncomingPhoneNumber number = twilio.fetch(requireSid(sid));
        String phoneNumber = String.valueOf(number.getPhoneNumber());
        if (!phoneNumber.equals(confirm)) {
            throw new Refused(400, "releasing a number cannot be undone: pass confirm=" + phoneNumber);
        }
        twilio.release(sid);
        assignments.assign(sid, null);
        publisher.publish(new NumberReleased(sid, phoneNumber, Instant.now()), sid, "released");
        LOG.infof("Released %s (%s)", PhoneNumbers.mask(phoneNumber), sid);
        return view(number);
    }

    /** Points every owned number (or one) at this deployment's gateway; only numbers that differ are updated. */
    public SyncReport sync(String onlySid) {
        NumbersClient.Webhooks expected = webhooks();
        List<IncomingPhoneNumber> numbers = onlySid == null ? twilio.owned()
                : List.of(twilio.fetch(requireSid(
                        onlySid)));
        List<NumberView> changed = new ArrayList<>();
        List<NumberView> unchanged = new ArrayList<>();
        for (IncomingPhoneNumber number : numbers) {
            if (pointsAt(number, expected)) {
                unchanged.add(view(number));
                continue;
            }
            IncomingPhoneNumber updated = twilio.update(number.getSid(), null, expected);
            publishConfigured(updated, assignments.profile(number.getSid()).orElse(config.defaultProfile()));
            changed.add(view(updated));
        }
        return new SyncReport(changed, unchanged);
    }

    private void publishConfigured(IncomingPhoneNumber number, String profile) {
        publisher.publish(new NumberConfigured(number.getSid(), String.valueOf(number.getPhoneNumber()), profile,
                str(number.getVoiceUrl()), str(number.getVoiceFallbackUrl()), str(number.getStatusCallback()),
                str(number.getSmsUrl()), Instant.now()), number.getSid(), "configured", Instant.now().toString());
    }

    private NumbersClient.Webhooks webhooks() {
        String base = config.gatewayPublicUrl()
                .filter(u -> !u.isBlank())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseThrow(() -> new Refused(503,
                        "numbers.gateway-public-url is not set: there is no gateway to point numbers at"));
        String hooks = base + "/webhooks/twilio/";
        return new NumbersClient.Webhooks(URI.create(hooks + "voice"), HttpMethod.POST,
                URI.create(hooks + "voice-fallback"), URI.create(hooks + "status"), URI.create(hooks + "sms"),
                HttpMethod.POST);
    }

    private static NumbersClient.Webhooks webhooks(WebhookSettings settings) {
        return new NumbersClient.Webhooks(url("webhooks.voiceUrl", settings.voiceUrl()),
                method("webhooks.voiceMethod", settings.voiceMethod()),
                url("webhooks.voiceFallbackUrl", settings.voiceFallbackUrl()),
                url("webhooks.statusCallback", settings.statusCallback()), url("webhooks.smsUrl", settings.smsUrl()),
                method("webhooks.smsMethod", settings.smsMethod()));
    }

    private static URI url(String field, String value) {
        if (value == null || value.isEmpty()) {
            return URI.create("");
        }
        try {
            URI uri = new URI(value);
            if (value.length() <= 1024 && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw new Refused(400, field + " must be an absolute http(s) URL of at most 1024 characters, or empty");
    }

    private static HttpMethod method(String field, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("POST")) {
            return HttpMethod.POST;
        }
        if (value.equalsIgnoreCase("GET")) {
            return HttpMethod.GET;
        }
        throw new Refused(400, field + " must be GET or POST");
    }

    private static boolean pointsAt(IncomingPhoneNumber number, NumbersClient.Webhooks expected) {
        return Objects.equals(str(number.getVoiceUrl()), expected.voiceUrl().toString())
                && Objects.equals(str(number.getVoiceFallbackUrl()), expected.voiceFallbackUrl().toString())
                && Objects.equals(str(number.getStatusCallback()), expected.statusCallback().toString())
                && Objects.equals(str(number.getSmsUrl()), expected.smsUrl().toString());
    }

    private NumberView view(IncomingPhoneNumber number) {
        boolean pointed;
        try {
            pointed = pointsAt(number, webhooks());
        } catch (Refused e) {
            pointed = false;
        }
        return new NumberView(number.getSid(), String.valueOf(number.getPhoneNumber()), number.getFriendlyName(),
                assignments.profile(number.getSid()).orElse(null), str(number.getVoiceUrl()),
                method(number.getVoiceMethod()), str(number.getVoiceFallbackUrl()), str(number.getStatusCallback()),
                str(number.getSmsUrl()), method(number.getSmsMethod()), blank(number.getVoiceApplicationSid()),
                blank(number.getSmsApplicationSid()), blank(number.getTrunkSid()), pointed);
    }

    private String profileName(String profile) {
        String name = Optional.ofNullable(profile).filter(p -> !p.isBlank()).orElse(config.defaultProfile());
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new Refused(400, "profile must be 1-64 letters, digits, '-' or '_'");
        }
        if (!agents.exists(name)) {
            throw new Refused(400, "profile: no agent named " + name + " (create it with POST /api/agents)");
        }
        return name;
    }

    private static void requireE164(String number) {
        PhoneNumbers.e164Problem(number).ifPresent(problem -> {
            throw new Refused(400, "phoneNumber " + problem);
        });
    }

    private static String requireSid(String sid) {
        if (sid == null || !sid.matches("PN[0-9a-fA-F]{32}")) {
            throw new Refused(400, "not a phone number SID: PN followed by 32 hex digits");
        }
        return sid;
    }

    private static String method(HttpMethod method) {
        return method == null ? null : method.toString();
    }

    private static String blank(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String str(URI uri) {
        return uri == null || uri.toString().isEmpty() ? null : uri.toString();
    }

}
