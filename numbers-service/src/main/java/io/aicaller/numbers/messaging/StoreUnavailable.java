package io.aicaller.numbers.messaging;

/**
 * The broker did not take or give back one of the service's tables in time: answered 503 with
 * {@code <store>-unavailable}, nothing changed is claimed.
 */
public class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String store;

    StoreUnavailable(String store, String message) {
        super(message);
        this.store = store;
    }

    /** Which table: {@code agents}, {@code subscriptions} or {@code webhook-failures}. */
    public String store() {
        return store;
    }
}
