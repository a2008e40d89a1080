package io.aicaller.sandbox.phone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What happens on one call, as it happens, for live views: each item once, in order, to every follower; a follower
 * that joins late first gets what came before. Thread-safe.
 */
public final class CallFeed {

    /** {@code kind}: {@code log} (what the call did), {@code event}, {@code transcript} or {@code ended}. */
    public record Item(String kind, Instant at, String type, String summary) {
    }

    private final List<Item> items = new ArrayList<>();
    private final List<Consumer<Item>> followers = new ArrayList<>();

    synchronized void publish(Item item) {
        items.add(item);
        for (Consumer<Item> follower : followers) {
            follower.accept(item);
        }
    }

    /** Replays what came so far to {@code follower}, then follows; returns how to stop following. */
    public synchronized Runnable follow(Consumer<Item> follower) {
        items.forEach(follower);
        followers.add(follower);
        return () -> {
            synchronized (this) {
                followers.remove(follower);
            }
        };
    }
}
