package io.aicaller.bridge.session;

/** A call's counters at one moment, for the service's metrics. */
public record CallCounts(long framesIn, long framesOut, long framesDropped, long unknownEvents, int interruptions) {
}
