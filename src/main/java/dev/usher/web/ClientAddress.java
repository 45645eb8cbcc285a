package dev.usher.web;

import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request comes from, as the per-address limits and the wrong-token log count it.
 * Usually the connection's peer. Behind the organizer's reverse proxies ({@code --trusted-proxy}),
 * whose connections all come from a few addresses, it is the client the proxies name in
 * {@code X-Forwarded-For}: read from the right, skipping the trusted proxies, the first address
 * none of them vouches for is the client's. A header from anyone else is not read (anyone can send
 * one), and an entry that is not an IP address ends the walk at the proxy that added it.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An address range: {@code 10.0.0.5} (one address) or {@code 10.0.0.0/24}. */
    record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;

    /** @param trustedProxies addresses or CIDR ranges (checked by {@link #check}); empty: the peer is the client */
    public ClientAddress(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            ranges.add(range(proxy));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** Checks {@code --trusted-proxy}'s entries; throws with a message fit for the command line. */
    public static List<String> check(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            range(proxy);
        }
        return List.copyOf(trustedProxies);
    }

    /** The client's address for {@code ctx}: Javalin's {@code ctx.ip()} resolves to this. */
    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = new ArrayList<>();
        for (String header : Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",")) {
                forwarded.add(entry.strip());
            }
        }
        String client = peer;
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            byte[] address = literal(forwarded.get(i));
            if (address == null) {
                return client;
            }
            client = forwarded.get(i);
            if (!isTrusted(address)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String peer) {
        byte[] address = literal(peer);
        return address != null && isTrusted(address);
    }

    private boolean isTrusted(byte[] address) {
        return trusted.stream().anyMatch(r -> r.contains(address));
    }

    static Range range(String text) {
        String wrong = "--trusted-proxy takes IP addresses or ranges, e.g. 10.0.0.5,10.0.1.0/24, not '" + text + "'";
        String[] parts = text.strip().split("/", -1);
        byte[] network = parts.length <= 2 ? literal(parts[0]) : null;
        if (network == null) {
            throw new IllegalArgumentException(wrong);
        }
        int bits = network.length * 8;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(wrong);
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException(wrong);
            }
        }
        return new Range(network, bits);
    }

    /**
     * The bytes of an IP address literal, or null. Only what has an address's shape reaches
     * {@link InetAddress#getByName}, which then parses it without asking DNS.
     */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        var v4 = IPV4.matcher(bare);
        if (v4.matches()) {
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(v4.group(g)) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(bare).matches()) {
            return null;
        }
        try {
            // Java reads an IPv4-mapped IPv6 address (::ffff:10.0.0.5) as the IPv4 address: one range matches both.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
