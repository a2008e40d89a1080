package io.aicaller.numbers.webhooks;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * One subscription's deliveries waiting on this replica: a queue per order key (call), of which only the head may be
 * in flight, so a call's events arrive in order; at most {@code concurrency} in flight; at most {@code capacity}
 * held, so a dead receiver's backlog is bounded. Not thread-safe: one dispatcher thread drives every lane.
 */
public final class SubscriptionLane {

    /** A delivery and the pending-topic partition it was read from. */
    public record Item(PendingDelivery delivery, int partition) {
    }

    private static final class Queue {
        final String orderKey;
        final ArrayDeque<Item> items = new ArrayDeque<>();
        boolean inFlight;
        long since;

        Queue(String orderKey) {
            this.orderKey = orderKey;
        }

        Instant due() {
            return items.peekFirst().delivery().nextAttemptAt();
        }
    }

    private final int concurrency;
    private final int capacity;
    private final Map<String, Queue> queues = new HashMap<>();
    private final Set<String> keys = new HashSet<>();
    /** Waiting queues by due time, the longest waiting first among equals. */
    private final PriorityQueue<Queue> idle = new PriorityQueue<>(Comparator.comparing(Queue::due)
            .thenComparingLong(q -> q.since));
    private int inFlight;
    private long waits;

    public SubscriptionLane(int concurrency, int capacity) {
        this.concurrency = concurrency;
        this.capacity = capacity;
    }

    public enum Offer {
        QUEUED,
        DUPLICATE,
        FULL
    }

    public Offer offer(Item item) {
        String key = item.delivery().key();
        if (keys.contains(key)) {
            return Offer.DUPLICATE;
        }
        if (keys.size() >= capacity) {
            return Offer.FULL;
        }
        keys.add(key);
        Queue queue = queues.computeIfAbsent(item.delivery().orderKey(), Queue::new);
        queue.items.addLast(item);
        if (queue.items.size() == 1) {
            enqueueWaiting(queue);
        }
        return Offer.QUEUED;
    }

    public boolean contains(String key) {
        return keys.contains(key);
    }

    /** The deliveries to start now; each is in flight until {@link #finished} or {@link #retryLater}. */
    public List<Item> due(Instant now) {
        List<Item> start = new ArrayList<>();
        while (inFlight < concurrency && !idle.isEmpty() && !idle.peek().due().isAfter(now)) {
            Queue queue = idle.poll();
            queue.inFlight = true;
            inFlight++;
            start.add(queue.items.peekFirst());
        }
        return start;
    }

    /** When the next waiting delivery falls due (null when nothing waits, or all that waits is behind one in flight). */
    public Instant nextDue() {
        return idle.isEmpty() ? null : idle.peek().due();
    }

    /** The in-flight head of its call's queue is done (delivered or given up): the call's next event may go. */
    public void finished(PendingDelivery delivery) {
        Queue queue = release(delivery);
        if (queue == null) {
            return;
        }
        queue.items.pollFirst();
        keys.remove(delivery.key());
        if (queue.items.isEmpty()) {
            queues.remove(queue.orderKey);
        } else {
            enqueueWaiting(queue);
        }
    }

    /** The in-flight head failed and waits until {@code updated.nextAttemptAt()}; the call's later events wait too. */
    public void retryLater(PendingDelivery updated) {
        Queue queue = release(updated);
        if (queue == null) {
            return;
        }
        Item head = queue.items.pollFirst();
        queue.items.addFirst(new Item(updated, head.partition()));
        enqueueWaiting(queue);
    }

    private Queue release(PendingDelivery delivery) {
        Queue queue = queues.get(delivery.orderKey());
        if (queue == null || !queue.inFlight || queue.items.isEmpty()
                || !queue.items.peekFirst().delivery().key().equals(delivery.key())) {
            return null;
        }
        queue.inFlight = false;
        inFlight--;
        return queue;
    }

    /** Forgets what came from partitions this replica no longer owns (their new owner delivers them). */
    public void drop(IntPredicate partition) {
        idle.clear();
        queues.values().removeIf(queue -> {
            queue.items.removeIf(item -> {
                boolean gone = partition.test(item.partition());
                if (gone) {
                    keys.remove(item.delivery().key());
                }
                return gone;
            });
            if (queue.items.isEmpty()) {
                if (queue.inFlight) {
                    inFlight--;
                }
                return true;
            }
            return false;
        });
        queues.values()
                .stream()
                .filter(q -> !q.inFlight)
                .sorted(Comparator.comparingLong(q -> q.since))
                .forEach(idle::add);
    }

    private void enqueueWaiting(Queue queue) {
        queue.since = waits++;
        idle.add(queue);
    }

    public int size() {
        return keys.size();
    }

    public int inFlight() {
        return inFlight;
    }
}
