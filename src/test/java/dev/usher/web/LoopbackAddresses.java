package dev.usher.web;

/**
 * Source addresses for requests to routes limited per client address (registration, ticket pages,
 * kiosk scans): a different one each time, so the limits do not hide what the requests carry. All of
 * 127.0.0.0/8 is local on Linux; 127.0.0.1 itself is left to the other tests.
 */
final class LoopbackAddresses {
    private int next;

    /** 127.1.x.y, never the same twice in 62,500 calls. */
    String next() {
        int n = next++;
        return "127.1." + (n / 250) % 250 + "." + (n % 250 + 2);
    }
}
