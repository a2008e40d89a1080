package io.aicaller.bridge.session;

/**
 * The marks sent to Twilio and not yet echoed, oldest first: each mark's sequence number and the bytes of its item
 * sent when it was placed. A fixed ring: when full, the oldest is forgotten, so a peer that never echoes cannot grow
 * the call's memory; nothing is allocated per mark.
 */
final class PendingMarks {

    private final long[] seqs;
    private final long[] bytes;
    private int head;
    private int size;

    PendingMarks(int capacity) {
        seqs = new long[capacity];
        bytes = new long[capacity];
    }

    /** Sequence numbers only grow. */
    void add(long seq, long sentBytes) {
        if (size == seqs.length) {
            head = (head + 1) % seqs.length;
            size--;
        }
        int at = (head + size) % seqs.length;
        seqs[at] = seq;
        bytes[at] = sentBytes;
        size++;
    }

    /**
     * Twilio echoed mark {@code seq}: marks play in order, so it and every earlier one are done. Returns the bytes sent
     * when it was placed, or -1 (and forgets nothing) if it is not pending: flushed by a clear, forgotten, or not ours.
     */
    long echoed(long seq) {
        for (int i = 0; i < size; i++) {
            int at = (head + i) % seqs.length;
            if (seqs[at] == seq) {
                head = (at + 1) % seqs.length;
                size -= i + 1;
                return bytes[at];
            }
            if (seqs[at] > seq) {
                return -1;
            }
        }
        return -1;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    int size() {
        return size;
    }
}
