package io.aicaller.numbers.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aicaller.numbers.client.NumbersClient;
import io.aicaller.numbers.service.NumbersService;

/** Phone numbers: search, buy (guarded), configure, release (confirmed), sync. Bearer-token protected. */
@Path("/api/numbers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Numbers")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "bearer")
public class NumbersResource {

    public record BuyRequest(String phoneNumber, String profile, String friendlyName) {
    }

    public record UpdateRequest(String profile, String friendlyName, NumbersService.WebhookSettings webhooks) {
    }

    private final NumbersService numbers;
    private final KeyedRequests keyed;

    NumbersResource(NumbersService numbers, KeyedRequests keyed) {
        this.numbers = numbers;
        this.keyed = keyed;
    }

    @GET
    @Path("available")
    @Operation(summary = "Numbers available to buy (at most 50)")
    public List<NumbersClient.Available> available(@QueryParam("country") @DefaultValue("US") String country,
            @QueryParam("type") @DefaultValue("local") String type, @QueryParam("areaCode") String areaCode,
            @QueryParam("contains") String contains, @QueryParam("voice") Boolean voice,
            @QueryParam("sms") Boolean sms, @QueryParam("mms") Boolean mms, @QueryParam("limit") Integer limit) {
        return numbers.search(country, type, areaCode, contains, voice, sms, mms, limit);
    }

    @POST
    @Operation(summary = "Buy a number and point it at the gateway; refused unless purchasing is enabled, "
            + "dryRun=true shows the plan without calling Twilio. With an Idempotency-Key, a retry answers the first "
            + "outcome (200, Idempotent-Replayed: true) and never buys twice")
    public Response buy(BuyRequest request, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @HeaderParam("Idempotency-Key") String key) {
        if (request == null) {
            throw new NumbersService.Refused(400, "a JSON body with phoneNumber is required");
        }
        return keyed.answer(dryRun ? null : key, "buy-number",
                request.phoneNumber() + "|" + request.profile() + "|" + request.friendlyName(),
                NumbersService.PurchasePlan.class, dryRun ? 200 : 201,
                () -> numbers.buy(request.phoneNumber(), request.profile(), request.friendlyName(), dryRun));
    }

    @GET
    @Operation(summary = "Owned numbers, paged")
    public List<NumbersService.NumberView> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return numbers.list(page, size);
    }

    @GET
    @Path("{sid}")
    @Operation(summary = "One owned number")
    public NumbersService.NumberView get(@PathParam("sid") String sid) {
        return numbers.get(sid);
    }

    @PATCH
    @Path("{sid}")
    @Operation(summary = "Assign an agent profile, rename, or point the number's webhooks somewhere given (all six "
            + "settings; empty URLs clear them); POST /api/numbers/sync points it back at the gateway")
    public NumbersService.NumberView update(@PathParam("sid") String sid, UpdateRequest request) {
        return numbers.update(sid, request == null ? null : request.profile(),
                request == null ? null : request.friendlyName(), request == null ? null : request.webhooks());
    }

    @DELETE
    @Path("{sid}")
    @Operation(summary = "Release a number; needs confirm=<the number>. With an Idempotency-Key, a retry answers the"
            + " first outcome")
    public Response release(@PathParam("sid") String sid, @QueryParam("confirm") String confirm,
            @HeaderParam("Idempotency-Key") String key) {
        return keyed.answer(key, "release-number", sid + "|" + confirm, NumbersService.NumberView.class, 200,
                () -> numbers.release(sid, confirm));
    }

    @POST
    @Path("sync")
    @Operation(summary = "Point every owned number (or ?sid=) at this deployment's gateway; idempotent")
    public NumbersService.SyncReport sync(@QueryParam("sid") String sid) {
        return numbers.sync(sid);
    }
}
