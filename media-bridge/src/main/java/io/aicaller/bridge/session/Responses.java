package io.aicaller.bridge.session;

/**
 * When the bridge may ask the model to speak. The Realtime API runs one response at a time and refuses a
 * {@code response.create} while one is active ({@code conversation_already_has_active_response}), so a request made
 * while a response runs (a tool's result, a keypad digit) waits for that response's {@code response.done}. Pure: the
 * session asks {@link #next()} what to send and reports what the model said.
 */
final class Responses {

    /** A response.create we sent that the server refused for a passing fault is tried again, this many times. */
    private static final int MAX_RETRIES = 1;

    private boolean active;
    private boolean wanted;
    private String instructions;
    private int retries;

    boolean active() {
        return active;
    }

    /** Something the model should answer; {@code instructions} (nullable) for that response only. */
    void want(String instructions) {
        if (!wanted || this.instructions == null) {
            this.instructions = instructions;
        }
        wanted = true;
    }

    /** Like {@link #want}, but replaces a wanted response that has not been asked for and whose instructions are
     * {@code stale} (a filler sentence the tool's answer has overtaken). */
    void wantInstead(String stale, String instructions) {
        if (wanted && stale != null && stale.equals(this.instructions)) {
            this.instructions = instructions;
        } else {
            want(instructions);
        }
    }

    /**
     * The instructions of the response to create now (empty string for none), or null when nothing is wanted or a
     * response is running. Asking counts the response as running until its {@code response.done}.
     */
    String next() {
        if (!wanted || active) {
            return null;
        }
        wanted = false;
        active = true;
        String chosen = instructions == null ? "" : instructions;
        instructions = null;
        return chosen;
    }

    /** {@code response.created}: also the model's own, when its turn detection answers the caller. */
    void created() {
        active = true;
    }

    /** {@code response.done}, whatever its status. */
    void done() {
        active = false;
        retries = 0;
    }

    /** The caller spoke over the agent: what was wanted is stale, the model hears the caller's turn instead. */
    void forget() {
        wanted = false;
        instructions = null;
    }

    /**
     * Our {@code response.create} was refused. {@code another response is active}: ask again once it is done. A
     * server fault: ask again, a bounded number of times. Anything else: the request is dropped.
     */
    void refused(String code, boolean serverFault, String lastInstructions) {
        if ("conversation_already_has_active_response".equals(code)) {
            active = true;
            want(lastInstructions);
            return;
        }
        active = false;
        if (serverFault && retries < MAX_RETRIES) {
            retries++;
            want(lastInstructions);
        }
    }
}
