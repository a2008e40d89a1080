package io.aicaller.numbers.rest;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.aicaller.agents.InvalidAgent;
import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.numbers.service.NumbersService;
import io.aicaller.numbers.webhooks.InvalidSubscription;
import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * The numbers API's mutating requests under an {@code Idempotency-Key}: run once across replicas and restarts, a
 * retry answered with the first outcome ({@code Idempotent-Replayed: true}). A request refused before anything
 * changed frees its key; one whose outcome is unknown (Twilio or the broker unreachable mid-request) keeps it (409).
 */
@ApplicationScoped
public class KeyedRequests {

    private final RequestLedger ledger;

    KeyedRequests(RequestLedger ledger) {
        this.ledger = ledger;
    }

    /** Runs {@code request} (once per key when there is one) and answers {@code status} with its outcome. */
    public <T> Response answer(String key, String operation, String fingerprint, Class<T> type, int status,
            Supplier<T> request) {
        if (key == null) {
            return Response.status(status).entity(request.get()).header("Idempotent-Replayed", "false").build();
        }
        RequestLedger.Result<T> result = ledger.once(key, operation, fingerprint, type, request,
                KeyedRequests::changedNothing);
        // A repeated create is 200 (nothing new was created); other answers keep their status.
        return Response.status(result.replayed() && status == 201 ? 200 : status)
                .entity(result.outcome())
                .header("Idempotent-Replayed", String.valueOf(result.replayed()))
                .build();
    }

    private static boolean changedNothing(RuntimeException e) {
        if (e instanceof TwilioUnavailableException u) {
            return u.httpStatus() > 0; // 429/5xx: Twilio did nothing; no answer at all: it may have
        }
        return e instanceof NumbersService.Refused || e instanceof TwilioApiException
                || e instanceof InvalidAgent || e instanceof InvalidSubscription;
    }
}
