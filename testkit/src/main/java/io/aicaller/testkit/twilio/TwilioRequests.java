package io.aicaller.testkit.twilio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builders for Twilio webhook requests, e.g.
 * {@code TwilioRequests.incomingCall().from("+14155550100").to("+14155550199").signedWith(token, baseUrl)}.
 */
public final class TwilioRequests {

    public static final String VOICE_PATH = "/webhooks/twilio/voice";
    public static final String STATUS_PATH = "/webhooks/twilio/status";
    public static final String STREAM_STATUS_PATH = "/webhooks/twilio/stream-status";
    public static final String RECORDING_STATUS_PATH = "/webhooks/twilio/recording-status";
    public static final String AMD_STATUS_PATH = "/webhooks/twilio/amd-status";
    public static final String SMS_PATH = "/webhooks/twilio/sms";
    public static final String SMS_STATUS_PATH = "/webhooks/twilio/sms-status";
    public static final String GATHER_PATH = "/webhooks/twilio/gather";
    public static final String VOICE_FALLBACK_PATH = "/webhooks/twilio/voice-fallback";

    private TwilioRequests() {
    }

    /** A new random SID with the given two-letter prefix, e.g. {@code sid("CA")}. */
    public static String sid(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    public static Builder incomingCall() {
        String callSid = sid("CA");
        return new Builder(VOICE_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("From", "+14155550100")
                .param("To", "+14155550199")
                .param("Caller", "+14155550100")
                .param("Called", "+14155550199")
                .param("CallStatus", "ringing")
                .param("Direction", "inbound")
                .param("ApiVersion", "2010-04-01");
    }

    /** What Twilio posts to the Voice Fallback URL after the voice URL failed with {@code errorCode}. */
    public static Builder voiceFallback(String errorCode, String errorUrl) {
        Builder call = incomingCall();
        Builder fallback = new Builder(VOICE_FALLBACK_PATH);
        call.params.forEach(fallback::param);
        return fallback.param("ErrorCode", errorCode).param("ErrorUrl", errorUrl);
    }

    public static Builder callStatus(String callSid, String status, int sequenceNumber) {
        return new Builder(STATUS_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("CallStatus", status)
                .param("SequenceNumber", String.valueOf(sequenceNumber))
                .param("Timestamp", "Tue, 24 Nov 2026 14:03:0" + Math.min(sequenceNumber, 9) + " +0000")
                .param("From", "+14155550100")
                .param("To", "+14155550199")
                .param("Direction", "inbound")
                .param("ApiVersion", "2010-04-01");
    }

    public static Builder streamStatus(String callSid, String streamSid, String streamEvent) {
        return new Builder(STREAM_STATUS_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("StreamSid", streamSid)
                .param("StreamName", "ai-agent")
                .param("StreamEvent", streamEvent)
                .param("Timestamp", "2026-11-24T14:03:07.125Z");
    }

    public static Builder recordingStatus(String callSid, String recordingSid, String status) {
        return new Builder(RECORDING_STATUS_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("RecordingSid", recordingSid)
                .param("RecordingStatus", status)
                .param("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/" + recordingSid)
                .param("RecordingDuration", "42")
                .param("RecordingChannels", "2")
                .param("RecordingSource", "OutboundAPI");
    }

    public static Builder amdStatus(String callSid, String answeredBy) {
        return new Builder(AMD_STATUS_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("AnsweredBy", answeredBy)
                .param("MachineDetectionDuration", "2150");
    }

    public static Builder incomingSms() {
        return new Builder(SMS_PATH)
                .param("MessageSid", sid("SM"))
                .param("SmsSid", "")
                .param("AccountSid", sid("AC"))
                .param("From", "+14155550100")
                .param("To", "+14155550199")
                .param("Body", "Hello")
                .param("NumMedia", "0")
                .param("ApiVersion", "2010-04-01");
    }

    public static Builder smsStatus(String messageSid, String status) {
        return new Builder(SMS_STATUS_PATH)
                .param("MessageSid", messageSid)
                .param("AccountSid", sid("AC"))
                .param("MessageStatus", status)
                .param("To", "+14155550100")
                .param("From", "+14155550199")
                .param("ApiVersion", "2010-04-01");
    }

    public static Builder gather(String callSid, String speechResult) {
        return new Builder(GATHER_PATH)
                .param("CallSid", callSid)
                .param("AccountSid", sid("AC"))
                .param("SpeechResult", speechResult)
                .param("Confidence", "0.92")
                .param("From", "+14155550100")
                .param("To", "+14155550199");
    }

    public static final class Builder {
        private final String path;
        private final Map<String, String> params = new LinkedHashMap<>();
        private String query = "";
        private String idempotencyToken;

        private Builder(String path) {
            this.path = path;
        }

        public Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        public Builder from(String from) {
            return param("From", from);
        }

        public Builder to(String to) {
            return param("To", to);
        }

        public Builder callSid(String callSid) {
            return param("CallSid", callSid);
        }

        /** A query string ({@code a=1&b=2}) that is part of the URL Twilio was configured with. */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** The {@code I-Twilio-Idempotency-Token} header Twilio repeats on every retry of one webhook. */
        public Builder idempotencyToken(String token) {
            this.idempotencyToken = token;
            return this;
        }

        public String get(String name) {
            return params.get(name);
        }

        /** Signs over {@code publicBaseUrl + path + query}, the URL Twilio would have been configured with. */
        public SignedRequest signedWith(String authToken, String publicBaseUrl) {
            String pathAndQuery = query.isEmpty() ? path : path + "?" + query;
            String signature = TwilioSigner.sign(authToken, publicBaseUrl + pathAndQuery, params);
            return new SignedRequest(pathAndQuery, Map.copyOf(params), signature, idempotencyToken);
        }
    }
}
