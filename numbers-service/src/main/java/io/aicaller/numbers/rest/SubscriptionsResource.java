package io.aicaller.numbers.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aicaller.numbers.messaging.FailureLog;
import io.aicaller.numbers.service.SubscriptionsService;
import io.aicaller.numbers.webhooks.DeliveryFailure;
import io.aicaller.numbers.webhooks.SubscriptionView;

/**
 * Event webhooks: where the business wants which events. Each delivery is a POST of the CloudEvent in structured mode,
 * signed with the subscription's secret ({@code X-AiCaller-Signature}, hex HMAC-SHA256 of
 * {@code <X-AiCaller-Timestamp>.<body>}); at least once, so receivers dedup by the event's {@code id}.
 */
@Path("/api/subscriptions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Event webhooks")
@SecurityRequirement(name = "bearer")
public class SubscriptionsResource {

    private final SubscriptionsService subscriptions;
    private final FailureLog failures;
    private final KeyedRequests keyed;

    SubscriptionsResource(SubscriptionsService subscriptions, FailureLog failures, KeyedRequests keyed) {
        this.subscriptions = subscriptions;
        this.failures = failures;
        this.keyed = keyed;
    }

    @GET
    @Operation(summary = "Every subscription (secrets are never shown)")
    public List<SubscriptionView> list() {
        return subscriptions.list().stream().map(SubscriptionView::of).toList();
    }

    @POST
    @Operation(summary = "Subscribe a URL to event types (names such as call.ended, or prefixes such as message.*)."
            + " Without secret or secretEnv a secret is generated and shown in this answer only. 422 names every"
            + " invalid field; with an Idempotency-Key a retry answers what the first request created")
    public Response create(String body, @HeaderParam("Idempotency-Key") String key) {
        Response answer = keyed.answer(key, "create-subscription", String.valueOf(body), SubscriptionView.class, 201,
                () -> subscriptions.create(body));
        SubscriptionView created = (SubscriptionView) answer.getEntity();
        return Response.fromResponse(answer).location(URI.create("/api/subscriptions/" + created.id())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One subscription; disabledReason says why one is off (a receiver answered 410 Gone)")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.get(id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a subscription's settings (re-enables a disabled one unless enabled=false); a"
            + " secret not given again is kept")
    public Response update(@PathParam("id") String id, String body, @HeaderParam("Idempotency-Key") String key) {
        return keyed.answer(key, "update-subscription", id + "|" + body, SubscriptionView.class, 200,
                () -> SubscriptionView.of(subscriptions.update(id, body)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a subscription; what it was still owed is dropped")
    public Response delete(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String key) {
        Response answer = keyed.answer(key, "delete-subscription", id, String.class, 204, () -> {
            subscriptions.delete(id);
            failures.forget(id);
            return id;
        });
        return Response.fromResponse(answer).entity(null).build();
    }

    @GET
    @Path("{id}/failures")
    @Operation(summary = "The latest failed deliveries, newest first: attempts, last error, and state (retrying,"
            + " delivered, dead-lettered, refused, gone)")
    public List<DeliveryFailure> failures(@PathParam("id") String id,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        subscriptions.get(id);
        return failures.latest(id, Math.max(1, Math.min(limit, 100)));
    }
}
