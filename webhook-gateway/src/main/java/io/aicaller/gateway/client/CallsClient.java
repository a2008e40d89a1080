package io.aicaller.gateway.client;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.type.PhoneNumber;

import io.smallrye.faulttolerance.api.ExponentialBackoff;

import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioClients;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * Twilio's Calls API through twilio-java. Blocking: call it from worker threads only. 429 and 5xx are retried with
 * exponential backoff and jitter; other errors surface as {@link TwilioApiException} with Twilio's code.
 */
@ApplicationScoped
public class CallsClient {

    /** Twilio's code for "resource not found", e.g. updating a call that already ended. */
    public static final int NOT_FOUND = 20404;

    /** @param recordingCallback where Twilio reports the recording's progress when {@code record} is set */
    public record OutboundCall(String to, String from, URI voiceUrl, URI statusCallback, URI amdCallback,
            Integer timeoutSeconds, boolean record, String machineDetection, URI recordingCallback) {
    }

    private final TwilioRestClient client;

    CallsClient(TwilioRestClient client) {
        this.client = client;
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, maxDuration = 20, durationUnit = ChronoUnit.SECONDS, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Call create(OutboundCall call) {
        return TwilioClients.call(() -> {
            var creator = Call.creator(new PhoneNumber(call.to()), new PhoneNumber(call.from()), call.voiceUrl())
                    .setStatusCallback(call.statusCallback())
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                    .setRecord(call.record());
            if (call.record()) {
                // Without a callback Twilio records silently and call.recording-status-changed never fires.
                creator.setRecordingStatusCallback(call.recordingCallback().toString())
                        .setRecordingStatusCallbackMethod(HttpMethod.POST)
                        .setRecordingStatusCallbackEvent(List.of("in-progress", "completed", "absent"))
                        .setRecordingChannels("dual");
            }
            if (call.timeoutSeconds() != null) {
                creator.setTimeout(call.timeoutSeconds());
            }
            if (call.machineDetection() != null) {
                creator.setMachineDetection(call.machineDetection())
                        .setAsyncAmd("true")
                        .setAsyncAmdStatusCallback(call.amdCallback())
                        .setAsyncAmdStatusCallbackMethod(HttpMethod.POST);
            }
            return creator.create(client);
        });
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Call fetch(String callSid) {
        return TwilioClients.call(() -> Call.fetcher(callSid).fetch(client));
    }

    /** Ends a live call. Returns false when Twilio no longer knows it as live (20404): it has already ended. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public boolean hangUp(String callSid) {
        return unlessGone(() -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(client));
    }

    /** Replaces the call's TwiML; ends any running {@code <Connect><Stream>}. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Call updateTwiml(String callSid, String twiml) {
        return TwilioClients.call(() -> Call.updater(callSid).setTwiml(twiml).update(client));
    }

    /** A recording's metadata; {@link TwilioApiException} 404 (20404) when Twilio has none by that SID. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Recording recording(String recordingSid) {
        return TwilioClients.call(() -> Recording.fetcher(recordingSid).fetch(client));
    }

    /** Deletes a recording at Twilio (its audio and metadata); false when Twilio had none by that SID. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public boolean deleteRecording(String recordingSid) {
        return unlessGone(() -> Recording.deleter(recordingSid).delete(client));
    }

    /** Runs a request on something that may be gone already: true if done, false on Twilio's 404 (20404). */
    private static boolean unlessGone(java.util.function.Supplier<?> request) {
        try {
            TwilioClients.call(request::get);
            return true;
        } catch (TwilioApiException e) {
            if (e.twilioCode() != null && e.twilioCode() == NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Makes Twilio fetch new TwiML for the call from {@code url}. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = TwilioUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 3000)
    public Call redirect(String callSid, URI url) {
        return TwilioClients.call(() -> Call.updater(callSid).setUrl(url).update(client));
    }

}
