package io.aicaller.bridge.session;

import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.events.Command;

/**
 * Where a function call goes: the agent's HTTP tools first, then the built-in ones; and when the model is asked to
 * answer a tool's outcome (a filler sentence a tool's answer has overtaken is dropped). Every method returns whether
 * a response is now wanted, so the session asks once it is free. No I/O.
 */
final class ToolDispatch {

    private final ToolCalls builtIn;
    private final HttpToolCalls http;
    private final Responses responses;

    ToolDispatch(Outbox out, ModelRequests requests, Responses responses) {
        this.builtIn = new ToolCalls(out, requests);
        this.http = new HttpToolCalls(out, requests);
        this.responses = responses;
    }

    boolean onCall(ModelEvent.FunctionCallDone call, AgentProfile agent, HttpToolCalls.CallContext context,
            long goodbyeTimeoutMs, long now) {
        if (!"completed".equals(call.status()) || call.callId() == null) {
            return false; // an interrupted call may carry cut-off arguments
        }
        if (http.onCall(call, agent, context, now)) {
            return false;
        }
        if (builtIn.onCall(call, agent, context.callSid(), context.from(), context.to(), goodbyeTimeoutMs)) {
            responses.want(null);
            return true;
        }
        return false;
    }

    /** The broker acknowledged (or refused) a built-in tool's command. */
    boolean onResult(String callId, Command command, String error) {
        if (builtIn.onResult(callId, command, error)) {
            responses.want(null);
            return true;
        }
        return false;
    }

    /** An HTTP tool answered or failed. */
    boolean onReply(String callId, ToolReply reply, AgentProfile agent, HttpToolCalls.CallContext context,
            long now) {
        String filler = http.fillerOf(callId);
        if (http.onReply(callId, reply, agent, context, now)) {
            responses.wantInstead(filler == null ? null : fillerInstructions(filler), null);
            return true;
        }
        return false;
    }

    /** A timer of {@link Outbox#schedule}: whether it was a filler timer whose tool is still running. */
    boolean onTimer(String timer) {
        if (!timer.startsWith(HttpToolCalls.FILLER_TIMER_PREFIX)) {
            return false;
        }
        String filler = http.fillerDue(timer);
        if (filler == null) {
            return false;
        }
        responses.want(fillerInstructions(filler));
        return true;
    }

    void hangUpIf(boolean goodbyePlayed) {
        builtIn.hangUpIf(goodbyePlayed);
    }

    void hangUpNow() {
        builtIn.hangUpNow();
    }

    static String fillerInstructions(String filler) {
        return "While a tool runs, say exactly this and nothing else: " + filler;
    }
}
