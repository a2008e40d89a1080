package io.aicaller.bridge.session;

/**
 * How a request to an HTTP tool ended, as the adapter saw it.
 *
 * @param outcome {@code ok}, {@code http-error}, {@code timeout}, {@code too-large}, {@code unreachable},
 *        {@code tls}, {@code not-configured} or {@code failed}
 * @param httpStatus the status, when the endpoint answered
 * @param body the answer (ok only), already within the size cap
 * @param detail what went wrong, for the model and the log; never a secret
 */
public record ToolReply(String outcome, Integer httpStatus, String body, long latencyMs, String detail) {

    public static final String OK = "ok";
    public static final String HTTP_ERROR = "http-error";
    public static final String TIMEOUT = "timeout";
    public static final String TOO_LARGE = "too-large";
    public static final String UNREACHABLE = "unreachable";
    public static final String TLS = "tls";
    public static final String NOT_CONFIGURED = "not-configured";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(outcome);
    }
}
