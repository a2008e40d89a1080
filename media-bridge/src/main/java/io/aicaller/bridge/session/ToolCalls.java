package io.aicaller.bridge.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.events.Command;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.TransferCall;

/**
 * The built-in tools: a completed function call becomes the command that does it (the bridge holds no Twilio
 * credentials), or an error the model hears as the tool's output. The command's id derives from the call and the
 * tool call, so a retried publish is recognised downstream. {@code end_call} waits: its goodbye is usually in the
 * same response, so the hang-up goes out once that has played (or the goodbye timer runs out). No I/O.
 */
final class ToolCalls {

    private final Outbox out;
    private final ModelRequests requests;
    private String hangUpCallId;
    private Command hangUp;

    ToolCalls(Outbox out, ModelRequests requests) {
        this.out = out;
        this.requests = requests;
    }

    /**
     * A finished function-call item. Returns whether the model should be asked to answer now (it was given an
     * error); the other tools answer through {@link #onResult}.
     */
    boolean onCall(ModelEvent.FunctionCallDone call, AgentProfile profile, String callSid, String caller,
            String called, long goodbyeTimeoutMs) {
        if (!"completed".equals(call.status()) || call.callId() == null) {
            return false; // an interrupted call may carry cut-off arguments
        }
        Outcome outcome = decide(call, profile, callSid, caller, called);
        if (outcome.command() == null) {
            requests.functionCallOutput(call.callId(), outcome.errorJson());
            return true;
        }
        if (outcome.command() instanceof HangUpCall) {
            hangUpCallId = call.callId();
            hangUp = outcome.command();
            requests.functionCallOutput(call.callId(), "{\"status\":\"the call ends once your goodbye has played\"}");
            out.schedule(CallSession.TIMER_GOODBYE, goodbyeTimeoutMs);
        } else {
            out.runTool(call.callId(), outcome.command());
        }
        return false;
    }

    /** Hangs up if {@code end_call} is waiting and its goodbye has played. */
    void hangUpIf(boolean goodbyePlayed) {
        if (goodbyePlayed) {
            hangUpNow();
        }
    }

    void hangUpNow() {
        if (hangUp != null) {
            Command command = hangUp;
            hangUp = null;
            out.runTool(hangUpCallId, command);
        }
    }

    /**
     * The broker acknowledged (or refused) a tool's command: the model hears how it went. Returns whether it should
     * be asked to answer.
     */
    boolean onResult(String callId, Command command, String error) {
        if (command instanceof HangUpCall && error == null) {
            return false; // the model was told already; the call is ending
        }
        requests.functionCallOutput(callId, error == null
                ? "{\"status\":\"requested\",\"id\":\"" + command.commandId() + "\"}"
                : "{\"error\":\"" + jsonEscape(error) + "\"}");
        return true;
    }

    /** What a tool call comes to: a command to publish, or the error to give back to the model. */
    record Outcome(Command command, String errorJson) {
        static Outcome error(String message) {
            return new Outcome(null, "{\"error\":\"" + jsonEscape(message) + "\"}");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    /**
     * @param caller the caller's number (the default recipient of a text), nullable
     * @param called our number, the text's sender, nullable
     */
    static Outcome decide(ModelEvent.FunctionCallDone call, AgentProfile profile, String callSid, String caller,
            String called) {
        String name = call.name();
        if (!profile.tools().contains(name)) {
            return Outcome.error("unknown tool " + name);
        }
        JsonNode args;
        try {
            args = call.arguments() == null || call.arguments().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(call.arguments());
        } catch (IOException e) {
            return Outcome.error("arguments are not JSON");
        }
        String commandId = UUID.nameUUIDFromBytes((callSid + "|" + call.callId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        Instant at = Instant.now();
        switch (name) {
            case AgentProfile.END_CALL:
                return new Outcome(new HangUpCall(commandId, callSid, "the agent ended the call", at), null);
            case AgentProfile.TRANSFER_CALL:
                String to = args.path("to").asText("");
                if (to.isBlank() && profile.transferNumber() != null) {
                    to = profile.transferNumber(); // the agent's own transfer number
                }
                if (!E164.matcher(to).matches()) {
                    return Outcome.error("to must be an E.164 number such as +14155550123");
                }
                return new Outcome(new TransferCall(commandId, callSid, to, "the agent transferred the call", at),
                        null);
            case AgentProfile.SEND_SMS:
                String smsTo = args.path("to").asText("");
                if (smsTo.isBlank()) {
                    smsTo = caller;
                }
                String body = args.path("body").asText("");
                if (smsTo == null || !E164.matcher(smsTo).matches()) {
                    return Outcome.error("no E.164 number to send the message to");
                }
                if (body.isBlank() || body.length() > 1600) {
                    return Outcome.error("body must be 1 to 1600 characters");
                }
                return new Outcome(new MessageSendRequested(commandId, smsTo, called, null, body, List.of(), callSid,
                        at), null);
            default:
                return Outcome.error("unsupported tool");
        }
    }

    static String jsonEscape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
