package io.aicaller.numbers.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;

/**
 * Which events a subscription may ask for and gets: the business-facing ones (call lifecycle, transcripts, tools,
 * messages, numbers), not internal commands or work queues. A pattern is a type's name ({@code call.ended}), a
 * prefix ({@code message.*}) or {@code *}.
 */
public final class EventPatterns {

    /** The topics whose events can be delivered. */
    public static final List<String> SOURCE_TOPICS = List.of(Topics.CALLS_LIFECYCLE, Topics.CALLS_TRANSCRIPTS,
            Topics.MESSAGES_EVENTS, Topics.MESSAGES_OPT_OUTS, Topics.NUMBERS_LIFECYCLE);

    public static final Set<String> DELIVERABLE = Arrays.stream(EventType.values())
            .filter(t -> SOURCE_TOPICS.contains(t.topic()))
            .map(EventType::shortName)
            .collect(Collectors.toUnmodifiableSet());

    private EventPatterns() {
    }

    public static boolean matches(String pattern, String shortName) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return shortName.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(shortName);
    }

    public static boolean matchesAny(List<String> patterns, String shortName) {
        for (String pattern : patterns) {
            if (matches(pattern, shortName)) {
                return true;
            }
        }
        return false;
    }

    /** True when the pattern selects at least one deliverable type (a typo selects none). */
    public static boolean selectsSomething(String pattern) {
        return DELIVERABLE.stream().anyMatch(type -> matches(pattern, type));
    }
}
