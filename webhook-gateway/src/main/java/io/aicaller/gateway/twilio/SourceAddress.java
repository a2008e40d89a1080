package io.aicaller.gateway.twilio;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who sent a request: the peer's address, or, when the peer is a trusted proxy (an ingress controller), the nearest
 * address in {@code X-Forwarded-For} that is not one. Trusted proxies are addresses or CIDR ranges
 * ({@code 10.0.0.0/8}); loopback always is. Pure: no I/O (addresses are parsed as literals, never looked up).
 */
public final class SourceAddress {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final int CACHED = 4096;

    private final List<Range> trusted;
    /** Verdicts for addresses seen recently: the same few peers (proxies, Twilio's edges) ask again and again. */
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    /** Loopback is always trusted: a sidecar proxy in the pod (a service mesh), and the gateway's own warm-up. */
    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

    public SourceAddress(List<String> trustedProxies) {
        this.trusted = java.util.stream.Stream.concat(LOOPBACK.stream(), trustedProxies.stream())
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Range::parse)
                .toList();
    }

    /** @param forwardedFor the {@code X-Forwarded-For} header, or null */
    public String of(String peer, String forwardedFor) {
        if (peer == null || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    public boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        Boolean known = verdicts.get(address);
        if (known != null) {
            return known;
        }
        byte[] bytes = literal(address);
        boolean verdict = bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
        if (verdicts.size() >= CACHED) {
            verdicts.clear(); // a flood of new addresses: start over rather than grow
        }
        verdicts.put(address, verdict);
        return verdict;
    }

    /** The address's bytes when it is an IP literal; null otherwise (never a DNS lookup). */
    static byte[] literal(String address) {
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!V4.matcher(a).matches() && !V6.matcher(a).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    record Range(byte[] network, int bits) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text);
            }
            int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + text);
            }
            return new Range(address, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
