package io.aicaller.bridge.session;

import io.aicaller.bridge.model.ModelEvent;

/**
 * What an {@code error} from the model means for the call, judged with the client event that caused it. A refused
 * {@code session.update} (or any refusal before the session is confirmed) and {@code session_expired} end the model
 * session; a refused {@code response.create} is asked again when it can succeed; server faults are tolerated unless
 * they repeat; request-level mistakes (cancelling nothing, truncating a finished item) are routine in a barge-in race.
 * Pure.
 */
final class ModelErrors {

    enum Verdict {
        SESSION_EXPIRED,
        SESSION_REFUSED,
        RESPONSE_REFUSED,
        SERVER_FAULT,
        TOLERATED
    }

    private ModelErrors() {
    }

    /** @param cause the client event the error names, or null when it names none we remember */
    static Verdict judge(ModelEvent.Error error, ModelRequests.Sent cause, boolean sessionConfirmed) {
        if ("session_expired".equals(error.code())) {
            return Verdict.SESSION_EXPIRED;
        }
        if (cause != null && "session.update".equals(cause.type())
                || !sessionConfirmed && (error.eventId() == null || cause == null)) {
            return Verdict.SESSION_REFUSED;
        }
        if (cause != null && "response.create".equals(cause.type())) {
            return Verdict.RESPONSE_REFUSED;
        }
        return isServerFault(error) ? Verdict.SERVER_FAULT : Verdict.TOLERATED;
    }

    static boolean isServerFault(ModelEvent.Error error) {
        return "server_error".equals(error.type());
    }

    /** The code (else the type), and the offending field when the API names one: for reasons and logs. */
    static String describe(ModelEvent.Error error) {
        String code = error.code() == null ? error.type() : error.code();
        return error.param() == null ? code : code + " (" + error.param() + ")";
    }
}
