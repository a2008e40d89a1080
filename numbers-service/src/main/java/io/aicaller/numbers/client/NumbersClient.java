package io.aicaller.numbers.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import com.twilio.base.ResourceSet;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Mobile;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.TollFree;
import com.twilio.type.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;

import io.smallrye.faulttolerance.api.ExponentialBackoff;

import io.aicaller.support.twilio.TwilioClients;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * Twilio's AvailablePhoneNumbers and IncomingPhoneNumbers through twilio-java. Blocking: worker threads only. 429 and
 * 5xx are retried with exponential backoff and jitter; other errors carry Twilio's code.
 */
@ApplicationScoped
public class NumbersClient {

    public record Search(String country, String type, Integer areaCode, String contains, Boolean voice, Boolean sms,
            Boolean mms, int limit) {
    }

    public record Available(String phoneNumber, String friendlyName, String locality, String region, boolean voice,
            boolean sms, boolean mms) {
    }

    /** The four webhook URLs a number is configured with; null leaves a URL unchanged. */
    /** Where Twilio sends a number's calls and messages; an empty URI clears the setting at Twilio. */
    public record Webhooks(URI voiceUrl, HttpMethod voiceMethod, URI voiceFallbackUrl, URI statusCallback, URI smsUrl,
            HttpMethod smsMethod) {
    }

    private final TwilioRestClient client;

    NumbersClient(TwilioRestClient client) {
        this.client = client;
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public List<Available> search(Search search) {
        return TwilioClients.call(() -> {
            List<Available> found = new ArrayList<>();
            switch (search.type()) {
                case "toll-free":
                    var tollFree = TollFree.reader(search.country()).setPageSize((long) search.limit());
                    if (search.contains() != null) {
                        tollFree.setContains(search.contains());
                    }
                    if (search.areaCode() != null) {
                        tollFree.setAreaCode(search.areaCode());
                    }
                    setCapabilities(search, tollFree::setVoiceEnabled, tollFree::setSmsEnabled,
                            tollFree::setMmsEnabled);
                    tollFree.firstPage(client)
                            .getRecords()
                            .forEach(n -> found.add(available(n.getPhoneNumber(),
                                    n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getCapabilities())));
                    break;
                case "mobile":
                    var mobile = Mobile.reader(search.country()).setPageSize((long) search.limit());
                    if (search.contains() != null) {
                        mobile.setContains(search.contains());
                    }
                    if (search.areaCode() != null) {
                        mobile.setAreaCode(search.areaCode());
                    }
                    setCapabilities(search, mobile::setVoiceEnabled, mobile::setSmsEnabled, mobile::setMmsEnabled);
                    mobile.firstPage(client)
                            .getRecords()
                            .forEach(n -> found.add(available(n.getPhoneNumber(),
                                    n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getCapabilities())));
                    break;
                default:
                    var local = Local.reader(search.country()).setPageSize((long) search.limit());
                    if (search.contains() != null) {
                        local.setContains(search.contains());
                    }
                    if (search.areaCode() != null) {
                        local.setAreaCode(search.areaCode());
                    }
                    setCapabilities(search, local::setVoiceEnabled, local::setSmsEnabled, local::setMmsEnabled);
                    local.firstPage(client)
                            .getRecords()
                            .forEach(n -> found.add(available(n.getPhoneNumber(),
                                    n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getCapabilities())));
            }
            return found.size() > search.limit() ? found.subList(0, search.limit()) : found;
        });
    }

    private static void setCapabilities(Search search, java.util.function.Consumer<Boolean> voice,
            java.util.function.Consumer<Boolean> sms, java.util.function.Consumer<Boolean> mms) {
        if (search.voice() != null) {
            voice.accept(search.voice());
        }
        if (search.sms() != null) {
            sms.accept(search.sms());
        }
        if (search.mms() != null) {
            mms.accept(search.mms());
        }
    }

    private static Available available(PhoneNumber number, PhoneNumber friendlyName, String locality, String region,
            PhoneNumberCapabilities capabilities) {
        return new Available(String.valueOf(number), friendlyName == null ? null : friendlyName.toString(), locality,
                region, capabilities != null && capabilities.getVoice(), capabilities != null && capabilities.getSms(),
                capabilities != null && capabilities.getMms());
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public IncomingPhoneNumber buy(String phoneNumber, String friendlyName, Webhooks webhooks) {
        return TwilioClients.call(() -> {
            var creator = IncomingPhoneNumber.creator(new PhoneNumber(phoneNumber))
                    .setVoiceUrl(webhooks.voiceUrl())
                    .setVoiceMethod(webhooks.voiceMethod())
                    .setVoiceFallbackUrl(webhooks.voiceFallbackUrl())
                    .setStatusCallback(webhooks.statusCallback())
                    .setSmsUrl(webhooks.smsUrl())
                    .setSmsMethod(webhooks.smsMethod());
            if (friendlyName != null) {
                creator.setFriendlyName(friendlyName);
            }
            return creator.create(client);
        });
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public List<IncomingPhoneNumber> owned() {
        return TwilioClients.call(() -> {
            List<IncomingPhoneNumber> numbers = new ArrayList<>();
            ResourceSet<IncomingPhoneNumber> all = IncomingPhoneNumber.reader().setPageSize(50L).read(client);
            all.forEach(numbers::add);
            return numbers;
        });
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public IncomingPhoneNumber fetch(String sid) {
        return TwilioClients.call(() -> IncomingPhoneNumber.fetcher(sid).fetch(client));
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public IncomingPhoneNumber update(String sid, String friendlyName, Webhooks webhooks) {
        return TwilioClients.call(() -> {
            var updater = IncomingPhoneNumber.updater(sid);
            if (friendlyName != null) {
                updater.setFriendlyName(friendlyName);
            }
            if (webhooks != null) {
                updater.setVoiceUrl(webhooks.voiceUrl())
                        .setVoiceMethod(webhooks.voiceMethod())
                        .setVoiceFallbackUrl(webhooks.voiceFallbackUrl())
                        .setStatusCallback(webhooks.statusCallback())
                        .setSmsUrl(webhooks.smsUrl())
                        .setSmsMethod(webhooks.smsMethod());
            }
            return updater.update(client);
        });
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public void release(String sid) {
        TwilioClients.call(() -> IncomingPhoneNumber.deleter(sid).delete(client));
    }

}
