package io.aicaller.bridge.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the caller has heard of the model's audio. Every chunk sent to Twilio extends one timeline (mu-law bytes since
 * the call began, 8 per millisecond); each assistant item owns a span of it. An echoed mark proves the timeline
 * played up to where the mark was placed. On a barge-in, each item with unplayed audio is truncated at its own
 * offset: the item playing when the caller spoke at the played position, the items queued after it at 0, so the
 * model's memory holds exactly what was heard even with several items queued (a filler sentence, then the answer).
 * Pure and single-threaded.
 */
final class Playout {

    /** mu-law at 8 kHz. */
    static final int BYTES_PER_MS = 8;
    /** Items kept for truncation; older ones have long played. */
    private static final int MAX_ITEMS = 64;
    /** Interrupted items whose late audio is dropped; a call has few. */
    private static final int MAX_MUTED = 256;

    /** One truncation the model must hear about. */
    record Truncation(String itemId, int contentIndex, long audioEndMs) {
    }

    private static final class Item {
        final String id;
        final int contentIndex;
        final long start;
        long end;

        Item(String id, int contentIndex, long start) {
            this.id = id;
            this.contentIndex = contentIndex;
            this.start = start;
            this.end = start;
        }
    }

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final Set<String> muted = new LinkedHashSet<>();
    private final PendingMarks pendingMarks;
    private final long markEveryBytes;
    private long sent;
    private long played;
    private long marked;
    private long markSeq;

    /**
     * @param markIntervalMs 0: a mark after every chunk; otherwise after the chunk that completes each interval
     */
    Playout(int maxPendingMarks, long markIntervalMs) {
        this.pendingMarks = new PendingMarks(maxPendingMarks);
        this.markEveryBytes = Math.max(0, markIntervalMs) * BYTES_PER_MS;
    }

    /** Whether audio of this item must be dropped: the caller interrupted it. */
    boolean muted(String itemId) {
        return itemId != null && muted.contains(itemId);
    }

    /** A chunk of {@code bytes} of an item went to Twilio. An item without an id still plays; it cannot be truncated. */
    void sent(String itemId, int contentIndex, long bytes) {
        Item last = items.peekLast();
        if (last == null || !same(last.id, itemId) || last.contentIndex != contentIndex) {
            last = new Item(itemId, contentIndex, sent);
            items.addLast(last);
            if (items.size() > MAX_ITEMS) {
                items.removeFirst();
            }
        }
        sent += bytes;
        last.end = sent;
    }

    /** Whether a mark should follow what was just sent (every chunk, or once per interval). */
    boolean markDue() {
        return sent > marked && sent - marked >= markEveryBytes;
    }

    /** Whether audio was sent that no mark follows yet: a response's end needs one. */
    boolean unmarked() {
        return sent > marked;
    }

    /** Places a mark at the end of what was sent; returns its name. */
    String mark() {
        pendingMarks.add(++markSeq, sent);
        marked = sent;
        return "m" + markSeq;
    }

    /** Twilio echoed a mark: the timeline played up to it. Unknown names (flushed, forgotten, not ours) change nothing. */
    void echoed(String name) {
        long at = pendingMarks.echoed(markSeq(name));
        if (at >= 0) {
            played = Math.max(played, at);
            while (items.size() > 1 && items.peekFirst().end <= played) {
                items.removeFirst();
            }
        }
    }

    /** Whether everything sent is known to have played. */
    boolean allPlayed() {
        return played >= sent;
    }

    /** Whether Twilio still holds audio the caller has not heard. */
    boolean queued() {
        return sent > played;
    }

    /**
     * The caller started speaking. Returns the truncations to send: every item with audio the caller has not heard,
     * and, while a response is still producing it, the newest item even if all of it played. Those items are muted.
     * If Twilio still holds audio, the caller must also {@link #cleared() clear} it.
     */
    List<Truncation> interrupt(boolean responseRunning) {
        List<Truncation> truncations = new ArrayList<>();
        Item newest = items.peekLast();
        for (Iterator<Item> it = items.iterator(); it.hasNext();) {
            Item item = it.next();
            boolean unheard = item.end > played;
            if (item.id == null || muted.contains(item.id) || !unheard && !(responseRunning && item == newest)) {
                continue;
            }
            long heardBytes = Math.max(0, Math.min(played, item.end) - item.start);
            truncations.add(new Truncation(item.id, item.contentIndex, heardBytes / BYTES_PER_MS));
            mute(item.id);
        }
        return truncations;
    }

    /**
     * Twilio's buffer was cleared: what was queued will never play, so the timeline resumes where playback stopped,
     * and the marks Twilio echoes for the flushed audio are forgotten first.
     */
    void cleared() {
        pendingMarks.clear();
        sent = played;
        marked = played;
        items.removeIf(item -> item.start >= played);
        Item last = items.peekLast();
        if (last != null && last.end > played) {
            last.end = played;
        }
    }

    private void mute(String itemId) {
        if (muted.size() >= MAX_MUTED) {
            Iterator<String> oldest = muted.iterator();
            oldest.next();
            oldest.remove();
        }
        muted.add(itemId);
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The sequence number in one of our mark names ({@code m<seq>}), or -1. */
    private static long markSeq(String name) {
        if (name == null || name.length() < 2 || name.length() > 19 || name.charAt(0) != 'm') {
            return -1;
        }
        long seq = 0;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }
}
