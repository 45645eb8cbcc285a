package dev.usher.web;

import io.javalin.http.Context;

import java.net.URI;

/**
 * The address other devices and attendees' phones reach this Usher at: for pairing links and the
 * links in ticket mails. The organizer's {@code --public-url} when set; else the address the staff
 * member used, switched to HTTPS when it is on, and an organizer on the laptop itself (localhost,
 * which no phone can reach) gets this machine's LAN address.
 */
public final class PublicOrigin {
    private final String publicUrl;
    private final int httpsPort;

    /**
     * @param publicUrl null, or e.g. {@code https://tickets.example.org} (no path, no trailing slash)
     * @param httpsPort where HTTPS listens, or -1
     */
    public PublicOrigin(String publicUrl, int httpsPort) {
        this.publicUrl = publicUrl == null ? null : check(publicUrl);
        this.httpsPort = httpsPort;
    }

    /** Checks and normalizes {@code --public-url}; throws with a message fit for the command line. */
    public static String check(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("--public-url is not a URL: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--public-url takes http(s)://host[:port][/path], e.g. https://tickets.example.org");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public String of(Context ctx) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String port = requestHostAndPort(ctx).substring(requestHost(ctx).length());
        String bare = reachableHost(ctx);
        if (httpsPort < 0) {
            return ctx.scheme() + "://" + bare + port;
        }
        return "https://" + bare + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    /** The host the request was sent to, without its port ({@code [::1]} keeps its brackets). */
    public static String requestHost(Context ctx) {
        String host = requestHostAndPort(ctx);
        return host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
    }

    /** The host the request was sent to, a loopback one replaced by this machine's LAN address, which other devices reach. */
    public static String reachableHost(Context ctx) {
        String bare = requestHost(ctx);
        if (isLoopback(bare)) {
            return Tls.localNames().stream().filter(n -> !isLoopback(n)).findFirst().orElse(bare);
        }
        return bare;
    }

    private static String requestHostAndPort(Context ctx) {
        return ctx.host() == null ? "localhost" : ctx.host();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
