package io.aicaller.bridge.session;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.events.Command;
import io.aicaller.events.Event;

/** Where a {@link CallSession}'s decisions go; the adapter does the I/O. */
public interface Outbox {

    void toTwilio(String message);

    /** Queued by the adapter until the model socket is open, so no caller audio is lost at call start. */
    void toModel(String message);

    /** Publishes an event whose id derives from {@code idParts}. */
    void publish(Event event, String... idParts);

    /**
     * Publishes a tool's command and reports back through {@link CallSession#onToolResult} once the broker
     * acknowledged it (or failed to).
     */
    void runTool(String callId, Command command);

    /**
     * Sends a request to one of the agent's HTTP tools, signed, and reports back through
     * {@link CallSession#onToolReply} on the call's thread, within the tool's timeout.
     */
    void callTool(String callId, AgentDefinition.HttpTool tool, String body);

    void closeModel();

    /** Calls {@link CallSession#onTimer} with {@code timer} after {@code delayMs}, on the call's thread. */
    void schedule(String timer, long delayMs);

    /** Ends the Media Stream from our side; with {@code <Connect><Stream>} that ends the call's TwiML. */
    void closeTwilio();
}
