package io.aicaller.gateway.rest;

import java.time.ZonedDateTime;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.twilio.rest.api.v2010.account.Recording;

import io.aicaller.gateway.client.CallsClient;
import io.aicaller.gateway.service.CallControlService;
import io.aicaller.support.api.ApiError;

/**
 * Call recordings kept at Twilio: their metadata and where the audio is, and deletion (for a retention policy or a
 * caller's request). Blocking (twilio-java): worker threads.
 */
@Path("/api/recordings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recordings")
@SecurityRequirement(name = "bearer")
public class RecordingsResource {

    /**
     * @param mediaUrl the audio at Twilio (WAV; append {@code .mp3} for MP3), fetched with the account's credentials
     */
    public record RecordingView(String sid, String callSid, String status, Integer durationSeconds, Integer channels,
            String source, ZonedDateTime startTime, String mediaUrl) {
    }

    private final CallsClient calls;

    RecordingsResource(CallsClient calls) {
        this.calls = calls;
    }

    @GET
    @Path("{sid}")
    @Operation(summary = "A recording's status, duration, channels and audio URL at Twilio")
    public RecordingView get(@PathParam("sid") String sid) {
        Recording recording = calls.recording(requireSid(sid));
        return new RecordingView(recording.getSid(), recording.getCallSid(),
                recording.getStatus() == null ? null : recording.getStatus().toString(),
                parse(recording.getDuration()), recording.getChannels(),
                recording.getSource() == null ? null : recording.getSource().toString(), recording.getStartTime(),
                recording.getMediaUrl() == null ? null : recording.getMediaUrl().toString());
    }

    @DELETE
    @Path("{sid}")
    @Operation(summary = "Delete a recording at Twilio, audio and metadata; 404 if Twilio has none by that SID")
    public Response delete(@PathParam("sid") String sid) {
        if (!calls.deleteRecording(requireSid(sid))) {
            return Response.status(404)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("not-found", "Twilio has no recording " + sid + " (or it was deleted)", null))
                    .build();
        }
        return Response.noContent().build();
    }

    private static String requireSid(String sid) {
        if (sid == null || !sid.matches("RE[0-9a-fA-F]{32}")) {
            throw new CallControlService.InvalidRequest("not a recording SID: RE followed by 32 hex digits");
        }
        return sid;
    }

    private static Integer parse(String seconds) {
        return seconds == null || !seconds.matches("-?\\d+") ? null : Integer.valueOf(seconds);
    }
}
