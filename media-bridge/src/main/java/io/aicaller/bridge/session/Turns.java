package io.aicaller.bridge.session;

/**
 * Whose turn it is. The caller's speech takes the turn from the agent (barge-in); the agent is asked to speak when
 * something wants an answer and no response runs ({@link Responses}); the agent is done when no response runs and
 * every word it said has played. No I/O.
 */
final class Turns {

    private final Responses responses = new Responses();
    private final ModelRequests requests;
    private final AgentAudio agentAudio;
    private final CallFigures figures;

    Turns(ModelRequests requests, AgentAudio agentAudio, CallFigures figures) {
        this.requests = requests;
        this.agentAudio = agentAudio;
        this.figures = figures;
    }

    /** What the tools want answered goes through the same queue. */
    Responses responses() {
        return responses;
    }

    /**
     * Barge-in: cancel the running response, truncate every item at what the caller heard of it, clear what Twilio
     * still holds. What was waiting to be asked is dropped: the caller's turn comes first.
     */
    void callerStarted(long now) {
        figures.callerStarted(now);
        responses.forget();
        boolean running = responses.active();
        if (running) {
            requests.responseCancel();
        }
        agentAudio.interrupt(running).forEach(requests::truncate);
    }

    /** The model's turn detection heard the caller stop; the model answers on its own. */
    void callerStopped(long now) {
        figures.callerStopped(now);
    }

    /** The bridge heard the caller stop (the model's turn detection is off): the turn is committed and answered. */
    void callerFinished(long now) {
        figures.callerStopped(now);
        requests.commit();
        responses.want(null);
    }

    /** A keypad press is a turn of its own, told to the model as text. */
    void keypad(String digit) {
        requests.userText("The caller pressed the keypad key " + digit + ".");
        responses.want(null);
    }

    /** Something the model should answer; {@code instructions} (nullable) for that response only. */
    void want(String instructions) {
        responses.want(instructions);
    }

    /** Sends the wanted {@code response.create} unless a response runs; the session calls it once the model may speak. */
    void ask() {
        String instructions = responses.next();
        if (instructions != null) {
            requests.responseCreate(instructions);
        }
    }

    void responseCreated() {
        responses.created();
    }

    void responseDone() {
        responses.done();
        agentAudio.responseDone();
    }

    /** Our {@code response.create} was refused; see {@link Responses#refused}. */
    void responseRefused(String code, boolean serverFault, String instructions) {
        responses.refused(code, serverFault, instructions);
    }

    /** No response runs and the caller has heard everything the agent said. */
    boolean agentDone() {
        return !responses.active() && agentAudio.allPlayed();
    }
}
