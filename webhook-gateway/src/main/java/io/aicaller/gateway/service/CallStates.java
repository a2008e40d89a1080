package io.aicaller.gateway.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.gateway.twilio.CallStatuses;

/**
 * The latest status this replica saw per call, never moved backwards by a late callback. Bounded: the oldest calls
 * are forgotten first.
 */
@ApplicationScoped
public class CallStates {

    private static final int MAX_CALLS = 100_000;

    public record Transition(String previous, String current) {
        public boolean becameFinal() {
            return CallStatuses.isFinal(current) && !CallStatuses.isFinal(previous);
        }
    }

    private final Map<String, String> statuses = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_CALLS;
        }
    };

    public synchronized Transition observe(String callSid, String status) {
        String previous = statuses.get(callSid);
        String current = CallStatuses.advance(previous, status);
        statuses.put(callSid, current);
        return new Transition(previous, current);
    }

    public synchronized Optional<String> status(String callSid) {
        return Optional.ofNullable(statuses.get(callSid));
    }
}
