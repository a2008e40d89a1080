package io.aicaller.messaging;

import java.time.Instant;

/**
 * What the service knows of one message, as {@code GET /api/messages/{sid}} reports it.
 *
 * @param messageSid Twilio MessageSid
 * @param direction outbound or inbound
 * @param to Recipient
 * @param from Sender (null when sent through a Messaging Service and not yet known)
 * @param status Latest status
 * @param errorCode Twilio error code of a failed or undelivered message
 * @param segments Billing segments of the body (null when unknown)
 * @param encoding GSM-7 or UCS-2 (null when unknown)
 * @param requestId Request that sent it (outbound)
 * @param updatedAt When the status was last reported
 * @param statusCallback Where delivery reports are forwarded, if the requester asked
 */
public record MessageView(String messageSid, String direction, String to, String from, String status,
        Integer errorCode, Integer segments, String encoding, String requestId, Instant updatedAt,
        String statusCallback) {
}
