package io.aicaller.gateway.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many refused webhooks (unsigned, forged, malformed) each source address may still send: a token bucket per
 * address that each refusal drains and time refills. An address whose bucket is empty is turned away before its body
 * is read or its signature computed, so a flood of junk costs almost nothing and cannot starve signed traffic from
 * other addresses. Twilio's own requests are never refused, so they never spend anything. Bounded: the addresses
 * seen longest ago are forgotten first. Pure and thread-safe; time is passed in.
 */
public final class RefusalBudget {

    private final double burst;
    private final double perNano;
    private final Map<String, Bucket> buckets;

    /**
     * @param burst refusals an address may collect before it is turned away
     * @param perSecond how fast its budget comes back
     * @param remembered how many addresses are tracked at once
     */
    public RefusalBudget(int burst, double perSecond, int remembered) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > remembered;
            }
        };
    }

    /** Whether {@code address} has spent its budget: its requests are refused unread. */
    public synchronized boolean exhausted(String address, long nanos) {
        Bucket bucket = buckets.get(address);
        return bucket != null && refill(bucket, nanos) < 1;
    }

    /** Records a refused request from {@code address}. */
    public synchronized void refused(String address, long nanos) {
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, nanos));
        bucket.tokens = Math.max(0, refill(bucket, nanos) - 1);
    }

    /** Seconds until {@code address} may send one more request. */
    public synchronized long retryAfterSeconds(String address, long nanos) {
        Bucket bucket = buckets.get(address);
        double missing = bucket == null ? 0 : 1 - refill(bucket, nanos);
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano / 1e9);
    }

    private double refill(Bucket bucket, long nanos) {
        bucket.tokens = Math.min(burst, bucket.tokens + (nanos - bucket.at) * perNano);
        bucket.at = nanos;
        return bucket.tokens;
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
